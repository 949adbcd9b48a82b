package trajectory

import (
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// BenchmarkUpdate is the per-update cost of the estimator's chains at
// N = 784, M = 500 (one sweep, two free energies, the model copy), the
// model moving a little between updates as in training:
// go test -bench Update -run - ./trajectory (bench/logz.sh compares
// rbm-train's epoch time with and without -logz).
func BenchmarkUpdate(b *testing.B) {
	for _, chains := range []int{128, 256} {
		b.Run(map[int]string{128: "M500-chains128", 256: "M500-chains256"}[chains], func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			m := randomModel(784, 500, rbm.Bernoulli, 0.01, r)
			for i := range m.A {
				m.A[i] = -2 // sparse visible states, like MNIST's
			}
			e, err := New(m, Config{Chains: chains, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.W[i%len(m.W)] += 0.001
				e.Update(m)
			}
		})
	}
}
