package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
)

// TestMixing checks the mixing diagnostics against each run's own
// streams: the acceptance of every link and the epochs it joins, the
// round trips, from_bottom and τ rows of the mixing stream, and plain Gibbs's τ of
// F(v) recomputed from the trace over the 40 sweeps after the burn-in of 5.
func TestMixing(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		rows := s.mixing(m)
		if len(rows) != s.nrep(m) {
			t.Fatalf("M = %d: %d rows, want one per replica", m, len(rows))
		}
		for _, r := range rows {
			mix := readRun[format.MixingRow](t, dir, m, r.replica, "mixing")
			var acc []format.MixingRow
			top := int64(-2)
			for _, x := range mix {
				switch {
				case x.What == "acceptance":
					acc = append(acc, x)
				case x.What == "round_trips" && x.Chain == -1 && x.Value != r.trips:
					t.Errorf("M = %d r%d: round trips %v, the stream's %v", m, r.replica, r.trips, x.Value)
				case x.What == "from_bottom" && x.Chain == -1 && (x.Value != r.fromBottom || !(x.Value > 0)):
					t.Errorf("M = %d r%d: top from the bottom %v, the stream's %v", m, r.replica, r.fromBottom, x.Value)
				case x.What == "tau_rung" && x.Chain == -1 && (x.Value != r.tauRung || x.OK != r.tauRungOK):
					t.Errorf("M = %d r%d: τ rung %v, the stream's %v", m, r.replica, r.tauRung, x.Value)
				case x.What == "tau_energy" && x.Chain == -1:
					top = x.Epoch
					if x.Value != r.tauF || x.OK != r.tauOK {
						t.Errorf("M = %d r%d: τ F %v, the stream's %v", m, r.replica, r.tauF, x.Value)
					}
				}
			}
			if len(acc) != len(r.links) || len(acc) < 2 {
				t.Fatalf("M = %d r%d: %d links, the stream has %d", m, r.replica, len(r.links), len(acc))
			}
			for k, a := range acc {
				l := r.links[k]
				hi := top
				if k+1 < len(acc) {
					hi = acc[k+1].Epoch
				}
				if l.acceptance != a.Value || l.lo != a.Epoch || l.hi != hi || k == 0 && l.lo != -1 {
					t.Errorf("M = %d r%d link %d: %+v, the stream's acceptance %v from epoch %d to %d", m, r.replica, k, l, a.Value, a.Epoch, hi)
				}
			}
			if top != 6 {
				t.Errorf("M = %d r%d: top rung at epoch %d, want the last snapshot's 6", m, r.replica, top)
			}

			series := map[int64][]float64{}
			for _, p := range readRun[format.TracePoint](t, dir, m, r.replica, "trace") {
				if p.Sweep > 5 {
					series[p.Chain] = append(series[p.Chain], p.FreeEnergy)
				}
			}
			var xs [][]float64
			for c := range int64(len(series)) {
				if len(series[c]) != 40 {
					t.Fatalf("M = %d r%d chain %d: %d sweeps after the burn-in, want 40", m, r.replica, c, len(series[c]))
				}
				xs = append(xs, series[c])
			}
			want, _, ok := gibbs.IntegratedTime(xs)
			if !r.hasGibbs || r.gibbsOK != ok || math.Abs(r.gibbsTau-want) > 1e-12 {
				t.Errorf("M = %d r%d: Gibbs τ %v (ok %v), the trace gives %v (ok %v)", m, r.replica, r.gibbsTau, r.gibbsOK, want, ok)
			}
		}
	}
	tab := s.mixingTable(3)
	if len(tab.Rows) != 2 || len(tab.Rows[0]) != len(tab.Head) || !strings.Contains(s.linksLine(3, 0), "ind→0 ") {
		t.Errorf("table %v, links %q", tab, s.linksLine(3, 0))
	}
}

// TestUnmixed: a replica whose walkers made no round trip is named, one
// with trips is not, and one without PTT rows (Gibbs only) is not.
func TestUnmixed(t *testing.T) {
	tab := &table{StackTable: &format.StackTable{Num: map[string][]float64{}, Str: map[string][]string{}}}
	add := func(rep int, what string, chain, value float64) {
		tab.Num["hidden"] = append(tab.Num["hidden"], 7)
		tab.Num["replica"] = append(tab.Num["replica"], float64(rep))
		tab.Num["run"] = append(tab.Num["run"], float64(rep))
		tab.Num["chain"] = append(tab.Num["chain"], chain)
		tab.Num["rung"] = append(tab.Num["rung"], 0)
		tab.Num["epoch"] = append(tab.Num["epoch"], -1)
		tab.Num["value"] = append(tab.Num["value"], value)
		tab.Num["ok"] = append(tab.Num["ok"], 1)
		tab.Str["what"] = append(tab.Str["what"], what)
		tab.Rows++
	}
	add(0, "acceptance", -1, 0.02)
	add(0, "round_trips", 3, 0) // a column's row: not the total
	add(0, "round_trips", -1, 0)
	add(1, "acceptance", -1, 0.5)
	add(1, "round_trips", -1, 12)
	s := &Study{Replicas: map[int][]int{7: {0, 1, 2}}, t: map[string]*table{"mixing": tab},
		by: map[string]map[int][]int{"mixing": {7: {0, 1, 2, 3, 4}}}}
	if got := s.unmixed(7); len(got) != 1 || got[0] != 0 {
		t.Errorf("unmixed %v, want [0]", got)
	}
	if rows := s.mixing(7); len(rows) != 2 || rows[1].trips != 12 || rows[0].links[0].acceptance != 0.02 {
		t.Errorf("rows %+v", rows)
	}
}

