package spectral

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortFloats gives the same sequence as slices.Sort on samples of every
// shape Describe meets (Gaussian, heavy ties, one sign, tiny and huge
// magnitudes, subnormals, infinities), at sizes around the switch to radix.
func TestSortFloatsMatchesSlicesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func() float64{
		"normal":    func() float64 { return r.NormFloat64() },
		"ties":      func() float64 { return float64(r.IntN(7) - 3) },
		"positive":  func() float64 { return r.ExpFloat64() * 1e-3 },
		"negative":  func() float64 { return -r.ExpFloat64() * 1e5 },
		"magnitude": func() float64 { return math.Ldexp(r.NormFloat64(), r.IntN(2000)-1000) },
		"special": func() float64 {
			return []float64{math.Inf(1), math.Inf(-1), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1}[r.IntN(8)]
		},
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 511, 512, 513, 10000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen()
			}
			want := slices.Clone(x)
			slices.Sort(want)
			sortFloats(x)
			if !slices.Equal(x, want) {
				t.Errorf("%s, n=%d: differs from slices.Sort", name, n)
			}
		}
	}
}

func BenchmarkSortFloats(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 10000)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	y := make([]float64, len(x))
	for _, s := range []struct {
		name string
		sort func([]float64)
	}{{"radix", sortFloats}, {"pdqsort", slices.Sort[[]float64]}} {
		b.Run(s.name, func(b *testing.B) {
			for range b.N {
				copy(y, x)
				s.sort(y)
			}
		})
	}
}
