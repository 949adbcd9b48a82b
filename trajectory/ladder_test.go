package trajectory

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// TestLadderForcedJump follows a model that does not move for 30 updates,
// jumps (W and the biases replaced by a strongly coupled model), then stays
// put: the acceptance is exactly 1 while the model stands still (every
// Δ is 0); at the jump's update the chains still hold samples of the
// model before it (they were swept under θ_{t−1}), so the gap shows one
// update later, which makes the jumped-to model a rung with the chains
// swept once under it; after that the acceptance is 1 again and no rung
// is made.
func TestLadderForcedJump(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	start := randomModel(12, 6, rbm.Bernoulli, 0.05, r)
	jump := randomModel(12, 6, rbm.Bernoulli, 2, r)
	m := start.Clone()
	e, err := New(m, Config{Chains: 64, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	l := e.EnableLadder(0.3)
	var rungsAt []int
	for u := 1; u <= 60; u++ {
		if u == 31 {
			m = jump.Clone()
		}
		e.Update(m)
		made, rung, chains := l.NewRung()
		if made {
			rungsAt = append(rungsAt, u)
			if !slices.Equal(rung.W, jump.W) || len(chains) != 64 {
				t.Errorf("update %d: the rung is not the model before the update (or has %d chains)", u, len(chains))
			}
		}
		if u < 31 || u > 32 {
			if acc := l.Acceptance(); acc != 1 || made {
				t.Errorf("update %d (model unchanged since the last rung's or standing still): acceptance %v, new rung %v", u, acc, made)
			}
		}
	}
	if !slices.Equal(rungsAt, []int{32}) || l.Rungs() != 2 {
		t.Errorf("rungs made at updates %v (%d in all), want [32] (2 with θ₀)", rungsAt, l.Rungs())
	}
}

// TestLadderDrift: along a slow drift the acceptance to the last rung
// decays as the model moves away from it, a rung is made each time it
// falls below the target, and the acceptance recovers after each.
func TestLadderDrift(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 7))
	m := randomModel(12, 6, rbm.Spin, 0.05, r)
	target := randomModel(12, 6, rbm.Spin, 1.5, r)
	e, err := New(m, Config{Chains: 64, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	l := e.EnableLadder(0.5)
	prevMade := false
	for u := 1; u <= 200; u++ {
		for i := range m.W {
			m.W[i] += 0.02 * (target.W[i] - m.W[i])
		}
		e.Update(m)
		made, _, _ := l.NewRung()
		if made && prevMade {
			t.Errorf("update %d: rungs at two updates in a row along a slow drift", u)
		}
		prevMade = made
	}
	if l.Rungs() < 3 {
		t.Errorf("%d rungs along a drift to a strongly coupled model, want several", l.Rungs())
	}
	t.Logf("%d rungs, last acceptance %.3f", l.Rungs(), l.Acceptance())
}
