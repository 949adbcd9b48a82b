package trajectory

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Ladder marks rungs along the training trajectory: models far enough
// apart that a replica exchange between neighbours is still accepted
// often enough (the rungs a parallel tempering over the trajectory
// samples). After every update it estimates the equilibrium swap
// acceptance E_{x~p_k, y~p_t}[min(1, e^Δ)] between the last rung k (its
// model and the chains stored with it) and the current model t, with the
// estimator's chains paired by a random permutation π and not actually
// swapped:
//
//	Δ_i = F_k(x_k,i) − F_k(x_{π(i)}) + F_t(x_{π(i)}) − F_t(x_k,i),
//	acceptance = Σ_i w_i min(1, e^{Δ_i}) / Σ_i w_i,
//	log w_i = λ_k,i + λ_{π(i)};
//
// λ is a chain's log importance weight toward its model (Estimator.
// logWeights: its group's anchor plus its lw), λ_k,i the one rung chain i
// had when the rung was made. The chains follow the model by one sweep
// per step, so they lag it; the weights are what makes them samples of
// it (as for log Z), and a plain mean of min(1, e^Δ) over them reads the
// acceptance between the models the chains are still near, too high where
// the model moves farther than they follow (docs/ptt.md measured it:
// 0.27–0.30 recorded where tempering found 0.085–0.25). Weighted, it is a
// self-normalised importance estimate under p_k × p_t: consistent, with
// the noise of the pairs' effective number, which shrinks as the weights
// spread (at M = 500 late in training, a dozen of 128 pairs: per link the
// acceptance tempering then finds scatters around the target, docs/ptt.md).
//
// When the acceptance falls below Target, the model before the update
// (θ_{t−1}), the chains as they were swept under it and their weights
// become the new rung. The first rung is θ₀. The chains hold samples of
// θ_{t−1} when update t is measured; their weights toward θ_t see a jump
// of the model at once, with the noise of the few chains that carry the
// weight across it: typically θ_{t−1}, the model before the jump, becomes
// a rung, and at the next update the jumped-to one. It costs two free
// energies of every chain under another model per update (a dense product
// each), about as much again as the estimator itself, so it is off unless
// asked for.
//
// Every estimate comes with the pairs' effective number (Pairs, Kish's
// (Σw)²/Σw² of the pairs' weights), which says how far to trust it. With
// Confidence z > 0 the rung is cut when a − z·SE falls below Target
// rather than a itself, SE = √(a(1−a)/n) with n the pairs' effective
// number: min(1, e^Δ) lies in [0, 1], so its variance is at most a(1−a),
// and an estimate resting on few pairs cuts the rung earlier, never later
// (a link cut late is a weak link for tempering; docs/ptt.md).
//
// When a rung is made, the acceptance between it and the rung before
// (Linked) is measured the same way with the two rungs' own chains, and
// the current model's acceptance (Acceptance) again against the new rung,
// so that both always name the last rung.
type Ladder struct {
	Target float64
	// Confidence is z of the cut a − z·SE < Target (0: a < Target).
	Confidence float64

	rung    *rbm.Model
	states  [][]bool   // the rung's chains
	lwOwn   []float64  // their log weights toward the rung's model
	fOwn    []float64  // F_rung(states): fixed while the rung is
	prev    *rbm.Model // θ_{t−1}
	before  [][]bool   // the chains swept under θ_{t−1}
	lwPrev  []float64  // their log weights toward θ_{t−1}
	lwCur   []float64  // and toward θ_t
	last    float64    // the current model's acceptance to the last rung
	linked  float64    // the last rung's acceptance to the one before (NaN: none)
	pairs   float64    // last's pairs' effective number (NaN: not measured)
	lPairs  float64    // linked's (NaN: none)
	rungs   int
	newRung bool
	made    []Rung // the rungs made since the last TakeRungs
	seed    uint64
	rep     int
}

