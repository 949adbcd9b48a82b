package plot

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
)

// TestProjections: the data's and the samples' histograms of one mode
// share a panel, modes in the data's rank order, each as densities of
// m = x/√N (bins scaled by 1/√N, area the share of the sample in range);
// the samples' stream is matched by mode id, not rank.
func TestProjections(t *testing.T) {
	data, byKey := reciprocalStream(t, false)
	// The samples' stream: the same modes at the last snapshot under
	// shuffled ranks, with x shifted by 3 so that the two differ.
	h := fixHeader()
	h.Set("data_kind", "samples")
	var rows []format.Mode
	for id := range int64(4) {
		m := byKey[[2]int64{2, id}]
		m.Rank = 3 - m.Rank
		m.XHistLo, m.XHistHi = m.XHistLo+3, m.XHistHi+3
		rows = append(rows, m)
	}
	samples := write(t, h, rows, format.Omit("u", "v"))
	fig := build(t, "projections", Options{Modes: 3}, open(t, data, "data"), open(t, samples, "samples"))
	var panels []*Panel
	for _, r := range fig.Panels {
		panels = append(panels, r...)
	}
	if len(panels) != 3 {
		t.Fatalf("%d panels, want 3 modes", len(panels))
	}
	scale := 1 / math.Sqrt(fixN)
	for rank, p := range panels {
		id := (int64(rank) + 2) % 4 // the fixture's id at rank r of snapshot 2
		if !strings.HasPrefix(p.Title.Text, "mode "+string(rune('0'+id))+" (rank ") {
			t.Errorf("panel %d: title %q, want mode %d", rank, p.Title.Text, id)
		}
		for i, name := range []string{"data examples", "model samples"} {
			hs := p.Find(name)
			if len(hs) != 1 {
				t.Fatalf("panel %d: %d %q histograms", rank, len(hs), name)
			}
			m := byKey[[2]int64{2, id}]
			shift := float64(3 * i)
			bins := hs[0].(*plotter.Histogram).Bins
			total := float64(m.XHistOut)
			for _, c := range m.XHist {
				total += float64(c)
			}
			area := 0.0
			for _, b := range bins {
				area += b.Weight * (b.Max - b.Min)
			}
			if want := 1 - float64(m.XHistOut)/total; math.Abs(area-want) > 1e-9 {
				t.Errorf("panel %d %s: area %.6f, want %.6f", rank, name, area, want)
			}
			if lo, hi := bins[0].Min, bins[len(bins)-1].Max; math.Abs(lo-scale*(m.XHistLo+shift)) > 1e-12 || math.Abs(hi-scale*(m.XHistHi+shift)) > 1e-12 {
				t.Errorf("panel %d %s: spans [%g, %g], want x's range over √N", rank, name, lo, hi)
			}
		}
	}
	var buf bytes.Buffer
	if err := fig.Render(&buf, 0, 0, "svg"); err != nil || buf.Len() == 0 {
		t.Errorf("render: %v", err)
	}
	if _, err := Build([]Input{open(t, data, "data")}, "projections", Options{}); err == nil || !strings.Contains(err.Error(), "two spectrum streams") {
		t.Errorf("one stream: %v", err)
	}
	short := write(t, h, slices.DeleteFunc(rows, func(m format.Mode) bool { return m.ModeID == 2 }), format.Omit("u", "v"))
	if _, err := Build([]Input{open(t, data, "data"), open(t, short, "s.arrows")}, "projections", Options{}); err == nil || !strings.Contains(err.Error(), "s.arrows: no mode id 2") {
		t.Errorf("a mode missing: %v", err)
	}
}
