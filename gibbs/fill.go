package gibbs

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/rbm"
)

// FillCounts returns, per link of a tempering ladder, how many models to
// put between its two rungs so that each of the sub-links it becomes is
// expected to accept at least below, given the acceptance rates measured
// over tried proposals per link. It uses the rule that log-acceptance adds
// along a path of rungs (the exchange's Δ is a sum of free-energy
// differences, each small when the rungs are close): a link of acceptance a
// cut into n equal sub-links accepts about a^{1/n} on each, so n =
// ⌈ln a / ln below⌉ and n − 1 models go in. A link that accepted nothing
// is taken to accept ½ / tried (the rate it cannot tell from 0). When the
// counts add up to more than most, each is scaled by most / total and
// rounded down, so the worst links keep the most. Links at or above below
// (and NaN rates: links never tried) get 0.
func FillCounts(rates []float64, tried int64, below float64, most int) ([]int, error) {
	if !(below > 0 && below < 1) {
		return nil, fmt.Errorf("gibbs: fill below acceptance %v: want 0 < A < 1", below)
	}
	if most < 0 {
		return nil, fmt.Errorf("gibbs: at most %d filled models: want ≥ 0", most)
	}
	counts := make([]int, len(rates))
	total := 0
	for k, a := range rates {
		if !(a < below) {
			continue
		}
		if tried > 0 {
			a = max(a, 0.5/float64(tried))
		}
		if !(a > 0) {
			return nil, fmt.Errorf("gibbs: link %d: acceptance %v over %d proposals: cannot derive a fill", k, a, tried)
		}
		n := math.Ceil(math.Log(a)/math.Log(below) - 1e-9)
		counts[k] = int(min(n, float64(1<<20))) - 1
		total += counts[k]
	}
	if total > most {
		for k, n := range counts {
			counts[k] = int(int64(n) * int64(most) / int64(total))
		}
	}
	return counts, nil
}

// Fill returns a new trajectory over t's rungs with counts[k] models put
// between rungs k and k+1, on the straight line between them in parameter
// space (rbm.Between at j/(counts[k]+1), j = 1…counts[k]): any model is a
// valid rung, and close ones exchange often. Every rung of t keeps its
// chains' states; the models put in start from the states of the link's
// lower rung. The new trajectory draws from t's seed and replica under
// stream (which must differ from t's so that its random numbers are new),
// keeps t's sweeps a round and swap order, and starts its counts (rounds, exchanges,
// walkers, round trips) afresh.
// The places returned give, per rung of the new trajectory, the rung of t it is at or
// above and its position t ∈ [0, 1) on the link from there.
func (t *Trajectory) Fill(counts []int, stream int) (*Trajectory, []Place, error) {
	if len(counts) != len(t.rungs)-1 {
		return nil, nil, fmt.Errorf("gibbs: %d fill counts for %d links", len(counts), len(t.rungs)-1)
	}
	if stream == t.cfg.Stream {
		return nil, nil, fmt.Errorf("gibbs: the filled trajectory must draw from another stream than %d", stream)
	}
	var models []*rbm.Model
	var places []Place
	for k, s := range t.rungs {
		models = append(models, s.model)
		places = append(places, Place{Rung: k})
		if k+1 == len(t.rungs) {
			break
		}
		if counts[k] < 0 {
			return nil, nil, fmt.Errorf("gibbs: link %d: %d models to fill", k, counts[k])
		}
		for j := 1; j <= counts[k]; j++ {
			f := float32(j) / float32(counts[k]+1)
			models = append(models, rbm.Between(s.model, t.rungs[k+1].model, f))
			places = append(places, Place{Rung: k, At: float64(f)})
		}
	}
	cfg := t.cfg
	cfg.Stream = stream
	u, err := NewTrajectory(models, cfg)
	if err != nil {
		return nil, nil, err
	}
	u.sweeps, u.order = t.sweeps, t.order
	for i, p := range places {
		src := t.rungs[p.Rung]
		for c := range t.chains {
			u.rungs[i].SetVisibleValues(c, src.Visible(c))
		}
	}
	return u, places, nil
}

// Place locates a rung of a filled trajectory on the ladder it was filled
// from: at rung Rung (At = 0) or at At ∈ (0, 1) on the line from rung Rung
// to rung Rung+1.
type Place struct {
	Rung int
	At   float64
}