// Rung is a rung as it was made (TakeRungs).
type Rung struct {
	// Model is the rung's model and Index its number (θ₀ is 0).
	Model *rbm.Model
	Index int
	// Linked is its acceptance with the rung before, and Pairs that
	// estimate's pairs' effective number.
	Linked, Pairs float64
	// Back is how many training updates before the latest one the rung's
	// model stands: 1 (θ_{t−1}) with Config.Stride 1; along a stride's
	// line, the updates from its place on the line to the line's end.
	Back int
}

// EnableLadder starts a ladder (Ladder) at the estimator's current model,
// the first rung, with its chains; the updates that follow observe it.
func (e *Estimator) EnableLadder(target float64) *Ladder {
	l := e.newLadder(target)
	l.last, l.linked, l.rungs = 1, math.NaN(), 1
	l.pairs, l.lPairs = math.NaN(), math.NaN()
	l.setRung(e.cur, e.states(), e.logWeights(nil))
	return l
}

func (e *Estimator) newLadder(target float64) *Ladder {
	l := &Ladder{Target: target, seed: e.cfg.Seed, rep: e.cfg.Replica, prev: e.cur.Clone()}
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

// logWeights returns every chain's log importance weight toward the
// sampler's model: its group's anchor plus its lw, so that the groups are
// pooled by their estimates Ẑ_g as the energy is (thermo); dst is reused
// when long enough.
func (e *Estimator) logWeights(dst []float64) []float64 {
	dst = slices.Grow(dst[:0], e.cfg.Chains)[:e.cfg.Chains]
	for g := range e.cfg.Groups {
		lo, hi := e.group(g)
		for k := lo; k < hi; k++ {
			dst[k] = e.anchor[g] + e.lw[k]
		}
	}
	return dst
}

func (l *Ladder) setRung(m *rbm.Model, states [][]bool, lw []float64) {
	l.rung, l.states, l.lwOwn = m.Clone(), states, slices.Clone(lw)
	l.fOwn, _ = ais.FreeEnergies(l.rung, states)
}

// swept records θ_{t−1}, the chains just swept under it and their
// weights (the sweep leaves p_{t−1} invariant, so they stay its weights).
func (l *Ladder) swept(e *Estimator) {
	copy(l.prev.W, e.cur.W)
	copy(l.prev.A, e.cur.A)
	copy(l.prev.B, e.cur.B)
	l.before = e.states()
	l.lwPrev = e.logWeights(l.lwPrev)
}

// weighed measures the acceptance with the model now θ_t (the chains'
// weights toward it are those toward θ_{t−1} plus F_{t−1} − F_t, the
// estimator's increment, fOld and fNew), and makes θ_{t−1} a rung when it
// falls below the target.
func (l *Ladder) weighed(e *Estimator) {
	l.lwCur = slices.Grow(l.lwCur[:0], len(l.lwPrev))[:len(l.lwPrev)]
	for k, x := range l.lwPrev {
		l.lwCur[k] = x + (e.fOld[k] - e.fNew[k])
	}
	perm := rng.Derive(l.seed, l.rep, "trajectory-ladder", e.moves).Perm(len(l.before))
	l.last, l.pairs = l.acceptance(e.cur, l.before, l.lwCur, perm)
	l.newRung = l.below(l.last, l.pairs)
	if l.newRung {
		l.linked, l.lPairs = l.acceptance(l.prev, l.before, l.lwPrev, perm)
		l.setRung(l.prev, l.before, l.lwPrev)
		l.made = append(l.made, Rung{Model: l.rung, Index: l.rungs, Linked: l.linked, Pairs: l.lPairs, Back: e.back})
		l.rungs++
		l.last, l.pairs = l.acceptance(e.cur, l.before, l.lwCur, perm)
	}
}

// below is the cut: whether acceptance a, estimated from n effective
// pairs, is below the target with confidence z (Ladder).
func (l *Ladder) below(a, n float64) bool {
	if l.Confidence == 0 {
		return a < l.Target
	}
	return a-l.Confidence*math.Sqrt(max(0, a*(1-a))/n) < l.Target
}

// acceptance is the weighted swap acceptance (Ladder) between the last
// rung (its model, chains and their weights) and model m with chains x of
// log weights lw toward m, rung chain i paired with x[perm[i]], and the
// pairs' effective number.
func (l *Ladder) acceptance(m *rbm.Model, x [][]bool, lw []float64, perm []int) (a, pairs float64) {
	paired := make([][]bool, len(x))
	logw := make([]float64, len(x))
	for i, p := range perm {
		paired[i] = x[p]
		logw[i] = l.lwOwn[i] + lw[p]
	}
	fRungX, _ := ais.FreeEnergies(l.rung, paired)
	fX, _ := ais.FreeEnergies(m, paired)
	fRung, _ := ais.FreeEnergies(m, l.states)
	// Shifted by the largest in log space (the weights span hundreds of
	// nats when the groups' anchors disagree), and a ratio of two sums in
	// the same order, so that every pair accepted gives 1 exactly.
	top := slices.Max(logw)
	num, den := 0.0, 0.0
	for i := range paired {
		// Grouped so that models equal up to the bit give Δ = 0 exactly.
		d := (l.fOwn[i] - fRung[i]) - (fRungX[i] - fX[i])
		w := math.Exp(logw[i] - top)
		num += w * math.Min(1, math.Exp(d))
		den += w
	}
	return num / den, ais.EffectiveSize(logw)
}

// Acceptance is the swap acceptance of the last update's model with the
// last rung (measured again against a rung the update made).
func (l *Ladder) Acceptance() float64 { return l.last }

// Pairs is the effective number of the pairs behind Acceptance, Kish's
// (Σw)²/Σw² of their weights (NaN before the first update).
func (l *Ladder) Pairs() float64 { return l.pairs }

// Linked is the swap acceptance between the last rung and the rung before
// it, measured when the rung was made with both rungs' chains (NaN at the
// first rung).
func (l *Ladder) Linked() float64 { return l.linked }

// LinkedPairs is the effective number of the pairs behind Linked (NaN at
// the first rung).
func (l *Ladder) LinkedPairs() float64 { return l.lPairs }

// Rungs counts the rungs so far (θ₀ the first).
func (l *Ladder) Rungs() int { return l.rungs }

// NewRung reports whether the last update made θ_{t−1} a rung, and
// returns the last rung's model and chains (not to be changed).
func (l *Ladder) NewRung() (made bool, m *rbm.Model, chains [][]bool) {
	return l.newRung, l.rung, l.states
}

// TakeRungs returns the rungs made since its last call, in order, and
// forgets them. With Config.Stride > 1 the steps, and so the rungs, come
// in bursts every Stride updates; a caller that writes rungs out takes
// them after every update.
func (l *Ladder) TakeRungs() []Rung {
	out := l.made
	l.made = nil
	return out
}

// ladderVersion numbers Ladder.MarshalBinary's layout: 2 adds the last
// rung's chains' log weights after the chains, 3 the two acceptances'
// pairs' effective numbers after those; versions 1 and 2 still resume
// (RestoreLadder).
const (
	ladderVersion   = 3
	ladderVersionV2 = 2
	ladderVersionV1 = 1
)

// MarshalBinary returns what a resumed run needs besides the estimator's
// state and the last rung's model (which the run's ladder stream holds):
// the rung count, the two acceptances, the last rung's chains (one bit a
// unit), their log weights and the acceptances' pairs' effective numbers
// (float64).
func (l *Ladder) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	put := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	put(uint32(ladderVersion))
	put(uint32(len(l.states)))
	put(uint32(l.rung.Visible))
	put(int64(l.rungs))
	put(l.last)
	put(l.linked)
	put(packBits(l.states, l.rung.Visible))
	put(l.lwOwn)
	put(l.pairs)
	put(l.lPairs)
	return b.Bytes(), nil
}

