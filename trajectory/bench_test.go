package trajectory

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/rbm"
)

// BenchmarkUpdate is the per-update cost of the estimator's chains at
// N = 784, M = 500 (one sweep, two free energies, the model copy), the
// model moving a little between updates as in training:
// go test -bench Update -run - ./trajectory (bench/logz.sh compares
// rbm-train's epoch time with and without -logz). The -shared variants
// are UpdateShared, handed Wᵀ of θ_{t−1} as rbm-train's trainer hands it
// over (kept here by changing its one moved entry), so without the
// estimator's transpose. The -stride variants take 100 updates at a time
// along their line (-sweepsS: S sweeps a step; -stepsK: in K steps), the
// study's settings among them (pipelines/paper/Makefile's LOGZ_*).
func BenchmarkUpdate(b *testing.B) {
	for _, chains := range []int{64, 128, 256} {
		for _, v := range []struct {
			shared                    bool
			stride, sweeps, lineSteps int
		}{{false, 1, 1, 0}, {true, 1, 1, 0}, {false, 100, 1, 0}, {false, 100, 2, 0}, {false, 100, 2, 50}, {false, 100, 2, 25}, {false, 100, 1, 50}} {
			shared := v.shared
			name := fmt.Sprintf("M500-chains%d", chains)
			if shared {
				name += "-shared"
			}
			if v.stride > 1 {
				name += fmt.Sprintf("-stride%d", v.stride)
			}
			if v.sweeps > 1 {
				name += fmt.Sprintf("-sweeps%d", v.sweeps)
			}
			if v.lineSteps > 0 {
				name += fmt.Sprintf("-steps%d", v.lineSteps)
			}
			b.Run(name, func(b *testing.B) {
				r := rand.New(rand.NewPCG(1, 2))
				m := randomModel(784, 500, rbm.Bernoulli, 0.01, r)
				for i := range m.A {
					m.A[i] = -2 // sparse visible states, like MNIST's
				}
				e, err := New(m, Config{Chains: chains, Stride: v.stride, Sweeps: v.sweeps, LineSteps: v.lineSteps, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				wt := fields.Transpose(nil, m.W, m.Visible, m.Hidden)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := i % len(m.W)
					m.W[k] += 0.001
					if !shared {
						e.Update(m)
						continue
					}
					if !e.transposeOfCur(wt) {
						b.Fatal("the kept Wᵀ is not θ_{t−1}'s")
					}
					e.UpdateShared(m, wt)
					wt[k%m.Hidden*m.Visible+k/m.Hidden] = m.W[k]
				}
			})
		}
	}
}
