package plot

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindCheckpoint, Spec{Name: "learning", Multi: true, With: []format.Kind{format.KindMPFit},
		Summary: "learning curves: the test log-likelihood (rbm-train -logz -test-data) against training time, one curve per hidden size, replicas as bands; mpfit streams given after the checkpoints mark when modes leave the MP bulk and cross the threshold; below, the model's entropy where the checkpoints hold it",
		Build:   learningCurves})
}

// readTestLogLik reads the test log-likelihood of a checkpoint stream at
// every snapshot (NaN where the run did not compute it), and as a second
// quantity the model's entropy when the stream has that column.
func readTestLogLik(in Input) (trace, error) {
	rd, err := reader[format.Snapshot](in)
	if err != nil {
		return trace{}, err
	}
	defer rd.Close()
	switch {
	case !rd.Has("logz"):
		return trace{}, fmt.Errorf("%s: the checkpoints hold no log Z columns (logz, test_loglik): train with rbm-train -logz -test-data", in.Name)
	case !rd.Has("test_loglik"):
		return trace{}, fmt.Errorf("%s: the checkpoints hold log Z but no test_loglik column: train with rbm-train -logz -test-data", in.Name)
	}
	entropy := rd.Has("entropy")
	t := trace{name: in.Name, header: rd.Header(), values: make([][]float64, 1), edge0: math.NaN()}
	if entropy {
		t.values = append(t.values, nil)
	}
	for rd.Next() {
		s := rd.Row()
		t.epochs, t.steps = append(t.epochs, s.Epoch), append(t.steps, s.Step)
		t.values[0] = append(t.values[0], s.TestLogLik)
		if entropy {
			t.values[1] = append(t.values[1], s.Entropy)
		}
	}
	if err := rd.Err(); err != nil {
		return trace{}, err
	}
	if len(t.steps) == 0 {
		return trace{}, fmt.Errorf("%s: the checkpoint stream has no snapshots", in.Name)
	}
	return t, nil
}

// events are the steps of one hidden size at which the number of modes
// outside the MP bulk (exits) or past the instability threshold
// (crossings) rose over the previous analysed snapshot, in any replica.
type events struct {
	exits, crossings map[int64]bool
	threshold        float64
}

// readEvents reads the mpfit streams and returns their events by hidden
// size.
func readEvents(ins []Input) (map[int]*events, error) {
	out := map[int]*events{}
	for _, in := range ins {
		h, snaps, err := readMPFit(in)
		if err != nil {
			return nil, err
		}
		thr, _, err := threshold(h)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in.Name, err)
		}
		ev := out[h.Hidden]
		if ev == nil {
			ev = &events{exits: map[int64]bool{}, crossings: map[int64]bool{}, threshold: thr}
			out[h.Hidden] = ev
		}
		for i := 1; i < len(snaps); i++ {
			prev, cur := snaps[i-1].summary, snaps[i].summary
			if cur.Outliers > prev.Outliers {
				ev.exits[snaps[i].step] = true
			}
			if cur.Unstable > prev.Unstable {
				ev.crossings[snaps[i].step] = true
			}
		}
	}
	return out, nil
}

