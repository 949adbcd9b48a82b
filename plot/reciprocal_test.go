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
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// reciprocalStream is a spectrum with the histograms of x that rbm-svd
// -data writes: snapshots at epochs 0, 1, 2 of four modes, the mode at
// rank r of snapshot s having id (r+s)%4 and σ = 4−r+s. Its x are 500
// draws from N(id, (1+s)²), except mode 1 at snapshot 2, which has ten
// values far out (beyond mean ± 4 sd). With unsampled, snapshot 0 has no
// statistics, as when rbm-svd -data reads samples of other snapshots.
func reciprocalStream(t *testing.T, unsampled bool) ([]byte, map[[2]int64]format.Mode) {
	t.Helper()
	r := rng.New(3, 0, "reciprocal fixture")
	h := fixHeader()
	h.Set("data_kind", "dataset")
	var rows []format.Mode
	byKey := map[[2]int64]format.Mode{}
	for s := int64(0); s < 3; s++ {
		for rank := int64(0); rank < 4; rank++ {
			id := (rank + s) % 4
			m := format.Mode{Snapshot: s, Epoch: s, Step: 10 * s, Rank: rank, ModeID: id, Sigma: float64(4 - rank + s),
				Overlap: math.NaN(), IPRU: math.NaN(), IPRV: math.NaN(), A0: math.NaN(), B0: math.NaN()}
			if s == 0 && unsampled {
				nan := math.NaN()
				m.PC, m.XMean, m.XVar, m.XKSP, m.XHistLo, m.XHistHi = -1, nan, nan, nan, nan, nan
			} else {
				x := make([]float64, 500)
				for i := range x {
					x[i] = float64(id) + float64(1+s)*r.NormFloat64()
				}
				if s == 2 && id == 1 {
					for i := range 10 {
						x[i] = 100 + float64(i)
					}
				}
				st := spectral.Describe(x)
				m.XMean, m.XVar, m.XSkew, m.XKurt, m.XKS, m.XKSP = st.Mean, st.Variance, st.Skewness, st.ExcessKurtosis, st.KS, st.KSPValue
				m.XHistLo, m.XHistHi = st.NormalRange(format.HistWidth)
				m.XHist, m.XHistOut = spectral.Histogram(x, m.XHistLo, m.XHistHi, 20)
			}
			rows = append(rows, m)
			byKey[[2]int64{s, id}] = m
		}
	}
	return write(t, h, rows, format.Omit("u", "v")), byKey
}

