// Package rbm defines the Restricted Boltzmann Machine: its parameters, its
// two unit conventions ({0,1} Bernoulli and ±1 spin) and the conversion
// between them, energies, conditional probabilities, the free energy of a
// visible configuration, and exact results (log Z, log p(v) of every
// visible state, the likelihood gradient) by enumeration for models small
// enough to enumerate.
//
// # Conventions
//
// Following docs/science.md, E(v,h) = −aᵀv − bᵀh − vᵀWh with W stored row-major
// as a Visible×Hidden float32 slice (W[i*Hidden+j] couples visible i and
// hidden j). The same formula holds for both conventions: for a Spin model
// configurations take values ±1 and A, B, W hold the fields θ_v, θ_h and
// couplings J. Every method works in the model's own convention; ToSpin and
// ToBernoulli convert (J = W/4, θ_v = a/2 + W·1/4, θ_h = b/2 + Wᵀ·1/4) and
// return the constant c with E_bern(v,h) = E_spin(2v−1, 2h−1) + c.
//
// Parameters are stored in float32; everything evaluated here (energies,
// free energies, log Z, gradients) is computed in float64.
//
// # Exact enumeration
//
// ExactLogZ enumerates the smaller layer (at most MaxExactUnits = 25 units)
// and sums the other out analytically. States are split into fixed blocks
// of 2^12, each visited in Gray-code order so that one unit flips per step;
// the other layer's factors e^{x} are updated by multiplication and summed
// as the logarithm of their product, which costs a few floating-point
// operations per unit and state instead of a logarithm (inputs too large
// for that, |x| > 600, fall back to Softplus). Blocks run on the worker
// pool of package internal/par and are reduced in block order, so results
// are identical at any GOMAXPROCS. On two cores, log Z of a 784×25 model
// takes about six seconds.
//
// Visible states are numbered so that visible unit i is on (1, or +1 for
// spins) exactly when bit i of the state number is set.
//
// # Softplus
//
// Softplus and Log2Cosh (math.Log1p of math.Exp) serve everything here
// and elsewhere whose bytes must stay put: exact enumeration, AIS, the
// anchors' log Z. The hot free-energy loops of Gibbs chains
// (package gibbs, hence trajectory AIS and parallel trajectory tempering)
// use SumHidden, a kernel without logarithm, exponential or division below
// |x| = 16 (a table of 300-bit Taylor coefficients): within 2 ulp of the
// exact value, about 3× faster, the same bits on every machine
// (softplus.go).
package rbm
