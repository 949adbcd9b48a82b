package plot

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// ladderStream is a ladder stream (rbm-train -ladder) of the spectrum
// fixture's run with rungs at the given (epoch, step).
func ladderStream(t *testing.T, h format.Header, at [][2]int64) []byte {
	var rows []format.Snapshot
	for i, r := range at {
		acc := 0.3
		if i == 0 {
			acc = math.NaN()
		}
		rows = append(rows, format.Snapshot{Epoch: r[0], Step: r[1], W: make([]float32, fixN*fixM),
			A: make([]float32, fixN), B: make([]float32, fixM), ReconError: math.NaN(), PseudoLogLik: math.NaN(),
			Rung: int64(i), LadderAcceptance: acc})
	}
	return write(t, h, rows, format.Include(format.LadderColumns...))
}

// The modes figure given the run's ladder stream draws one line per rung
// at its training time: the spectrum fixture's snapshots are at steps 0,
// 10, 20 of epochs 0, 1, 2 (10 updates an epoch), so a rung at step 3
// (epoch 0 completed) is at 0.3 epochs and one at step 17 (epoch 1) at
// 1.7; without the ladder there are no rung lines, and the mode lines do
// not move.
func TestSpectrumModesMarksLadderRungs(t *testing.T) {
	at := [][2]int64{{0, 0}, {0, 3}, {1, 17}, {2, 20}}
	want := []float64{0, 0.3, 1.7, 2}
	spec := spectrumStream(t)
	fig := build(t, "modes", Options{Modes: 2}, open(t, spec, "spectrum"), open(t, ladderStream(t, fixHeader(), at), "ladder"))
	p := fig.Panels[0][0]
	var rungs []*Rungs
	for _, s := range p.Series {
		if r, ok := s.Plotter.(*Rungs); ok {
			rungs = append(rungs, r)
			if !strings.HasPrefix(s.Name, "ladder rung (4,") {
				t.Errorf("legend %q, want it to count the 4 rungs", s.Name)
			}
		}
	}
	if len(rungs) != 1 || len(rungs[0].X) != len(want) {
		t.Fatalf("rung plotters %v, want one with %d lines", rungs, len(want))
	}
	for i, x := range rungs[0].X {
		if !near(x, want[i]) {
			t.Errorf("rung %d at %v epochs, want %v", i, x, want[i])
		}
	}
	// The mode lines are where they are without the ladder.
	with := lines(p)["mode 14"].XYs
	plain := build(t, "modes", Options{Modes: 2}, open(t, spec, "spectrum"))
	for _, s := range plain.Panels[0][0].Series {
		if _, ok := s.Plotter.(*Rungs); ok {
			t.Errorf("rungs drawn without a ladder stream")
		}
	}
	for i, xy := range lines(plain.Panels[0][0])["mode 14"].XYs {
		if xy != with[i] {
			t.Errorf("mode 14 point %d: %v with the ladder, %v without", i, with[i], xy)
		}
	}
	// The figure renders with its rungs.
	var buf bytes.Buffer
	if err := fig.Render(&buf, 0, 0, "svg"); err != nil || buf.Len() == 0 {
		t.Fatalf("render: %v, %d bytes", err, buf.Len())
	}
}

func TestSpectrumModesLadderErrors(t *testing.T) {
	spec := func() Input { return open(t, spectrumStream(t), "spectrum.arrows") }
	ladder := func(h format.Header, name string) Input {
		return open(t, ladderStream(t, h, [][2]int64{{0, 0}}), name)
	}
	other := fixHeader()
	other.Replica = 3
	for _, tc := range []struct {
		name string
		ins  func() []Input
		want string
	}{
		{"a run's main stream", func() []Input {
			return []Input{spec(), open(t, checkpointStream(t, fixHeader(), 1), "run.arrows")}
		}, "run.arrows: a checkpoint stream without the rung column"},
		{"another run's ladder", func() []Input { return []Input{spec(), ladder(other, "ladder.arrows")} }, "ladder.arrows is of another run"},
		{"two ladders", func() []Input { return []Input{spec(), ladder(fixHeader(), "a"), ladder(fixHeader(), "b")} }, "draws one stream"},
		{"ladder first", func() []Input { return []Input{ladder(fixHeader(), "ladder.arrows"), spec()} }, "reads its spectrum streams first"},
	} {
		_, err := Build(tc.ins(), "modes", Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