// RestoreLadder takes up the ladder of a resumed run on e (restored by
// Restore) from a MarshalBinary state and the last rung's model. A
// version 1 state, written before the acceptance was weighted, holds no
// weights of the last rung's chains: they are taken as equal (what that
// version measured with) until the next rung; versions 1 and 2 hold no
// pairs' effective numbers: NaN until the next measurement.
func (e *Estimator) RestoreLadder(target float64, rung *rbm.Model, state []byte) (*Ladder, error) {
	if rung.Visible != e.cur.Visible || rung.Hidden != e.cur.Hidden {
		return nil, fmt.Errorf("trajectory: ladder rung of %d×%d units, the run's model %d×%d", rung.Visible, rung.Hidden, e.cur.Visible, e.cur.Hidden)
	}
	r := bytes.NewReader(state)
	var err error
	get := func(v any) {
		if err == nil {
			err = binary.Read(r, binary.LittleEndian, v)
		}
	}
	var version, chains, visible uint32
	var rungs int64
	var last, linked float64
	get(&version)
	if err == nil && !knownLadderVersion(version) {
		return nil, fmt.Errorf("trajectory: ladder state version %d, this rbmkit reads %d to %d", version, ladderVersionV1, ladderVersion)
	}
	get(&chains)
	get(&visible)
	if err == nil && (int(chains) != e.cfg.Chains || int(visible) != e.cur.Visible) {
		return nil, fmt.Errorf("trajectory: ladder state of %d chains of %d units, the run has %d of %d", chains, visible, e.cfg.Chains, e.cur.Visible)
	}
	get(&rungs)
	get(&last)
	get(&linked)
	bits := make([]byte, (e.cfg.Chains*e.cur.Visible+7)/8)
	get(bits)
	lw := make([]float64, e.cfg.Chains)
	if version >= ladderVersionV2 {
		get(lw)
	}
	pairs, lPairs := math.NaN(), math.NaN()
	if version >= ladderVersion {
		get(&pairs)
		get(&lPairs)
	}
	if err == nil && r.Len() != 0 {
		err = errors.New("trailing bytes")
	}
	if err == nil && rungs < 1 {
		err = fmt.Errorf("%d rungs", rungs)
	}
	if err != nil {
		return nil, fmt.Errorf("trajectory: ladder state: %v", err)
	}
	l := e.newLadder(target)
	l.rungs, l.last, l.linked = int(rungs), last, linked
	l.pairs, l.lPairs = pairs, lPairs
	l.setRung(rung, unpackBits(bits, e.cfg.Chains, e.cur.Visible), lw)
	return l, nil
}

