package ais

import (
	"testing"

	"github.com/rbmkit/rbmkit/internal/fields/fieldstest"
	"github.com/rbmkit/rbmkit/rbm"
)

// AIS's chains on the engine of package internal/fields: row sums against
// GEMM and the same bits at GOMAXPROCS 1 and 2, forward from a base rate
// that keeps the visible units mostly off, for both unit conventions (the
// engine runs the Bernoulli form of a spin model).
func TestFieldsConformance(t *testing.T) {
	for _, u := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		fieldstest.Check(t, fieldstest.Engine{
			Name: "AIS " + u.String(),
			Run: func(dense bool) map[string][]float32 {
				m := randomModel(31, 50, 30, u, 0.3, 0.5)
				base := make([]float64, m.Visible)
				for i := range base {
					base[i] = -2
				}
				o := Options{Chains: 25, Betas: Schedule(200), BaseVisibleBias: base, Seed: 5, Purpose: "ais"}
				bm, _, betas, base, err := prepare(m, &o)
				if err != nil {
					t.Fatal(err)
				}
				e := newEngine(bm, o.Chains, base, o)
				e.fields.Dense = dense
				e.visibleStep(0)
				if err := e.anneal(betas, o); err != nil {
					t.Fatal(err)
				}
				return map[string][]float32{"v": e.v, "h": e.h, "x": e.x, "y": e.y, "log w": fieldstest.Float32s(e.lw)}
			},
			Exact: map[string]bool{"v": true, "h": true},
			Tol:   1e-5,
		})
	}
}
