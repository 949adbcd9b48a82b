package plot

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
)

// trace is one run's quantities over its snapshots: values[q][i] is
// quantity q at snapshot i (NaN where absent).
type trace struct {
	name          string
	header        format.Header
	epochs, steps []int64
	values        [][]float64
	// edge0 is the Marchenko–Pastur bulk edge of the first snapshot's W
	// (checkpoints only; NaN otherwise).
	edge0 float64
}

// groupByHidden groups traces by hidden size M, ascending, each group
// sorted by replica.
// groupLabel names a group of runs of one hidden size in a legend.
func groupLabel(g []trace) string {
	if len(g) > 1 {
		return fmt.Sprintf("M = %d (%d replicas)", g[0].header.Hidden, len(g))
	}
	return fmt.Sprintf("M = %d", g[0].header.Hidden)
}

func groupByHidden(ts []trace) [][]trace {
	by := map[int][]trace{}
	for _, t := range ts {
		by[t.header.Hidden] = append(by[t.header.Hidden], t)
	}
	sizes := make([]int, 0, len(by))
	for m := range by {
		sizes = append(sizes, m)
	}
	sort.Ints(sizes)
	out := make([][]trace, 0, len(sizes))
	for _, m := range sizes {
		g := by[m]
		sort.SliceStable(g, func(i, j int) bool { return g[i].header.Replica < g[j].header.Replica })
		out = append(out, g)
	}
	return out
}

// replicas describes a group of runs of one hidden size, for titles.
func replicas(g []trace) string {
	if len(g) == 1 {
		return identity(g[0].header)
	}
	ids := make([]string, len(g))
	for i, t := range g {
		ids[i] = fmt.Sprint(t.header.Replica)
	}
	return fmt.Sprintf("N = %d, M = %d, replicas %s: mean and min–max band", g[0].header.Visible, g[0].header.Hidden, strings.Join(ids, ", "))
}

// summary is one quantity over the snapshots common to a group of runs:
// the mean and the range across runs at each time.
type summary struct {
	x, mean, lo, hi []float64
}

// summarize returns quantity q of a group at the steps every run has, with
// training time from the first run. Times where a run lacks the value
// (NaN) are left out.
func summarize(g []trace, q int) (summary, string) {
	times, unit := trainingTime(g[0].epochs, g[0].steps)
	at := make([]map[int64]int, len(g))
	for r, t := range g {
		at[r] = map[int64]int{}
		for i, s := range t.steps {
			at[r][s] = i
		}
	}
	var s summary
	for i, step := range g[0].steps {
		sum, lo, hi, n := 0.0, math.Inf(1), math.Inf(-1), 0
		for r, t := range g {
			j, ok := at[r][step]
			if !ok || q >= len(t.values) || math.IsNaN(t.values[q][j]) {
				break
			}
			v := t.values[q][j]
			sum, lo, hi, n = sum+v, min(lo, v), max(hi, v), n+1
		}
		if n < len(g) {
			continue
		}
		s.x = append(s.x, times[i])
		s.mean = append(s.mean, sum/float64(n))
		s.lo, s.hi = append(s.lo, lo), append(s.hi, hi)
	}
	return s, unit
}

// drawSummary draws a quantity of a group: a line for one run, a mean line
// over a min–max band for several. The line is named in the legend, or at
// its end when atEnd.
func drawSummary(p *Panel, name string, s summary, k int, runs int, atEnd bool) {
	if len(s.x) == 0 {
		return
	}
	c := colorOf(k)
	if runs > 1 {
		p.add("", band(s.x, s.lo, s.hi, faded(c, 0.25)))
	}
	xys := make(plotter.XYs, len(s.x))
	for i := range s.x {
		xys[i] = plotter.XY{X: s.x[i], Y: s.mean[i]}
	}
	if atEnd {
		p.addQuiet(name, line(xys, c, 1.5))
		p.endLabel(s.mean[len(s.mean)-1], name, c)
		return
	}
	p.add(name, line(xys, c, 1.5))
}

// subscript writes a non-negative integer with Unicode subscript digits.
func subscript(n int) string {
	digits := []rune("₀₁₂₃₄₅₆₇₈₉")
	s := fmt.Sprint(n)
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(digits[r-'0'])
	}
	return b.String()
}

// gridOf arranges panels in rows of at most cols.
func gridOf(panels []*Panel, cols int) [][]*Panel {
	var out [][]*Panel
	for len(panels) > 0 {
		n := min(cols, len(panels))
		out = append(out, slices.Clone(panels[:n]))
		panels = panels[n:]
	}
	return out
}