// LadderRungs returns the rung count a MarshalBinary state records (the
// rows of the run's ladder stream that a resumed run keeps).
func LadderRungs(state []byte) (int, error) {
	var head struct {
		Version, Chains, Visible uint32
		Rungs                    int64
	}
	if err := binary.Read(bytes.NewReader(state), binary.LittleEndian, &head); err != nil {
		return 0, fmt.Errorf("trajectory: ladder state: %v", err)
	}
	if !knownLadderVersion(head.Version) || head.Rungs < 1 {
		return 0, fmt.Errorf("trajectory: ladder state version %d with %d rungs: this rbmkit reads versions %d to %d", head.Version, head.Rungs, ladderVersionV1, ladderVersion)
	}
	return int(head.Rungs), nil
}

func knownLadderVersion(v uint32) bool { return v >= ladderVersionV1 && v <= ladderVersion }

// packBits packs chains of n units, one bit a unit, chain after chain.
func packBits(chains [][]bool, n int) []byte {
	bits := make([]byte, (len(chains)*n+7)/8)
	for k, row := range chains {
		for i, on := range row {
			if on {
				bit := k*n + i
				bits[bit/8] |= 1 << (bit % 8)
			}
		}
	}
	return bits
}

// unpackBits is packBits' inverse.
func unpackBits(bits []byte, chains, n int) [][]bool {
	out := make([][]bool, chains)
	for k := range out {
		row := make([]bool, n)
		for i := range row {
			bit := k*n + i
			row[i] = bits[bit/8]>>(bit%8)&1 == 1
		}
		out[k] = row
	}
	return out
}
