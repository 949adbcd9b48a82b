package mp

import (
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/rng"
	"gonum.org/v1/gonum/mat"
)

// noise returns a rows×cols matrix with i.i.d. N(0, s²) entries.
func noise(rows, cols int, s float64, r *rand.Rand) *mat.Dense {
	a := mat.NewDense(rows, cols, nil)
	raw := a.RawMatrix()
	for i := range raw.Data {
		raw.Data[i] = s * r.NormFloat64()
	}
	return a
}

// orthonormal returns k random orthonormal vectors of length n (Gram–Schmidt).
func orthonormal(n, k int, r *rand.Rand) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		v := make([]float64, n)
		for i := range v {
			v[i] = r.NormFloat64()
		}
		for _, u := range out[:j] {
			var d float64
			for i := range v {
				d += v[i] * u[i]
			}
			for i := range v {
				v[i] -= d * u[i]
			}
		}
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for i := range v {
			v[i] /= norm
		}
		out[j] = v
	}
	return out
}

// addSpikes adds Σ θ_j u_j v_jᵀ with random orthonormal u_j and v_j.
func addSpikes(a *mat.Dense, thetas []float64, r *rand.Rand) {
	rows, cols := a.Dims()
	us, vs := orthonormal(rows, len(thetas), r), orthonormal(cols, len(thetas), r)
	for j, th := range thetas {
		for i := range rows {
			for l := range cols {
				a.Set(i, l, a.At(i, l)+th*us[j][i]*vs[j][l])
			}
		}
	}
}

// singularValues returns the singular values of a, descending.
func singularValues(a *mat.Dense) []float64 {
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDNone) {
		panic("SVD failed")
	}
	return svd.Values(nil)
}

// spectrum draws s·X (+ spikes) for one seed and returns its singular values.
func spectrum(rows, cols int, s float64, seed uint64, thetas []float64) []float64 {
	r := rng.New(seed, 0, "mp-test")
	a := noise(rows, cols, s, r)
	if len(thetas) > 0 {
		addSpikes(a, thetas, r)
	}
	return singularValues(a)
}
