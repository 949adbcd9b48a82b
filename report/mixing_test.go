package report

import (
	"math"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
)

// TestMixing checks the mixing diagnostics against each run's own
// streams: the acceptance of every link and the epochs it joins, the
// round trips and τ rows of the mixing stream, and plain Gibbs's τ of
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
