package mp

import (
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"gonum.org/v1/gonum/mat"
)

// The same mode is unstable whichever convention stores the model: a
// Bernoulli model and its spin conversion (J = W/4) flag the same modes.
func TestInstabilityThresholdAcrossConventions(t *testing.T) {
	const nv, nh = 30, 12
	r := rng.New(3, 0, "mp-test-threshold")
	w := noise(nv, nh, 0.1, r)
	addSpikes(w, []float64{9, 5, 4.5, 3.5, 2}, r)
	m := rbm.New(nv, nh, rbm.Bernoulli)
	for i := range nv {
		for j := range nh {
			m.W[i*nh+j] = float32(w.At(i, j))
		}
	}
	spin, _ := m.ToSpin()
	sv := func(model *rbm.Model) []float64 {
		a := mat.NewDense(nv, nh, nil)
		for i := range nv {
			for j := range nh {
				a.Set(i, j, float64(model.W[i*nh+j]))
			}
		}
		return singularValues(a)
	}
	bern := Above(sv(m), InstabilityThreshold(rbm.Bernoulli))
	spins := Above(sv(spin), InstabilityThreshold(rbm.Spin))
	if len(bern) != 3 {
		t.Errorf("%d modes above σ(W) = 4, want the 3 spikes above it: %v", len(bern), bern)
	}
	if len(bern) != len(spins) {
		t.Fatalf("Bernoulli flags %v, spin flags %v", bern, spins)
	}
	for i := range bern {
		if bern[i].Index != spins[i].Index {
			t.Errorf("mode %d: Bernoulli index %d, spin index %d", i, bern[i].Index, spins[i].Index)
		}
	}
}

func TestAbove(t *testing.T) {
	got := Above([]float64{1, 5, 3, 4, 5.5}, 3)
	want := []Mode{{4, 5.5}, {1, 5}, {3, 4}}
	if !slices.Equal(got, want) {
		t.Errorf("Above = %v, want %v", got, want)
	}
	if Above([]float64{1, 2}, 2) != nil {
		t.Error("Above is not strict")
	}
}
