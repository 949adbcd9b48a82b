package trajectory

import (
	"math"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Ladder marks rungs along the training trajectory: models far enough
// apart that a replica exchange between neighbours is still accepted
// often enough (the rungs a parallel tempering over the trajectory
// samples). After every update it measures the swap acceptance between the
// last rung (its model and the chains stored with it) and the current
// model with the estimator's chains, paired by a random permutation and
// not actually swapped:
//
//	Δ_i = F_k(x_k,i) − F_k(x_{π(i)}) + F_t(x_{π(i)}) − F_t(x_k,i),
//	acceptance = mean_i min(1, e^{Δ_i});
//
// when it falls below Target, the model before the update (θ_{t−1}) and
// the chains as they were swept under it become the new rung. The first
// rung is θ₀. The chains hold samples of θ_{t−1} when update t is
// measured, so a jump of the model shows one update late, and the rung it
// makes is the model after the jump. It costs two free energies of every chain under another
// model per update (a dense product each), about as much again as the
// estimator itself, so it is off unless asked for. rbm-train does not use
// it yet, and its state is not part of MarshalBinary's.
type Ladder struct {
	Target  float64
	rung    *rbm.Model
	states  [][]bool   // the rung's chains
	fOwn    []float64  // F_rung(states): fixed while the rung is
	prev    *rbm.Model // θ_{t−1}
	before  [][]bool   // the chains swept under θ_{t−1}
	last    float64    // the last update's acceptance
	rungs   int
	newRung bool
	seed    uint64
	rep     int
}

// EnableLadder starts a ladder (Ladder) at the estimator's current model,
// the first rung, with its chains; the updates that follow observe it.
func (e *Estimator) EnableLadder(target float64) *Ladder {
	l := &Ladder{Target: target, seed: e.cfg.Seed, rep: e.cfg.Replica, last: 1, rungs: 1, prev: e.cur.Clone()}
	l.setRung(e.cur, e.states())
	e.ladder = l
	return l
}

// states returns the chains' visible states (true = on).
func (e *Estimator) states() [][]bool {
	n := e.cur.Visible
	v := e.s.VisibleStates()
	out := make([][]bool, e.cfg.Chains)
	for k := range out {
		row := make([]bool, n)
		for i, x := range v[k*n : (k+1)*n] {
			row[i] = x > 0
		}
		out[k] = row
	}
	return out
}

func (l *Ladder) setRung(m *rbm.Model, states [][]bool) {
	l.rung, l.states = m.Clone(), states
	l.fOwn, _ = ais.FreeEnergies(l.rung, states)
}

// swept records θ_{t−1} and the chains just swept under it.
func (l *Ladder) swept(e *Estimator) {
	copy(l.prev.W, e.cur.W)
	copy(l.prev.A, e.cur.A)
	copy(l.prev.B, e.cur.B)
	l.before = e.states()
}

// weighed measures the acceptance with the model now θ_t, and makes
// θ_{t−1} a rung when it falls below the target.
func (l *Ladder) weighed(e *Estimator) {
	n := len(l.before)
	perm := rng.Derive(l.seed, l.rep, "trajectory-ladder", e.moves).Perm(n)
	paired := make([][]bool, n)
	for i, p := range perm {
		paired[i] = l.before[p]
	}
	fRungCur, _ := ais.FreeEnergies(l.rung, paired)
	fCurCur, _ := ais.FreeEnergies(e.cur, paired)
	fCurRung, _ := ais.FreeEnergies(e.cur, l.states)
	acc := 0.0
	for i := range n {
		// Grouped so that models equal up to the bit give Δ = 0 exactly.
		d := (l.fOwn[i] - fCurRung[i]) - (fRungCur[i] - fCurCur[i])
		acc += math.Min(1, math.Exp(d))
	}
	l.last = acc / float64(n)
	l.newRung = l.last < l.Target
	if l.newRung {
		l.setRung(l.prev, l.before)
		l.rungs++
	}
}

// Acceptance is the last update's swap acceptance with the last rung
// (before a rung it made).
func (l *Ladder) Acceptance() float64 { return l.last }

// Rungs counts the rungs so far (θ₀ the first).
func (l *Ladder) Rungs() int { return l.rungs }

// NewRung reports whether the last update made θ_{t−1} a rung, and
// returns the last rung's model and chains (not to be changed).
func (l *Ladder) NewRung() (made bool, m *rbm.Model, chains [][]bool) {
	return l.newRung, l.rung, l.states
}
