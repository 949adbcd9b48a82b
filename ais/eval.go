package ais

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/rbm"
)

// Limits of ExactSamples: it enumerates the visible layer when it has at
// most MaxExactVisible units, else the hidden layer when it has at most
// MaxExactHidden (each hidden state costs N·M operations).
const (
	MaxExactVisible = 20
	MaxExactHidden  = 16
)

// ExactSamples draws n independent samples of the model's visible layer
// (true = on) exactly, by enumerating the visible layer, or the hidden one
// and then drawing v given h. It fails for models too large for either.
func ExactSamples(m *rbm.Model, n int, r *rand.Rand) ([][]bool, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	out := make([][]bool, n)
	switch {
	case m.Visible <= MaxExactVisible:
		cum := cumulative(rbm.ExactVisibleLogProbs(m))
		for k := range out {
			s := pick(cum, r)
			v := make([]bool, m.Visible)
			for i := range v {
				v[i] = s>>i&1 == 1
			}
			out[k] = v
		}
	case m.Hidden <= MaxExactHidden:
		bm, _ := m.ToBernoulli()
		nv, nh := bm.Visible, bm.Hidden
		logp := make([]float64, 1<<nh)
		field := make([]float64, nv)
		for s := range logp {
			lp := 0.0
			for j := range nh {
				if s>>j&1 == 1 {
					lp += float64(bm.B[j])
				}
			}
			hiddenState(bm, s, field)
			for _, x := range field {
				lp += rbm.Softplus(x)
			}
			logp[s] = lp
		}
		cum := cumulative(logp)
		for k := range out {
			hiddenState(bm, pick(cum, r), field)
			v := make([]bool, nv)
			for i, x := range field {
				v[i] = r.Float64() < rbm.Sigmoid(x)
			}
			out[k] = v
		}
	default:
		return nil, fmt.Errorf("ais: exact samples need at most %d visible or %d hidden units, the model is %d×%d",
			MaxExactVisible, MaxExactHidden, m.Visible, m.Hidden)
	}
	return out, nil
}

// hiddenState sets field = a + W h for hidden state number s (bit j = h_j).
func hiddenState(bm *rbm.Model, s int, field []float64) {
	for i := range field {
		x := float64(bm.A[i])
		for j := range bm.Hidden {
			if s>>j&1 == 1 {
				x += float64(bm.W[i*bm.Hidden+j])
			}
		}
		field[i] = x
	}
}

// cumulative turns log weights into a normalized cumulative distribution.
func cumulative(logw []float64) []float64 {
	lse := rbm.LogSumExp(logw)
	cum := make([]float64, len(logw))
	s := 0.0
	for k, x := range logw {
		s += math.Exp(x - lse)
		cum[k] = s
	}
	return cum
}

func pick(cum []float64, r *rand.Rand) int {
	u := r.Float64() * cum[len(cum)-1]
	return min(sort.SearchFloat64s(cum, u), len(cum)-1)
}

// Resample draws n of a forward run's final states with probability
// proportional to their importance weights: approximate samples of the
// model, to start Reverse when exact ones are out of reach.
func Resample(res Result, n int, r *rand.Rand) [][]bool {
	cum := cumulative(res.LogWeights)
	out := make([][]bool, n)
	for k := range out {
		out[k] = append([]bool(nil), res.Final[pick(cum, r)]...)
	}
	return out
}

// freeEnergyRows is how many examples FreeEnergies multiplies at once.
const freeEnergyRows = 1024

// FreeEnergies returns F(v) for each configuration (true = on: 1, or +1
// for spin units), with the inputs b + Wᵀv from float32 GEMMs and the rest
// in float64.
func FreeEnergies(m *rbm.Model, data [][]bool) ([]float64, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	nv, nh := m.Visible, m.Hidden
	off := float32(0)
	if m.Units == rbm.Spin {
		off = -1
	}
	rows := min(len(data), freeEnergyRows)
	v := make([]float32, rows*nv)
	x := make([]float32, rows*nh)
	out := make([]float64, len(data))
	prod := fields.New(m, freeEnergyRows) // a GEMM, as the states may be spins
	for lo := 0; lo < len(data); lo += freeEnergyRows {
		hi := min(lo+freeEnergyRows, len(data))
		k := hi - lo
		for r := lo; r < hi; r++ {
			if len(data[r]) != nv {
				return nil, fmt.Errorf("ais: example %d has %d units, the model %d visible", r, len(data[r]), nv)
			}
			row := v[(r-lo)*nv : (r-lo+1)*nv]
			for i, on := range data[r] {
				row[i] = off
				if on {
					row[i] = 1
				}
			}
		}
		prod.HiddenGEMM(x[:k*nh], v[:k*nv], k)
		for r := lo; r < hi; r++ {
			f := 0.0
			for i, vi := range v[(r-lo)*nv : (r-lo+1)*nv] {
				f -= float64(m.A[i]) * float64(vi)
			}
			for j, xj := range x[(r-lo)*nh : (r-lo+1)*nh] {
				in := float64(m.B[j]) + float64(xj)
				if m.Units == rbm.Spin {
					f -= rbm.Log2Cosh(in)
				} else {
					f -= rbm.Softplus(in)
				}
			}
			out[r] = f
		}
	}
	return out, nil
}

// AverageLogLikelihood returns −⟨F⟩ − log Z over the free energies of a
// dataset and its standard error, combining the spread of F over the data
// with the error of log Z.
func AverageLogLikelihood(freeEnergies []float64, logZ, logZStdErr float64) (ll, stderr float64) {
	n := float64(len(freeEnergies))
	mean := 0.0
	for _, f := range freeEnergies {
		mean += f
	}
	mean /= n
	ss := 0.0
	for _, f := range freeEnergies {
		ss += (f - mean) * (f - mean)
	}
	varMean := 0.0
	if n > 1 {
		varMean = ss / (n - 1) / n
	}
	return -mean - logZ, math.Sqrt(varMean + logZStdErr*logZStdErr)
}
