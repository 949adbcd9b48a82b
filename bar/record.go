package bar

import (
	"math"

	"github.com/rbmkit/rbmkit/gibbs"
)

// Recorder collects the states of a parallel trajectory tempering run as
// Ladder's samples: after each recorded round, every rung's chains with
// their free energies under the rungs below and above, grouped by column.
type Recorder struct {
	tr *gibbs.Trajectory
	// Rungs[k] are rung k's samples so far.
	Rungs        [][]Sample
	below, above []float64
}

// NewRecorder returns a recorder of tr's rounds.
func NewRecorder(tr *gibbs.Trajectory) *Recorder {
	return &Recorder{tr: tr, Rungs: make([][]Sample, tr.Rungs())}
}

// Record appends the rungs' current states.
func (r *Recorder) Record() {
	K := r.tr.Rungs()
	for k := range K {
		own := r.tr.FreeEnergies(k)
		if k > 0 {
			r.below = r.tr.CrossFreeEnergies(k-1, k, r.below)
		}
		if k+1 < K {
			r.above = r.tr.CrossFreeEnergies(k+1, k, r.above)
		}
		for c, f := range own {
			s := Sample{Below: math.NaN(), Own: f, Above: math.NaN(), Group: c}
			if k > 0 {
				s.Below = r.below[c]
			}
			if k+1 < K {
				s.Above = r.above[c]
			}
			r.Rungs[k] = append(r.Rungs[k], s)
		}
	}
}