// checkReciprocalPanel compares a panel with the mode it draws: the
// histogram's bars are the counts over (sample size × bin width), so
// their area is the share of the sample inside the range (1 when none is
// outside), and the curve is the normal density of the mode's mean and
// variance.
func checkReciprocalPanel(t *testing.T, p *Panel, m format.Mode) {
	t.Helper()
	hists, curves := p.Find("histogram"), p.Find("normal")
	if len(hists) != 1 || len(curves) != 1 {
		t.Fatalf("mode %d: %d histograms and %d curves, want one of each", m.ModeID, len(hists), len(curves))
	}
	hist := hists[0].(*plotter.Histogram)
	total := m.XHistOut
	for _, c := range m.XHist {
		total += c
	}
	w := (m.XHistHi - m.XHistLo) / float64(len(m.XHist))
	if len(hist.Bins) != len(m.XHist) {
		t.Fatalf("mode %d: %d bars, want %d", m.ModeID, len(hist.Bins), len(m.XHist))
	}
	area := 0.0
	for i, b := range hist.Bins {
		if !near(b.Min, m.XHistLo+float64(i)*w) || !near(b.Max, m.XHistLo+float64(i+1)*w) {
			t.Errorf("mode %d bar %d spans [%g, %g], want [%g, %g]", m.ModeID, i, b.Min, b.Max, m.XHistLo+float64(i)*w, m.XHistLo+float64(i+1)*w)
		}
		if want := float64(m.XHist[i]) / (float64(total) * w); !near(b.Weight, want) {
			t.Errorf("mode %d bar %d: density %g, want %g", m.ModeID, i, b.Weight, want)
		}
		area += b.Weight * (b.Max - b.Min)
	}
	if want := float64(total-m.XHistOut) / float64(total); !near(area, want) {
		t.Errorf("mode %d: histogram area %g, want %g", m.ModeID, area, want)
	}
	if m.XHistOut == 0 && !near(area, 1) {
		t.Errorf("mode %d: histogram area %g with no value outside, want 1", m.ModeID, area)
	}
	curve := curves[0].(*NormalCurve)
	if curve.Mean != m.XMean || curve.Variance != m.XVar || curve.Lo != m.XHistLo || curve.Hi != m.XHistHi {
		t.Errorf("mode %d: normal curve N(%g, %g) over [%g, %g], want N(%g, %g) over [%g, %g]", m.ModeID,
			curve.Mean, curve.Variance, curve.Lo, curve.Hi, m.XMean, m.XVar, m.XHistLo, m.XHistHi)
	}
	// The curve is the normal density: its values, and its integral over
	// mean ± 4 sd (trapezoids), erf(4/√2).
	sd := math.Sqrt(m.XVar)
	for _, z := range []float64{-2, -0.5, 0, 1, 3} {
		x := m.XMean + z*sd
		if want := math.Exp(-z*z/2) / (sd * math.Sqrt(2*math.Pi)); !near(curve.F(x), want) {
			t.Errorf("mode %d: density at mean %+g sd = %g, want %g", m.ModeID, z, curve.F(x), want)
		}
	}
	const steps = 4000
	integral := 0.0
	for i := range steps {
		a := curve.Lo + (curve.Hi-curve.Lo)*float64(i)/steps
		b := curve.Lo + (curve.Hi-curve.Lo)*float64(i+1)/steps
		integral += (curve.F(a) + curve.F(b)) / 2 * (b - a)
	}
	if want := math.Erf(4 / math.Sqrt2); math.Abs(integral-want) > 1e-6 {
		t.Errorf("mode %d: the curve integrates to %g over its range, want %g", m.ModeID, integral, want)
	}
	for _, want := range []string{fmt.Sprintf("mode %d (rank %d)", m.ModeID, m.Rank), fmt.Sprintf("σ = %.3g", m.Sigma), "KS p " + pValue(m.XKSP)} {
		if !strings.Contains(p.Title.Text, want) {
			t.Errorf("panel title %q does not say %q", p.Title.Text, want)
		}
	}
	if out := fmt.Sprintf("%d of %d values beyond", m.XHistOut, total); strings.Contains(p.Title.Text, out) != (m.XHistOut > 0) {
		t.Errorf("panel title %q and %d values outside", p.Title.Text, m.XHistOut)
	}
}

