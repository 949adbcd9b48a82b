package gibbs

import (
	"testing"

	_ "github.com/rbmkit/rbmkit/backend" // OpenBLAS under -tags openblas

	"github.com/rbmkit/rbmkit/rbm"
)

// BenchmarkSweep runs Gibbs sweeps of 1000 chains on a random 784×500
// model (W ~ N(0, 0.05²), biases N(0, 0.1²)) and reports sweeps/s:
//
//	go test -run - -bench Sweep ./gibbs
//	CGO_LDFLAGS=-lopenblas go test -tags openblas -run - -bench Sweep ./gibbs
//
// bench/gibbs.sh runs it beside the same loop in PyTorch.
func BenchmarkSweep(b *testing.B) {
	m := randomModel(1, 784, 500, rbm.Bernoulli, 0.05, 0.1)
	s, err := New(m, Config{Chains: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s.InitNoise()
	s.Sweep()
	b.ResetTimer()
	for b.Loop() {
		s.Sweep()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sweeps/s")
}
