package report

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
)

// pttLink is one link of a trajectory tempering ladder: the epochs of its
// lower and upper rungs (−1: the independent-site bottom), the lower
// rung's place on a link filled by rbm-sample -fill-below (0: an input
// rung), the rungs' names (format.RungNames) and the fraction of
// exchanges accepted across it.
type pttLink struct {
	lo, hi         int64
	fill           float64
	loName, hiName string
	acceptance     float64
}

// pttRow is one replica's mixing diagnostics: parallel trajectory
// tempering's (agg/mixing.arrows) beside plain Gibbs's (agg/trace.arrows).
type pttRow struct {
	replica          int
	links            []pttLink
	trips            float64 // round trips of all walkers (NaN: no row)
	tauRung, tauF    float64 // in rounds, pooled over columns
	fromBottom       float64 // the top's states whose walker had been at the bottom (NaN: no row)
	tauRungOK, tauOK bool
	gibbsTau         float64 // τ of F(v) in sweeps, after the burn-in
	gibbsOK          bool
	hasPTT, hasGibbs bool
}

// rungs is the number of rungs, the bottom included.
func (r pttRow) rungs() int { return len(r.links) + 1 }

// mixing returns the diagnostics of hidden size m, one row per replica
// that has either stack's rows.
func (s *Study) mixing(m int) []pttRow {
	by := map[int]*pttRow{}
	row := func(rep int) *pttRow {
		if by[rep] == nil {
			by[rep] = &pttRow{replica: rep, trips: math.NaN(), tauRung: math.NaN(), tauF: math.NaN(), fromBottom: math.NaN(), gibbsTau: math.NaN()}
		}
		return by[rep]
	}
	if t := s.t["mixing"]; t != nil {
		fresh := map[int]int64{} // replica → the highest rung with a from_bottom row
		top := map[int]int64{}   // replica → the highest rung with a tau_energy row
		topE := map[int]int64{}  // and its epoch
		for _, i := range s.rows("mixing", m) {
			rep := int(t.i("replica", i))
			r := row(rep)
			r.hasPTT = true
			whole := t.i("chain", i) == -1
			switch t.s("what", i) {
			case format.MixingAcceptance:
				fill := t.f("fill", i)
				if math.IsNaN(fill) { // a run without -fill-below
					fill = 0
				}
				r.links = append(r.links, pttLink{lo: t.i("epoch", i), fill: fill, acceptance: t.f("value", i)})
			case format.MixingRoundTrips:
				if whole {
					r.trips = t.f("value", i)
				}
			case format.MixingTauRung:
				if whole {
					r.tauRung, r.tauRungOK = t.f("value", i), t.b("ok", i)
				}
			case format.MixingFromBottom:
				if k := t.i("rung", i); whole && (k > fresh[rep] || math.IsNaN(r.fromBottom)) {
					fresh[rep], r.fromBottom = k, t.f("value", i)
				}
			case format.MixingTauEnergy:
				if k := t.i("rung", i); whole && (k > top[rep] || math.IsNaN(r.tauF)) {
					top[rep], topE[rep] = k, t.i("epoch", i)
					r.tauF, r.tauOK = t.f("value", i), t.b("ok", i)
				}
			}
		}
		for rep, r := range by {
			epochs, fills := make([]int64, len(r.links)+1), make([]float64, len(r.links)+1)
			for k := range r.links {
				if k+1 < len(r.links) {
					r.links[k].hi = r.links[k+1].lo
				} else {
					r.links[k].hi = topE[rep]
				}
				epochs[k], fills[k] = r.links[k].lo, r.links[k].fill
			}
			if len(r.links) > 0 {
				epochs[len(r.links)] = topE[rep]
				names := format.RungNames(epochs, fills)
				for k := range r.links {
					r.links[k].loName, r.links[k].hiName = names[k], names[k+1]
				}
			}
		}
	}
	if t := s.t["trace"]; t != nil {
		burn := s.traceBurnIn()
		series := map[int]map[int64][]float64{} // replica → chain → F after each sweep past the burn-in
		for _, i := range s.rows("trace", m) {
			rep := int(t.i("replica", i))
			if t.i("sweep", i) <= burn[int(t.i("run", i))] {
				continue
			}
			if series[rep] == nil {
				series[rep] = map[int64][]float64{}
			}
			c := t.i("chain", i)
			series[rep][c] = append(series[rep][c], t.f("free_energy", i))
		}
		for rep, chains := range series {
			ids := make([]int64, 0, len(chains))
			for c := range chains {
				ids = append(ids, c)
			}
			slices.Sort(ids)
			var xs [][]float64
			for _, c := range ids {
				xs = append(xs, chains[c])
			}
			r := row(rep)
			r.hasGibbs = true
			tau, _, ok := gibbs.IntegratedTime(xs)
			r.gibbsTau, r.gibbsOK = tau, ok
		}
	}
	var out []pttRow
	for _, rep := range s.Replicas[m] {
		if r := by[rep]; r != nil {
			out = append(out, *r)
		}
	}
	return out
}