func TestSpectrumReciprocal(t *testing.T) {
	stream, modes := reciprocalStream(t, false)
	for _, tc := range []struct {
		name      string
		snapshots string
		modes     int
		ids       []int64
		want      [][][2]int64 // rows of panels: (snapshot, mode id)
	}{
		{"default: the last snapshot's top 6 (of 4)", "", 0, nil, [][][2]int64{{{2, 2}, {2, 3}, {2, 0}}, {{2, 1}}}},
		{"top 2 at the first and last snapshots", "first,last", 2, nil, [][][2]int64{{{0, 0}, {0, 1}}, {{2, 2}, {2, 3}}}},
		{"ids 3 and 1 at epoch 1", "1", 0, []int64{3, 1}, [][][2]int64{{{1, 3}, {1, 1}}}},
		{"id 1 everywhere", "all", 0, []int64{1}, [][][2]int64{{{0, 1}}, {{1, 1}}, {{2, 1}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := ParseSnapshots(tc.snapshots)
			if err != nil {
				t.Fatal(err)
			}
			fig := build(t, "reciprocal", Options{Snapshots: sel, Modes: tc.modes, ModeIDs: tc.ids}, open(t, stream, "spec"))
			if len(fig.Panels) != len(tc.want) {
				t.Fatalf("%d rows of panels, want %d", len(fig.Panels), len(tc.want))
			}
			for i, row := range tc.want {
				if len(fig.Panels[i]) != len(row) {
					t.Fatalf("row %d: %d panels, want %d", i, len(fig.Panels[i]), len(row))
				}
				for j, key := range row {
					p := fig.Panels[i][j]
					checkReciprocalPanel(t, p, modes[key])
					if several := len(tc.want) > 1 && tc.snapshots != ""; several != strings.Contains(p.Title.Text, fmt.Sprintf("epoch %d:", key[0])) {
						t.Errorf("panel title %q: epoch shown %v, want %v", p.Title.Text, !several, several)
					}
				}
			}
			for _, want := range []string{"500 examples of the dataset", "M = 6", "replica 2", "seed 7"} {
				if !strings.Contains(fig.Title, want) {
					t.Errorf("figure title %q does not say %q", fig.Title, want)
				}
			}
		})
	}
	// One snapshot: its epoch is in the figure title; and it renders.
	sel, _ := ParseSnapshots("1")
	fig := build(t, "reciprocal", Options{Snapshots: sel}, open(t, stream, "spec"))
	if !strings.Contains(fig.Title, "epoch 1 (step 10)") {
		t.Errorf("figure title %q does not name the snapshot", fig.Title)
	}
	var buf bytes.Buffer
	if err := fig.Render(&buf, 0, 0, "png"); err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.Decode(&buf); err != nil || cfg.Bounds().Dx() < 500 {
		t.Fatalf("png: %v", err)
	}
}

func TestSpectrumReciprocalErrors(t *testing.T) {
	stream, _ := reciprocalStream(t, false)
	unsampled, _ := reciprocalStream(t, true)
	// What rbm-svd writes without -data.
	noData := write(t, fixHeader(), []format.Mode{{Sigma: 1, Overlap: math.NaN(), IPRU: math.NaN(), IPRV: math.NaN(), A0: math.NaN(), B0: math.NaN()}},
		format.Omit("u", "v"), format.Omit(format.DataColumns...))
	first, _ := ParseSnapshots("first")
	seven, _ := ParseSnapshots("7")
	for _, tc := range []struct {
		name   string
		stream []byte
		opt    Options
		want   string
	}{
		{"no histograms", noData, Options{}, "no histograms of the reciprocal variables (column x_hist): write it with rbm-svd -data"},
		{"an id not written", stream, Options{ModeIDs: []int64{9}}, "mode id 9 is not in the spectrum at epoch 2"},
		{"a snapshot not sampled", unsampled, Options{Snapshots: first}, "no histogram of x at epoch 0"},
		{"no such epoch", stream, Options{Snapshots: seven}, "no snapshot at epoch 7; the stream has epochs 0, 1, 2"},
	} {
		_, err := Build([]Input{open(t, tc.stream, "spec")}, "reciprocal", tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	// The sampled snapshots of the same stream draw.
	last, _ := ParseSnapshots("1,last")
	if _, err := Build([]Input{open(t, unsampled, "spec")}, "reciprocal", Options{Snapshots: last}); err != nil {
		t.Errorf("sampled snapshots: %v", err)
	}
}

func TestParseModeIDs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int64
		err  string
	}{
		{"", nil, ""},
		{"3", []int64{3}, ""},
		{" 12, 0 ,7", []int64{12, 0, 7}, ""},
		{"1,x", nil, `mode id "x": want an integer ≥ 0`},
		{"-1", nil, `mode id "-1"`},
		{"2,2", nil, "mode id 2 given twice"},
	} {
		got, err := ParseModeIDs(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}
