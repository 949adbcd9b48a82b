package trajectory

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
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

// swapRule is the weighted acceptance of the swap rule written out from
// rbm.FreeEnergy, chain by chain: rung chains x_k (model k, log weights
// wk), chains y of model t (log weights wy) paired by perm, each pair
// weighted by e^{wk_i + wy_π(i)} (nil weights: equal).
func swapRule(k *rbm.Model, xk [][]bool, wk []float64, t *rbm.Model, y [][]bool, wy []float64, perm []int) float64 {
	w := func(ws []float64, i int) float64 {
		if ws == nil {
			return 0
		}
		return ws[i]
	}
	top := math.Inf(-1)
	for i, p := range perm {
		top = max(top, w(wk, i)+w(wy, p))
	}
	num, den := 0.0, 0.0
	for i, p := range perm {
		d := freeEnergy(k, xk[i]) - freeEnergy(k, y[p]) + freeEnergy(t, y[p]) - freeEnergy(t, xk[i])
		pw := math.Exp(w(wk, i) + w(wy, p) - top)
		num += pw * math.Min(1, math.Exp(d))
		den += pw
	}
	return num / den
}

// freeEnergy is rbm.FreeEnergy of a chain's state.
func freeEnergy(m *rbm.Model, v []bool) float64 {
	x := make([]float64, len(v))
	for i, on := range v {
		switch {
		case on:
			x[i] = 1
		case m.Units == rbm.Spin:
			x[i] = -1
		}
	}
	return m.FreeEnergy(x)
}

// chainWeights is every chain's log weight toward the estimator's model,
// its group's anchor plus its lw, read off the estimator's fields.
func chainWeights(e *Estimator) []float64 {
	out := make([]float64, len(e.lw))
	n := len(e.lw) / len(e.anchor)
	for k, x := range e.lw {
		out[k] = e.anchor[k/n] + x
	}
	return out
}

// TestLadderAcceptanceRule checks the acceptance the ladder reports after
// every update of a drift against the weighted swap rule computed directly
// from rbm.FreeEnergy with the same pairing, the chains' weights toward
// θ_{t−1} read off the estimator before the update and carried to θ_t by
// F_{t−1} − F_t, a rung keeping those toward its own model; a new rung's
// Linked against the rule between the two rungs' chains; and that a ladder
// restored from its MarshalBinary state (with the estimator's) goes on
// exactly as the original.
func TestLadderAcceptanceRule(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		r := rand.New(rand.NewPCG(8, 9))
		m := randomModel(10, 5, units, 0.05, r)
		goal := randomModel(10, 5, units, 1.2, r)
		e, err := New(m, Config{Chains: 32, Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		l := e.EnableLadder(0.6)
		rungW := chainWeights(e)
		var copyE *Estimator
		var copyL *Ladder
		for u := 1; u <= 80; u++ {
			prev := m.Clone()
			for i := range m.W {
				m.W[i] += 0.03 * (goal.W[i] - m.W[i])
			}
			rung, chains := l.rung, l.states
			moves := e.moves
			wPrev := chainWeights(e)
			e.Update(m)
			wCur := make([]float64, len(wPrev))
			for k, v := range l.before {
				wCur[k] = wPrev[k] + freeEnergy(prev, v) - freeEnergy(m, v)
			}
			perm := rng.Derive(4, 0, "trajectory-ladder", moves).Perm(32)
			made, newRung, newChains := l.NewRung()
			if !made {
				if want := swapRule(rung, chains, rungW, m, l.before, wCur, perm); math.Abs(l.Acceptance()-want) > 1e-6 {
					t.Fatalf("%v update %d: acceptance %v, the rule from rbm.FreeEnergy %v", units, u, l.Acceptance(), want)
				}
			} else {
				if want := swapRule(rung, chains, rungW, newRung, newChains, wPrev, perm); math.Abs(l.Linked()-want) > 1e-6 {
					t.Fatalf("%v update %d: linked %v, the rule %v", units, u, l.Linked(), want)
				}
				if want := swapRule(newRung, newChains, wPrev, m, newChains, wCur, perm); math.Abs(l.Acceptance()-want) > 1e-6 {
					t.Fatalf("%v update %d: acceptance to the new rung %v, the rule %v", units, u, l.Acceptance(), want)
				}
				rungW = wPrev
			}
			if copyE != nil {
				copyE.Update(m)
				if copyL.Acceptance() != l.Acceptance() || copyL.Rungs() != l.Rungs() {
					t.Fatalf("%v update %d: the restored ladder has acceptance %v and %d rungs, the original %v and %d",
						units, u, copyL.Acceptance(), copyL.Rungs(), l.Acceptance(), l.Rungs())
				}
			}
			if u == 30 {
				es, _ := e.MarshalBinary()
				ls, _ := l.MarshalBinary()
				if copyE, err = Restore(m, Config{Chains: 32, Seed: 4}, es); err != nil {
					t.Fatal(err)
				}
				_, rm, _ := l.NewRung()
				if copyL, err = copyE.RestoreLadder(0.6, rm, ls); err != nil {
					t.Fatal(err)
				}
			}
		}
		if l.Rungs() < 3 {
			t.Errorf("%v: %d rungs, want several along the drift", units, l.Rungs())
		}
	}
}
