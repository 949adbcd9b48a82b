package logistic

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fields returns n fields that cover the exponential's whole range, its
// edges and the awkward values (±0, the clamps, round-half cases).
func fields(n int) []float32 {
	r := rand.New(rand.NewPCG(1, 2))
	x := []float32{0, float32(math.Copysign(0, -1)), 88.7, -88.7, 87.3, -87.3, 88.69, -87.29, 100, -100, 1e30, -1e30,
		0.5 / log2e, -0.5 / log2e, 1.5 / log2e, -1.5 / log2e, 1e-8, -1e-8}
	for len(x) < n {
		x = append(x, float32(r.NormFloat64()*20), float32(r.NormFloat64()))
	}
	return x[:n]
}

// The assembly and the Go loop give the same bits for every unit, for
// Bernoulli and spin settings; lengths that are not multiples of eight
// take the Go tail.
func TestApplyKernelMatchesGo(t *testing.T) {
	for _, n := range []int{1, 7, 8, 9, 500, 1003} {
		prod, bias := fields(n), fields(n + 5)[5:]
		for _, c := range []struct{ scale, mul, add float32 }{{1, 1, 0}, {2, 2, -1}, {0.7, 1, 0}} {
			fast, slow := make([]float32, n), make([]float32, n)
			Apply(fast, prod, bias, c.scale, c.mul, c.add)
			saved := haveAVX2
			haveAVX2 = false
			Apply(slow, prod, bias, c.scale, c.mul, c.add)
			haveAVX2 = saved
			for j := range fast {
				if math.Float32bits(fast[j]) != math.Float32bits(slow[j]) {
					t.Fatalf("n=%d %+v: unit %d (field %v): kernel %v, Go %v", n, c, j, prod[j]+bias[j], fast[j], slow[j])
				}
			}
		}
	}
}

// Apply is σ and tanh to float32 accuracy, against float64 math.
func TestApplyAccuracy(t *testing.T) {
	n := 4096
	prod, bias := fields(n), make([]float32, n)
	sig, tanh := make([]float32, n), make([]float32, n)
	Apply(sig, prod, bias, 1, 1, 0)
	Apply(tanh, prod, bias, 2, 2, -1)
	for j, z := range prod {
		want := 1 / (1 + math.Exp(-float64(z)))
		if got := float64(sig[j]); math.Abs(got-want) > 4e-7*want+1e-30 {
			t.Errorf("σ(%v) = %v, want %v", z, got, want)
		}
		if got, want := float64(tanh[j]), math.Tanh(float64(z)); math.Abs(got-want) > 1e-6 {
			t.Errorf("tanh(%v) = %v, want %v", z, got, want)
		}
	}
}

func BenchmarkApply(b *testing.B) {
	prod, bias, dst := fields(500), make([]float32, 500), make([]float32, 500)
	for b.Loop() {
		Apply(dst, prod, bias, 1, 1, 0)
	}
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds()/1e6, "Munits/s")
}