// TestRAISStart: the reverse runs' start= settings name where they began.
func TestRAISStart(t *testing.T) {
	tab := &table{StackTable: &format.StackTable{Num: map[string][]float64{}, Str: map[string][]string{}}}
	add := func(method, quantity, settings string) {
		tab.Num["hidden"] = append(tab.Num["hidden"], 7)
		tab.Str["method"] = append(tab.Str["method"], method)
		tab.Str["quantity"] = append(tab.Str["quantity"], quantity)
		tab.Str["settings"] = append(tab.Str["settings"], settings)
		tab.Rows++
	}
	add("ais", "logZ", "chains=20 start=exact")
	add("rais", "ess", "chains=20 start=resampled burnin=100")
	add("rais", "logZ", "chains=20 base=train.arrows start=samples=m7/r0/samples.arrows n=20 burnin=100")
	s := &Study{t: map[string]*table{"logz": tab}, by: map[string]map[int][]int{"logz": {7: {0, 1, 2}}}}
	if got := s.raisStart(7); !strings.HasPrefix(got, "the model's samples") || strings.Contains(got, ";") {
		t.Errorf("raisStart %q: want the samples only (the resampled row is an ess row, the exact one forward)", got)
	}
	if got := s.raisStart(8); got != "" {
		t.Errorf("no rows: %q", got)
	}
}

// TestLinksLineNames: links are named by their rungs as format.RungNames
// names them, so rungs of one epoch and filled rungs read apart, with or
// without the mixing stream's optional fill column.
func TestLinksLineNames(t *testing.T) {
	type row struct {
		what        string
		rung, epoch float64
		fill, value float64
	}
	cases := []struct {
		name     string
		rows     []row
		withFill bool
		want     string
	}{
		{"one epoch, no fill column", []row{
			{"acceptance", 0, -1, 0, 0.5}, {"acceptance", 1, 2, 0, 0.25}, {"acceptance", 2, 2, 0, 0.3},
			{"tau_energy", 3, 9, 0, 4}}, false, "ind→2a 0.50, 2a→2b 0.25, 2b→9 0.30"},
		{"filled", []row{
			{"acceptance", 0, -1, 0, 0.5}, {"acceptance", 1, 2, 0, 0.25}, {"acceptance", 2, 2, 0.5, 0.375},
			{"tau_energy", 3, 9, 0, 4}}, true, "ind→2 0.50, 2→2+0.50 0.25, 2+0.50→9 0.38"},
	}
	for _, c := range cases {
		tab := &table{StackTable: &format.StackTable{Num: map[string][]float64{}, Str: map[string][]string{}}}
		for _, r := range c.rows {
			for col, v := range map[string]float64{"hidden": 7, "replica": 0, "run": 0, "chain": -1, "rung": r.rung,
				"epoch": r.epoch, "value": r.value, "ok": 1} {
				tab.Num[col] = append(tab.Num[col], v)
			}
			if c.withFill {
				tab.Num["fill"] = append(tab.Num["fill"], r.fill)
			}
			tab.Str["what"] = append(tab.Str["what"], r.what)
			tab.Rows++
		}
		s := &Study{Replicas: map[int][]int{7: {0}}, t: map[string]*table{"mixing": tab},
			by: map[string]map[int][]int{"mixing": {7: {0, 1, 2, 3}}}}
		if got := s.linksLine(7, 0); got != c.want {
			t.Errorf("%s: links %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSamplesModal: the most frequent sample per replica, by free energy,
// counted within its replica (the same F in another replica's model is
// another state).
func TestSamplesModal(t *testing.T) {
	tab := &table{StackTable: &format.StackTable{Num: map[string][]float64{}, Str: map[string][]string{}}}
	add := func(rep int, f float64) {
		for col, v := range map[string]float64{"hidden": 7, "replica": float64(rep), "run": float64(rep), "free_energy": f} {
			tab.Num[col] = append(tab.Num[col], v)
		}
		tab.Rows++
	}
	for i := range 200 {
		f := -5.0 // replica 0: 150 of 200 samples one state
		if i >= 150 {
			f = float64(i)
		}
		add(0, f)
	}
	for i := range 100 {
		add(1, -5.0+float64(i)/8) // replica 1: all distinct, one of them at −5
	}
	rows := make([]int, tab.Rows)
	for i := range rows {
		rows[i] = i
	}
	s := &Study{Replicas: map[int][]int{7: {0, 1}}, t: map[string]*table{"samples": tab},
		by: map[string]map[int][]int{"samples": {7: rows}}}
	got := s.samplesModal(7)
	want := []modalState{{replica: 0, share: 0.75, f: -5, n: 200}, {replica: 1, share: 0.01, f: -5, n: 100}}
	if !slices.Equal(got, want) {
		t.Errorf("samplesModal %+v, want %+v", got, want)
	}
}
