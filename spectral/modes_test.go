package spectral

import (
	"fmt"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// TopModes hands out singular modes (W v = σ u, σ decreasing, u signed by
// the package's rule), and exactly the vectors Decompose holds as columns:
// the modes meanfield and diffusion work on are those rbm-svd writes.
func TestTopModesAreDecomposeColumns(t *testing.T) {
	for _, sh := range []struct{ n, m, k int }{{9, 6, 0}, {6, 9, 4}, {30, 20, 100}} {
		t.Run(fmt.Sprintf("%dx%d top %d", sh.n, sh.m, sh.k), func(t *testing.T) {
			m := gaussianModel(rng.New(50, 0, "modes"), sh.n, sh.m, rbm.Bernoulli, 1, 0.3)
			modes, err := TopModes(m, sh.k)
			if err != nil {
				t.Fatal(err)
			}
			r := min(sh.n, sh.m)
			if want := min(r, sh.k); len(modes) != want && !(sh.k <= 0 && len(modes) == r) {
				t.Fatalf("%d modes, want %d", len(modes), want)
			}
			d, err := Decompose(m, true)
			if err != nil {
				t.Fatal(err)
			}
			for a, md := range modes {
				if md.Rank != a || md.Sigma != d.Sigma[a] {
					t.Fatalf("mode %d: rank %d σ %v, the decomposition's σ %v", a, md.Rank, md.Sigma, d.Sigma[a])
				}
				if a > 0 && md.Sigma > modes[a-1].Sigma {
					t.Errorf("modes not sorted: σ%d = %g > σ%d = %g", a, md.Sigma, a-1, modes[a-1].Sigma)
				}
				big := 0.0
				for i := range sh.n {
					if md.U[i] != d.U.At(i, a) {
						t.Fatalf("mode %d: u[%d] = %v, the decomposition's %v", a, i, md.U[i], d.U.At(i, a))
					}
					wv := 0.0
					for j := range sh.m {
						wv += float64(m.W[i*sh.m+j]) * md.V[j]
					}
					if math.Abs(wv-md.Sigma*md.U[i]) > 1e-9*math.Max(1, md.Sigma) {
						t.Errorf("mode %d: (Wv)_%d = %g, σu = %g", a, i, wv, md.Sigma*md.U[i])
					}
					if math.Abs(md.U[i]) > math.Abs(big) {
						big = md.U[i]
					}
				}
				for j := range sh.m {
					if md.V[j] != d.V.At(j, a) {
						t.Fatalf("mode %d: v[%d] = %v, the decomposition's %v", a, j, md.V[j], d.V.At(j, a))
					}
				}
				if big < 0 {
					t.Errorf("mode %d: largest component of u is negative", a)
				}
			}
		})
	}
}
