package mp

import (
	"math"

	"github.com/rbmkit/rbmkit/rbm"
)

// InstabilityThreshold returns the singular value of the stored W above
// which the symmetric mean-field point is unstable along a mode (docs/science.md,
// "Mean field and Landau picture"): σ(J) > 1 for the spin couplings J.
// A model stored in the spin convention has E = −θᵀs − … − sᵀWt, so its W
// is J and the threshold is 1; a Bernoulli model has J = W/4, so the
// threshold is σ(W) > 4.
func InstabilityThreshold(units rbm.Units) float64 {
	switch units {
	case rbm.Bernoulli:
		return 4
	case rbm.Spin:
		return 1
	}
	return math.NaN()
}
