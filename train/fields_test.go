package train

import (
	"testing"

	"github.com/rbmkit/rbmkit/internal/fields/fieldstest"
)

// sparseData is 60 examples of 100 units, 8% on.
func sparseData() *Data {
	data := &Data{Visible: 100, Count: 60, Bits: make([]uint8, 100*60)}
	for e := range data.Count {
		for i := range data.Visible {
			if (e*7+i*13)%25 < 2 {
				data.Bits[e*data.Visible+i] = 1
			}
		}
	}
	return data
}

// The trainer on the engine of package internal/fields: row sums against
// GEMM and the same bits at GOMAXPROCS 1 and 2, over steps that change W
// (so a Wᵀ kept from an earlier step would show), for the fused step
// (CD-1, PCD-3) and the general one (centered Adam).
func TestFieldsConformance(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"cd-1", Config{Method: CD, K: 1}},
		{"pcd-3", Config{Method: PCD, K: 3, Chains: 24}},
		{"pt", Config{Method: PT, K: 2, Chains: 8, Ladder: 3, BetaMin: 0.5}},
		{"centered adam", Config{Method: PCD, K: 2, Centered: true, CenterSlide: 0.1, Optimizer: Adam,
			AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8}},
	} {
		cfg := c.cfg
		cfg.Hidden, cfg.BatchSize, cfg.LearningRate, cfg.Momentum = 70, 20, 0.1, 0.5
		cfg.WeightDecay, cfg.InitStd, cfg.LogitBias, cfg.Seed = 0.01, 0.1, true, 7
		if cfg.Optimizer == Adam {
			cfg.LearningRate = 0.01
		}
		fieldstest.Check(t, fieldstest.Engine{
			Name: c.name,
			Run: func(dense bool) map[string][]float32 {
				tr, err := New(cfg, sparseData())
				if err != nil {
					t.Fatal(err)
				}
				tr.fields.Dense = dense
				for j := range tr.Model.B {
					tr.Model.B[j] = -2 // hidden units mostly off too: H·Wᵀ by row sums
				}
				for s := range 4 {
					tr.step([]int{s, 3 + s, 5, 7, 9, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 55, 57, 59})
				}
				return map[string][]float32{"W": tr.Model.W, "a": tr.Model.A, "b": tr.Model.B,
					"velW": tr.velW, "vk": tr.vk, "chains": tr.chains}
			},
			Exact: map[string]bool{"chains": true},
			Tol:   1e-5,
		})
	}
}

// The fused momentum step of a plain run (the gradient product adding the
// step in the same pass) against the general step (gradient, then apply)
// on the same phases, on both routes of the fields.
func TestFusedStepMatchesGeneralStep(t *testing.T) {
	for _, method := range []Method{CD, PCD} {
		for _, dense := range []bool{false, true} {
			cfg := Config{Hidden: 70, Method: method, K: 2, BatchSize: 20, LearningRate: 0.1, Momentum: 0.5,
				WeightDecay: 0.01, InitStd: 0.1, LogitBias: true, Seed: 8}
			fused, err := New(cfg, sparseData())
			if err != nil {
				t.Fatal(err)
			}
			general, _ := New(cfg, sparseData())
			general.scratch() // the general step's buffers, which a plain run does not make
			if !fused.plain() {
				t.Fatal("the run is not plain: no fused step to test")
			}
			for _, tr := range []*Trainer{fused, general} {
				tr.fields.Dense = dense
				for j := range tr.Model.B {
					tr.Model.B[j] = -2
				}
			}
			for s := range 4 {
				batch := []int{s, 3 + s, 5, 7, 9, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 55, 57, 59}
				fused.step(batch)
				b, rows := general.phases(batch)
				general.generalStep(b, rows)
			}
			if fused.Step != general.Step {
				t.Fatalf("%s: %d fused steps, %d general", method, fused.Step, general.Step)
			}
			for name, pair := range map[string][2][]float32{"W": {fused.Model.W, general.Model.W},
				"velW": {fused.velW, general.velW}, "a": {fused.Model.A, general.Model.A},
				"b": {fused.Model.B, general.Model.B}, "velA": {fused.velA, general.velA}} {
				for i := range pair[0] {
					if d := pair[0][i] - pair[1][i]; d > 1e-6 || d < -1e-6 {
						t.Fatalf("%s dense=%v: %s[%d] = %v fused, %v general", method, dense, name, i, pair[0][i], pair[1][i])
					}
				}
			}
		}
	}
}
