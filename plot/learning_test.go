package plot

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
)

// fixTestLogLik is the test log-likelihood of replica r at snapshot s of
// the trajectory checkpoint fixture: rising, and apart between replicas.
func fixTestLogLik(s, r int) float64 { return -200 + 30*float64(s) - 5*float64(r*r) }

// fixEntropy is the entropy of replica r at snapshot s: falling.
func fixEntropy(s, r int) float64 { return 500 - 40*float64(s) + 3*float64(r) }

// trajectoryStream is the checkpoint fixture of replica h.Replica with the
// log Z columns (cols, all of them when nil) that rbm-train -logz writes.
func trajectoryStream(t *testing.T, h format.Header, cols []string) []byte {
	if cols == nil {
		cols = format.TrajectoryColumns
	}
	var rows []format.Snapshot
	for s := range fixEpochs {
		rows = append(rows, format.Snapshot{Epoch: fixEpochs[s], Step: fixSteps[s], W: make([]float32, fixN*h.Hidden),
			A: make([]float32, fixN), B: make([]float32, h.Hidden), ReconError: math.NaN(), PseudoLogLik: math.NaN(),
			LogZ: 10 + float64(s), LogZStdErr: 0.1, TrainLogLik: fixTestLogLik(s, h.Replica) + 1, TestLogLik: fixTestLogLik(s, h.Replica),
			Entropy: fixEntropy(s, h.Replica)})
	}
	return write(t, h, rows, format.Include(cols...))
}

// eventStream is an mpfit stream of summaries only, at the checkpoint
// fixture's snapshots, with the given counts of outliers and of modes past
// the threshold.
func eventStream(t *testing.T, h format.Header, outliers, unstable []int64) []byte {
	var rows []format.Fit
	for s := range outliers {
		sm := blankFit("summary", int64(s))
		sm.Epoch, sm.Step = fixEpochs[s], fixSteps[s]
		sm.S2, sm.SigmaLo, sm.SigmaHi, sm.Cutoff, sm.Threshold = 0.01, 0.9, 2.1, 2.2, 4
		sm.Outliers, sm.Unstable = outliers[s], unstable[s]
		rows = append(rows, sm)
	}
	return write(t, h, rows)
}

// scatters returns the panel's scatter plotters by name.
func scatters(p *Panel) map[string]*plotter.Scatter {
	out := map[string]*plotter.Scatter{}
	for _, s := range p.Series {
		if sc, ok := s.Plotter.(*plotter.Scatter); ok && s.Name != "" {
			out[s.Name] = sc
		}
	}
	return out
}

