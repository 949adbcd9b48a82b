// Package testmodel makes the random models that the tests of the
// numerical packages (ais, gibbs, meanfield, spectral, train, the tools)
// share, so each draws them one way.
package testmodel

import (
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/rbm"
)

// Gaussian returns an n×m model with W_ij ~ N(0, ws²) and biases
// ~ N(0, bs²), drawn from r in the order W, a, b.
func Gaussian(r *rand.Rand, n, m int, u rbm.Units, ws, bs float64) *rbm.Model {
	md := rbm.New(n, m, u)
	for i := range md.W {
		md.W[i] = float32(ws * r.NormFloat64())
	}
	for i := range md.A {
		md.A[i] = float32(bs * r.NormFloat64())
	}
	for j := range md.B {
		md.B[j] = float32(bs * r.NormFloat64())
	}
	return md
}
