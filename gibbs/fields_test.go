package gibbs

import (
	"testing"

	"github.com/rbmkit/rbmkit/internal/fields/fieldstest"
)

// The Sampler and Tempering on the engine of package internal/fields:
// row sums against GEMM, the same bits at GOMAXPROCS 1 and 2, and W
// changed in place between runs of sweeps (ModelChanged, Restart) as the
// trainer changes it.
func TestFieldsConformance(t *testing.T) {
	const n, m = 60, 40
	scaleW := func(w []float32) {
		for i := range w {
			w[i] *= 0.8
		}
	}
	fieldstest.Check(t, fieldstest.Engine{
		Name: "Sampler",
		Run: func(dense bool) map[string][]float32 {
			md := randomModel(21, n, m, 0, 0.4, 0.5)
			for j := range md.B {
				md.B[j] -= 1.5 // hidden units mostly off, so H·Wᵀ takes the row sums too
			}
			s, err := New(md, Config{Chains: 70, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			s.fields.Dense = dense
			s.InitNoise()
			for range 3 {
				s.Sweep()
			}
			scaleW(md.W)
			s.ModelChanged()
			for range 3 {
				s.Sweep()
			}
			e, err := s.Energies(nil)
			if err != nil {
				t.Fatal(err)
			}
			return map[string][]float32{"v": s.v, "h": s.h, "vW": s.vW, "hWt": s.hWt,
				"E": fieldstest.Float32s(e), "F": fieldstest.Float32s(s.FreeEnergies(nil))}
		},
		Exact: map[string]bool{"v": true, "h": true},
		Tol:   1e-5,
	})
	fieldstest.Check(t, fieldstest.Engine{
		Name: "Tempering",
		Run: func(dense bool) map[string][]float32 {
			md := randomModel(22, n, m, 0, 0.4, 0.5)
			pt, err := NewTempering(md, 12, Ladder(4, 0.4), Config{Seed: 4})
			if err != nil {
				t.Fatal(err)
			}
			pt.sampler.fields.Dense = dense
			pt.sampler.InitNoise()
			states := pt.States(nil)
			for step := range 3 {
				pt.Restart(states, step+1, step*2)
				pt.Sweep()
				pt.Sweep()
				states = pt.States(states)
				scaleW(md.W)
			}
			return map[string][]float32{"states": states, "h": pt.sampler.h, "hWt": pt.sampler.hWt,
				"E": fieldstest.Float32s(pt.Energies())}
		},
		Exact: map[string]bool{"states": true, "h": true},
		Tol:   1e-5,
	})
}