func learningCurves(ins []Input, opt Options) (*Figure, error) {
	var ts []trace
	var fits []Input
	for _, in := range ins {
		if in.Header.Kind == format.KindMPFit {
			fits = append(fits, in)
			continue
		}
		t, err := readTestLogLik(in)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("the learning curves need checkpoint streams, given first")
	}
	evs, err := readEvents(fits)
	if err != nil {
		return nil, err
	}
	groups := groupByHidden(ts)
	for m := range evs {
		if !hasHidden(groups, m) {
			return nil, fmt.Errorf("mpfit streams of M = %d have no checkpoint stream of that hidden size", m)
		}
	}
	p := newPanel("test log-likelihood against training time", "", "test log-likelihood (nats per image)")
	var times []float64
	var unit string
	exitKey, crossKey := "", ""
	for gi, g := range groups {
		s, u := summarize(g, 0)
		if len(s.x) == 0 {
			return nil, fmt.Errorf("%s: no snapshot with a finite test_loglik in every replica of M = %d", g[0].name, g[0].header.Hidden)
		}
		unit = u
		times = append(times, s.x...)
		label := groupLabel(g)
		drawSummary(p, label, s, gi, len(g), false)
		ev := evs[g[0].header.Hidden]
		if ev == nil {
			continue
		}
		// The events sit on the mean curve at their time; the time of a
		// step is the checkpoints' own, as rbm-mp analyses their snapshots.
		allTimes, _ := trainingTime(g[0].epochs, g[0].steps)
		at := map[float64]float64{}
		for i := range s.x {
			at[s.x[i]] = s.mean[i]
		}
		for _, e := range []struct {
			steps map[int64]bool
			name  string
			shape draw.GlyphDrawer
		}{
			{ev.exits, fmt.Sprintf("M = %d: a mode leaves the MP bulk", g[0].header.Hidden), draw.CircleGlyph{}},
			{ev.crossings, fmt.Sprintf("M = %d: a mode crosses σ = %g", g[0].header.Hidden, ev.threshold), draw.TriangleGlyph{}},
		} {
			var xys plotter.XYs
			for step := range e.steps {
				i := slices.Index(g[0].steps, step)
				if i < 0 {
					return nil, fmt.Errorf("%s: the mpfit stream of M = %d has a snapshot at step %d that its checkpoints lack", g[0].name, g[0].header.Hidden, step)
				}
				if y, ok := at[allTimes[i]]; ok {
					xys = append(xys, plotter.XY{X: allTimes[i], Y: y})
				}
			}
			if len(xys) == 0 {
				continue
			}
			sort.Slice(xys, func(a, b int) bool { return xys[a].X < xys[b].X })
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = draw.GlyphStyle{Shape: e.shape, Radius: vg.Points(3.5), Color: colorOf(gi)}
			p.addQuiet(e.name, sc)
			if _, ok := e.shape.(draw.CircleGlyph); ok {
				exitKey = "a mode leaves the MP bulk (circles)"
			} else {
				crossKey = fmt.Sprintf("a mode crosses σ = %g (triangles)", ev.threshold)
			}
		}
	}
	for _, k := range []struct {
		name  string
		shape draw.GlyphDrawer
	}{{exitKey, draw.CircleGlyph{}}, {crossKey, draw.TriangleGlyph{}}} {
		if k.name == "" {
			continue
		}
		sc, _ := plotter.NewScatter(plotter.XYs{{}})
		sc.GlyphStyle = draw.GlyphStyle{Shape: k.shape, Radius: vg.Points(3.5), Color: edgeColor}
		p.legendOnly(k.name, sc)
	}
	timeAxis(p, times, unit)
	// Room above the highest curve for the marks drawn on it.
	p.Y.Max += 0.05 * (p.Y.Max - p.Y.Min)
	title := "Learning curves"
	if len(ts) == 1 {
		title += ": " + identity(ts[0].header)
	} else {
		title += fmt.Sprintf(", N = %d: %d runs, replicas as min–max bands around the mean", ts[0].header.Visible, len(ts))
	}
	if s := entropyPanel(groups, times, unit); s != nil {
		return &Figure{Title: title, Panels: [][]*Panel{{p}, {s}}, Width: 18 * vg.Centimeter, Height: 22 * vg.Centimeter}, nil
	}
	return single(title, p, 18*vg.Centimeter, 12*vg.Centimeter), nil
}

// entropyPanel draws the entropy S = ⟨E⟩ + log Z of every group on the
// learning curves' time axis, or returns nil when some run lacks it.
func entropyPanel(groups [][]trace, times []float64, unit string) *Panel {
	for _, g := range groups {
		for _, t := range g {
			if len(t.values) < 2 {
				return nil
			}
		}
	}
	p := newPanel("the model's entropy S = ⟨E⟩ + log Z against training time", "", "entropy (nats)")
	for gi, g := range groups {
		s, _ := summarize(g, 1)
		drawSummary(p, groupLabel(g), s, gi, len(g), false)
	}
	timeAxis(p, times, unit)
	return p
}

// hasHidden reports whether a group of runs has hidden size m.
func hasHidden(groups [][]trace, m int) bool {
	for _, g := range groups {
		if g[0].header.Hidden == m {
			return true
		}
	}
	return false
}
