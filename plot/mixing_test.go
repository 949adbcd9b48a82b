package plot

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
)

// mixingStream writes a mixing stream of two columns of three rungs over
// four rounds; rungs[t][c][w] is column c's walker w's rung after round
// t+1; the rungs' epochs are −1, 3, 7 and their fills 0 unless given.
func mixingStream(t *testing.T, rungs [][][]int64, withRungRows bool, epochsFills ...[]float64) []byte {
	epochs, fills := []int64{-1, 3, 7}, []float64{0, 0, 0}
	if len(epochsFills) == 2 {
		for k, e := range epochsFills[0] {
			epochs[k] = int64(e)
		}
		fills = epochsFills[1]
	}
	t.Helper()
	var buf bytes.Buffer
	w, err := format.NewWriter[format.MixingRow](&buf, format.Header{Visible: 4, Hidden: 2, Units: "bernoulli"})
	if err != nil {
		t.Fatal(err)
	}
	write := func(r format.MixingRow) {
		if err := w.Write(&r); err != nil {
			t.Fatal(err)
		}
	}
	write(format.MixingRow{What: "acceptance", Rung: 0, Snapshot: -1, Epoch: epochs[0], Chain: -1, Walker: -1, Value: 0.5, OK: true, Fill: fills[0]})
	write(format.MixingRow{What: "acceptance", Rung: 1, Snapshot: 0, Epoch: epochs[1], Chain: -1, Walker: -1, Value: 0.25, OK: true, Fill: fills[1]})
	if withRungRows {
		for round, cols := range rungs {
			for c, ws := range cols {
				for wk, k := range ws {
					write(format.MixingRow{What: "rung", Rung: k, Snapshot: k - 1, Epoch: epochs[k], Chain: int64(c), Walker: int64(wk),
						Round: int64(round + 1), Value: float64(k), OK: true, Fill: fills[k]})
				}
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMixingWalkers(t *testing.T) {
	rungs := [][][]int64{
		{{0, 1, 2}, {1, 0, 2}},
		{{1, 0, 2}, {1, 0, 2}},
		{{2, 0, 1}, {0, 1, 2}},
		{{2, 1, 0}, {0, 2, 1}},
	}
	fig := build(t, "walkers", Options{}, open(t, mixingStream(t, rungs, true), "mix"))
	ls := lines(fig.Panels[0][0])
	if len(ls) != 3 {
		t.Fatalf("%d lines, want column 0's 3 walkers", len(ls))
	}
	for w := range 3 {
		l := ls["walker "+string(rune('0'+w))]
		if l == nil {
			t.Fatalf("no line for walker %d", w)
		}
		for i, want := range rungs {
			if got := l.XYs[i]; got != (plotter.XY{X: float64(i + 1), Y: float64(want[0][w])}) {
				t.Errorf("walker %d point %d: %v, want round %d rung %d", w, i, got, i+1, want[0][w])
			}
		}
	}
	var buf bytes.Buffer
	if err := fig.Render(&buf, 0, 0, "png"); err != nil || buf.Len() == 0 {
		t.Errorf("render: %v", err)
	}
	if _, err := Build([]Input{open(t, mixingStream(t, nil, false), "m.arrows")}, "walkers", Options{}); err == nil ||
		!strings.Contains(err.Error(), "m.arrows: the mixing stream has no rung rows") {
		t.Errorf("no rung rows: %v", err)
	}
}

// TestMixingWalkerTicks: the rung axis names each rung as the report does
// (format.RungNames), so that rungs of one epoch and filled rungs read
// apart, with the acceptance of the link below.
func TestMixingWalkerTicks(t *testing.T) {
	rungs := [][][]int64{{{0, 1, 2}, {1, 0, 2}}}
	cases := []struct {
		name          string
		epochs, fills []float64
		want          []string
	}{
		{"epochs apart", []float64{-1, 3, 7}, []float64{0, 0, 0}, []string{"independent", "epoch 3 (0.50)", "epoch 7 (0.25)"}},
		{"one epoch", []float64{-1, 3, 3}, []float64{0, 0, 0}, []string{"independent", "epoch 3a (0.50)", "epoch 3b (0.25)"}},
		{"filled", []float64{-1, 3, 3}, []float64{0, 0, 0.5}, []string{"independent", "epoch 3 (0.50)", "epoch 3+0.50 (0.25)"}},
	}
	for _, c := range cases {
		fig := build(t, "walkers", Options{}, open(t, mixingStream(t, rungs, true, c.epochs, c.fills), "mix"))
		var got []string
		for _, tk := range fig.Panels[0][0].Y.Tick.Marker.Ticks(0, 2) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: ticks %q, want %q", c.name, got, c.want)
		}
	}
}
