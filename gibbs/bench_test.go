package gibbs

import (
	"os"
	"testing"

	_ "github.com/rbmkit/rbmkit/backend" // OpenBLAS under -tags openblas

	"github.com/rbmkit/rbmkit/internal/benchdata"
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
	benchSweeps(b, randomModel(1, 784, 500, rbm.Bernoulli, 0.05, 0.1), nil)
}

// BenchmarkSweepTrained does the same on the last snapshot of the
// checkpoint stream named by RBMKIT_GIBBS_MODEL (bench/gibbs.sh trains one
// on MNIST), chains started from the first 1000 MNIST training digits
// (binarized at 128): a model that learned digits keeps its chains near
// digits, whose sparse states the products exploit, where a random
// model's units are on half the time. (From noise, such a model's hidden
// units switch off and its visible units stay noise.)
func BenchmarkSweepTrained(b *testing.B) {
	path := os.Getenv("RBMKIT_GIBBS_MODEL")
	if path == "" {
		b.Skip("RBMKIT_GIBBS_MODEL names no checkpoint (bench/gibbs.sh sets it)")
	}
	m := benchdata.LastModel(b, path)
	digits := benchdata.Digits(b, "train10k-images-idx3-ubyte.gz", 1000)
	benchSweeps(b, m, func(s *Sampler) {
		for c := range s.Chains() {
			s.SetVisible(c, digits[c])
		}
	})
}

// benchSweeps times sweeps of 1000 chains from start (noise if nil) after
// a burn-in of 20 sweeps (the peer in bench/gibbs_vs_torch.py does the
// same).
func benchSweeps(b *testing.B, m *rbm.Model, start func(*Sampler)) {
	s, err := New(m, Config{Chains: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s.InitNoise()
	if start != nil {
		start(s)
	}
	for range 20 {
		s.Sweep()
	}
	b.ResetTimer()
	for b.Loop() {
		s.Sweep()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sweeps/s")
}