func TestLearningCurves(t *testing.T) {
	var runs [][]byte
	for r := 0; r < 3; r++ { // replicas 0, 1, 2 of M = 6
		h := fixHeader()
		h.Replica = r
		runs = append(runs, trajectoryStream(t, h, nil))
	}
	big := fixHeader()
	big.Hidden, big.Replica = 12, 0
	runs = append(runs, trajectoryStream(t, big, nil))
	// Inputs are read once: each figure opens its own.
	opened := func() []Input {
		var ins []Input
		for i, r := range runs {
			ins = append(ins, open(t, r, fmt.Sprint("run", i)))
		}
		return ins
	}
	ins := opened()
	// Replica 0 of M = 6: a mode leaves at epoch 1, two more at epoch 4,
	// one crosses at epoch 2; replica 1: two leave at epoch 2. M = 12: one
	// leaves at epoch 1 and crosses at epoch 4.
	h0, h1 := fixHeader(), fixHeader()
	h0.Replica, h1.Replica = 0, 1
	ins = append(ins,
		open(t, eventStream(t, h0, []int64{0, 1, 1, 3}, []int64{0, 0, 1, 1}), "fit0"),
		open(t, eventStream(t, h1, []int64{0, 0, 2, 2}, []int64{0, 0, 0, 0}), "fit1"),
		open(t, eventStream(t, big, []int64{0, 1, 1, 1}, []int64{0, 0, 0, 1}), "fitbig"))
	fig := build(t, "learning", Options{}, ins...)
	p := fig.Panels[0][0]
	ls := lines(p)
	small, large := ls["M = 6 (3 replicas)"], ls["M = 12"]
	if small == nil || large == nil {
		t.Fatalf("lines %v", keys(ls))
	}
	// The plotted points are the streams' values: the mean over the
	// replicas (time in epochs equals the epoch at 10 steps per epoch),
	// the band their range.
	var band *plotter.Polygon
	for _, s := range p.Series {
		if b, ok := s.Plotter.(*plotter.Polygon); ok && band == nil {
			band = b
		}
	}
	if band == nil {
		t.Fatal("no band for the replicas of M = 6")
	}
	n := len(fixEpochs)
	ring := band.XYs[0]
	for s := 0; s < n; s++ {
		want := (fixTestLogLik(s, 0) + fixTestLogLik(s, 1) + fixTestLogLik(s, 2)) / 3
		if xy := small.XYs[s]; xy.X != float64(fixEpochs[s]) || !near(xy.Y, want) {
			t.Errorf("M = 6 point %d = %v, want (%d, %v)", s, xy, fixEpochs[s], want)
		}
		lo, hi := ring[s], ring[2*n-1-s]
		if !near(lo.Y, fixTestLogLik(s, 2)) || !near(hi.Y, fixTestLogLik(s, 0)) || lo.X != float64(fixEpochs[s]) {
			t.Errorf("band at %d = [%v, %v], want [%v, %v]", s, lo, hi, fixTestLogLik(s, 2), fixTestLogLik(s, 0))
		}
		if xy := large.XYs[s]; xy.X != float64(fixEpochs[s]) || xy.Y != fixTestLogLik(s, 0) {
			t.Errorf("M = 12 point %d = %v, want (%d, %v)", s, xy, fixEpochs[s], fixTestLogLik(s, 0))
		}
	}
	// The events sit on the mean curve at the epochs where a count rose.
	sc := scatters(p)
	for _, tc := range []struct {
		name   string
		curve  *plotter.Line
		epochs []float64
	}{
		{"M = 6: a mode leaves the MP bulk", small, []float64{1, 2, 4}},
		{"M = 6: a mode crosses σ = 4", small, []float64{2}},
		{"M = 12: a mode leaves the MP bulk", large, []float64{1}},
		{"M = 12: a mode crosses σ = 4", large, []float64{4}},
	} {
		marks := sc[tc.name]
		if marks == nil {
			t.Errorf("no marks %q among %v", tc.name, keys(sc))
			continue
		}
		var got []float64
		for _, xy := range marks.XYs {
			got = append(got, xy.X)
			i := slices.Index(fixEpochs, int64(xy.X))
			if i < 0 || xy.Y != tc.curve.XYs[i].Y {
				t.Errorf("%s: mark %v off the curve", tc.name, xy)
			}
		}
		if !slices.Equal(got, tc.epochs) {
			t.Errorf("%s at epochs %v, want %v", tc.name, got, tc.epochs)
		}
	}
	if !strings.Contains(p.X.Label.Text, "training time (epochs)") {
		t.Errorf("x label %q is not the order parameter's time axis", p.X.Label.Text)
	}
	for _, f := range []struct {
		format, magic string
	}{{"png", "\x89PNG\r\n\x1a\n"}, {"svg", "<?xml"}} {
		var buf bytes.Buffer
		if err := fig.Render(&buf, 0, 0, f.format); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(f.magic)) {
			t.Errorf("%s starts with %q", f.format, buf.Bytes()[:8])
		}
		if f.format == "png" {
			if _, err := png.DecodeConfig(&buf); err != nil {
				t.Errorf("png: %v", err)
			}
		}
	}
	// Below, the entropy of the same runs on the same time axis.
	if len(fig.Panels) != 2 {
		t.Fatalf("%d rows of panels, want the learning curves above the entropy", len(fig.Panels))
	}
	es := lines(fig.Panels[1][0])
	for s := range fixEpochs {
		want := (fixEntropy(s, 0) + fixEntropy(s, 1) + fixEntropy(s, 2)) / 3
		if xy := es["M = 6 (3 replicas)"].XYs[s]; xy.X != float64(fixEpochs[s]) || !near(xy.Y, want) {
			t.Errorf("entropy of M = 6 at %d = %v, want (%d, %v)", s, xy, fixEpochs[s], want)
		}
	}
	// Checkpoints written before the entropy columns: no entropy panel.
	old := build(t, "learning", Options{}, open(t, trajectoryStream(t, fixHeader(), []string{"logz", "logz_se", "test_loglik"}), "old"))
	if len(old.Panels) != 1 {
		t.Errorf("%d rows of panels without an entropy column, want 1", len(old.Panels))
	}
	// Without mpfit streams: the curves alone.
	fig = build(t, "learning", Options{}, opened()...)
	if len(scatters(fig.Panels[0][0])) != 0 {
		t.Errorf("marks without mpfit streams: %v", keys(scatters(fig.Panels[0][0])))
	}
}

func TestLearningCurvesRefuses(t *testing.T) {
	h := fixHeader()
	other := fixHeader()
	other.Hidden = 12
	for _, tc := range []struct {
		name string
		ins  func() []Input
		want string
	}{
		{"no log Z columns", func() []Input { return []Input{open(t, checkpointStream(t, h, 1), "plain")} },
			"plain: the checkpoints hold no log Z columns (logz, test_loglik): train with rbm-train -logz -test-data"},
		{"no test set", func() []Input {
			return []Input{open(t, trajectoryStream(t, h, []string{"logz", "logz_se", "train_loglik"}), "notest")}
		}, "notest: the checkpoints hold log Z but no test_loglik column"},
		{"mpfit first", func() []Input {
			return []Input{open(t, eventStream(t, h, []int64{0, 1}, []int64{0, 0}), "fit"), open(t, trajectoryStream(t, h, nil), "run")}
		}, "the learning figure reads its checkpoint streams first, then mpfit streams; fit comes before run"},
		{"mpfit of another size", func() []Input {
			return []Input{open(t, trajectoryStream(t, h, nil), "run"), open(t, eventStream(t, other, []int64{0, 1}, []int64{0, 0}), "fit")}
		}, "mpfit streams of M = 12 have no checkpoint stream"},
		{"a snapshot the checkpoints lack", func() []Input {
			rows := []format.Fit{blankFit("summary", 0), blankFit("summary", 7)}
			rows[0].Outliers, rows[1].Outliers, rows[0].Unstable, rows[1].Unstable = 0, 1, 0, 0
			return []Input{open(t, trajectoryStream(t, h, nil), "run"), open(t, write(t, h, rows), "fit")}
		}, "has a snapshot at step 70 that its checkpoints lack"},
		{"another kind beside", func() []Input {
			return []Input{open(t, trajectoryStream(t, h, nil), "run"), open(t, datasetStream(t, 3), "data")}
		}, "a figure draws streams of one kind"},
	} {
		_, err := Build(tc.ins(), "learning", Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
