package trajectory

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/internal/binprod"
	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/internal/fields/fieldstest"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
)

// An estimator reading the trainer's transpose of θ_{t−1}
// (UpdateShared) follows a PCD run bit for bit like one transposing its
// own copy (Update): the same chains, weights and estimate after every
// epoch. The trainer's transpose is checked to be θ_{t−1}'s and to pass
// the spot check (so it was read), and a transpose of another model to
// fail it (so it would be ignored).
func TestUpdateSharedSameBits(t *testing.T) {
	const n = 60
	r := rand.New(rand.NewPCG(3, 4))
	data := &train.Data{Visible: n, Count: 80, Bits: make([]uint8, n*80)}
	for i := range data.Bits {
		if r.Float64() < 0.15 {
			data.Bits[i] = 1
		}
	}
	tr, err := train.New(train.Config{Hidden: 40, Method: train.PCD, K: 3, BatchSize: 20,
		LearningRate: 0.05, Momentum: 0.5, InitStd: 0.1, Seed: 5}, data)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Chains: 32, Groups: 4, Seed: 6, AnchorSteps: 5}
	own, err := New(tr.Model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := New(tr.Model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	other := randomModel(n, 40, tr.Model.Units, 0.1, r)
	read := 0
	prev := tr.Model.Clone()
	tr.AfterUpdate = func(m *rbm.Model) {
		wt := tr.PreviousTransposed()
		if wt == nil && binprod.SparseBelow >= 1 {
			t.Fatal("the pure-Go trainer kept no Wᵀ of its binary hidden states")
		}
		if wt != nil {
			if !fieldstest.Same(wt, fields.Transpose(nil, prev.W, n, 40)) {
				t.Fatal("PreviousTransposed is not Wᵀ of the weights before the update")
			}
			if !shared.transposeOfCur(wt) {
				t.Fatal("the spot check refused θ_{t−1}'s transpose")
			}
			read++
		}
		if shared.transposeOfCur(fields.Transpose(nil, other.W, n, 40)) {
			t.Fatal("the spot check took another model's transpose")
		}
		own.Update(m)
		shared.UpdateShared(m, wt)
		prev = m.Clone()
	}
	for epoch := 1; epoch <= 5; epoch++ {
		if err := tr.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		a, _ := own.MarshalBinary()
		b, _ := shared.MarshalBinary()
		if !bytes.Equal(a, b) || own.Estimate() != shared.Estimate() {
			t.Fatalf("epoch %d: the estimator on the shared Wᵀ differs from the one on its own", epoch)
		}
	}
	if binprod.SparseBelow >= 1 && read == 0 {
		t.Fatal("no update read the trainer's Wᵀ")
	}
}