// traceBurnIn is each run's Gibbs burn-in (the trace's rbm.sample
// settings), by run number; runs without it count every sweep.
func (s *Study) traceBurnIn() map[int]int64 {
	t := s.t["trace"]
	shared, _ := t.Header.Get(format.KeySampler)
	out := map[int]int64{}
	for _, r := range t.Runs {
		raw := shared
		if v, ok := r.Extra[format.KeySampler]; ok {
			raw = v
		}
		var set format.SamplerSettings
		if json.Unmarshal([]byte(raw), &set) == nil {
			out[r.Run] = int64(set.BurnIn)
		}
	}
	return out
}

// tau prints an integrated autocorrelation time, "≥ τ" when no window
// fitted (a lower bound).
func tau(x float64, ok bool) string {
	if !ok && !math.IsNaN(x) {
		return "≥ " + num(x, 1)
	}
	return num(x, 1)
}

// mixingTable is the replicas' mixing diagnostics.
func (s *Study) mixingTable(m int) Table {
	t := Table{Head: []string{"replica", "rungs", "lowest acceptance (link)", "median acceptance", "links < 0.1", "round trips",
		"top from the bottom", "τ rung (rounds)", "τ F, PTT (rounds)", "τ F, PTT (sweeps)", "τ F, Gibbs (sweeps)"}}
	for _, r := range s.mixing(m) {
		cells := []string{fmt.Sprint(r.replica), "–", "–", "–", "–", "–", "–", "–", "–", "–", tau(r.gibbsTau, r.gibbsOK)}
		if r.hasPTT && len(r.links) > 0 {
			acc := make([]float64, len(r.links))
			low, under := 0, 0
			for k, l := range r.links {
				acc[k] = l.acceptance
				if l.acceptance < r.links[low].acceptance {
					low = k
				}
				if l.acceptance < 0.1 {
					under++
				}
			}
			slices.Sort(acc)
			med := acc[len(acc)/2]
			if len(acc)%2 == 0 {
				med = (acc[len(acc)/2-1] + acc[len(acc)/2]) / 2
			}
			l := r.links[low]
			cells[1] = fmt.Sprint(r.rungs())
			cells[2] = fmt.Sprintf("%s (%s→%s)", num(l.acceptance, 3), l.loName, l.hiName)
			cells[3] = num(med, 3)
			cells[4] = fmt.Sprintf("%d of %d", under, len(r.links))
			cells[5] = num(r.trips, 0)
			if !math.IsNaN(r.fromBottom) {
				cells[6] = num(100*r.fromBottom, 0) + "%"
			}
			cells[7] = tau(r.tauRung, r.tauRungOK)
			cells[8] = tau(r.tauF, r.tauOK)
			cells[9] = tau(r.tauF*float64(r.rungs()), r.tauOK)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// linksLine lists replica rep's acceptance per link, "" without them.
func (s *Study) linksLine(m, rep int) string {
	for _, r := range s.mixing(m) {
		if r.replica != rep || len(r.links) == 0 {
			continue
		}
		parts := make([]string, len(r.links))
		for k, l := range r.links {
			parts[k] = fmt.Sprintf("%s→%s %s", l.loName, l.hiName, num(l.acceptance, 2))
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// samplesMethod names how the samples stack was drawn (rbm.sample's
// method): "Gibbs", "Parallel tempering" or "Trajectory tempering (PTT)".
func (s *Study) samplesMethod() string {
	t := s.t["samples"]
	raw, _ := t.Header.Get(format.KeySampler)
	if len(t.Runs) > 0 {
		if v, ok := t.Runs[0].Extra[format.KeySampler]; ok {
			raw = v
		}
	}
	var set format.SamplerSettings
	_ = json.Unmarshal([]byte(raw), &set) // no settings: Gibbs, rbm-sample's default
	switch set.Method {
	case format.SamplerPT:
		return "Parallel tempering"
	case format.SamplerPTT:
		return "Trajectory tempering (PTT)"
	}
	return "Gibbs"
}

// unmixed lists the replicas of m whose trajectory tempering made no round
// trip.
func (s *Study) unmixed(m int) []int {
	var out []int
	for _, r := range s.mixing(m) {
		if r.hasPTT && r.trips == 0 {
			out = append(out, r.replica)
		}
	}
	return out
}

// raisStart says where the reverse AIS runs of m started (their settings'
// start=), "" without them; several kinds are listed in a fixed order.
func (s *Study) raisStart(m int) string {
	t := s.t["logz"]
	if t == nil {
		return ""
	}
	seen := map[string]bool{}
	for _, i := range s.rows("logz", m) {
		if t.s("method", i) != format.MethodRAIS || t.s("quantity", i) != format.QuantityLogZ {
			continue
		}
		for _, f := range strings.Fields(t.s("settings", i)) {
			if v, ok := strings.CutPrefix(f, "start="); ok {
				kind, _, _ := strings.Cut(v, "=")
				seen[kind] = true
			}
		}
	}
	var out []string
	for _, k := range []struct{ kind, says string }{
		{"samples", "the model's samples of the snapshot (rbm-freeenergy -reverse-start: in pipelines/paper the trajectory tempering samples)"},
		{"exact", "exact samples of the model"},
		{"resampled", "forward AIS's final states resampled by weight (not samples of the model: rAIS then leans on forward AIS)"},
	} {
		if seen[k.kind] {
			out = append(out, k.says)
		}
	}
	return strings.Join(out, "; ")
}
