package gibbs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Purposes of the random streams of parallel trajectory tempering: the
// rungs' block streams and the swap decisions.
const (
	PTTSamplePurpose = "ptt-sample"
	PTTSwapPurpose   = "ptt-swap"
)

// Independent returns the independent-site model of m: the same biases
// and W = 0, whose visible units are independent, so that one sweep draws
// an exact sample whatever the chain's previous state, and whose log Z is
// a sum of one-unit terms (IndependentLogZ).
func Independent(m *rbm.Model) *rbm.Model {
	c := m.Clone()
	clear(c.W)
	return c
}

// IndependentLogZ returns the exact log Z of a model whose W is zero:
// Σ_i log(1+e^{a_i}) + Σ_j log(1+e^{b_j}) for 0/1 units, the same with
// log 2cosh for spins. It fails if some weight is not zero.
func IndependentLogZ(m *rbm.Model) (float64, error) {
	if err := m.Check(); err != nil {
		return 0, err
	}
	for _, w := range m.W {
		if w != 0 {
			return 0, fmt.Errorf("gibbs: log Z of an independent-site model: a weight is %v, not 0", w)
		}
	}
	z := 0.0
	for _, b := range [][]float32{m.A, m.B} {
		for _, x := range b {
			if m.Units == rbm.Spin {
				z += rbm.Log2Cosh(float64(x))
			} else {
				z += rbm.Softplus(float64(x))
			}
		}
	}
	return z, nil
}

// Trajectory is parallel trajectory tempering: replica exchange between
// models (rungs) all at β = 1, typically snapshots of one training run in
// order, above an independent-site bottom rung (W = 0) that one sweep
// samples exactly. Every rung runs the same number of chains; chain c of
// every rung forms column c, and exchanges happen only within a column, so
// columns are independent systems.
//
// Each Round first proposes, for every link (k, k+1) from the bottom up
// and every column in order, to exchange the two rungs' visible states,
// accepted with probability min(1, e^Δ),
//
//	Δ = F_k(x_k) − F_k(x_{k+1}) + F_{k+1}(x_{k+1}) − F_{k+1}(x_k),
//
// x_k being the state at rung k (after the exchanges of the links below),
// and then sweeps every rung once under its own model (SetRoundSweeps: k
// times; SetSwapOrder: every other link, alternating, in place of all). The joint
// distribution Π_k p_k(x_k) is left invariant by both steps, so the
// chains at every rung sample that rung's model once mixed.
//
// A walker is a state followed through its exchanges: column c's walkers
// are numbered by the rung they started at. The bottom rung's state is
// redrawn each round; the walker there keeps its number.
type Trajectory struct {
	rungs []*Sampler
	// eval[k] computes F_k of another rung's states (its visible states
	// are overwritten by copies).
	eval   []*Sampler
	chains int
	swaps  *rand.Rand
	// free[k][c] is F_k of rung k's state in column c, kept current
	// through exchanges and sweeps; up and down are scratch.
	free       [][]float64
	down, up   []float64
	walker     [][]int // walker[k][c]: the walker at rung k of column c
	rung       [][]int // rung[c][w]: the rung of column c's walker w
	phase      [][]int8
	trips      [][]int
	tried, acc []int64
	rounds     int
	cfg        Config
	// sweeps is the sweeps of every rung above the bottom per round
	// (SetRoundSweeps); order the links a round proposes (SetSwapOrder).
	sweeps int
	order  SwapOrder
}

// SwapOrder is the order in which a round proposes the exchanges.
type SwapOrder string

const (
	// SwapBottomUp proposes every link each round, from the bottom up, so
	// that a state can climb several rungs in one round.
	SwapBottomUp SwapOrder = "bottom-up"
	// SwapDEO is the deterministic even–odd schedule of non-reversible
	// parallel tempering (Syed, Bouchard-Côté, Deligiannidis, Doucet,
	// JRSS-B 2022): the even links (0,1), (2,3), … on even rounds (the
	// first round is round 0), the odd links on odd rounds. A walker whose
	// exchange is accepted is offered the next link in the same direction
	// at the next round, so it keeps going up or down rather than
	// diffusing; each link is proposed every other round.
	SwapDEO SwapOrder = "deo"
)

// Phases of a walker on its way to a round trip (bottom, top, bottom).
const (
	notYet int8 = iota
	goingUp
	goingDown
)

// NewTrajectory returns parallel trajectory tempering over models, the
// bottom rung first, which must have W = 0 (see Independent); every model
// must have the same shape and units. The rungs' chains start with every
// visible unit on with probability ½ (InitNoise); set other starts through
// Sampler before the first round. cfg.Stream tells apart instances in one
// run: rung k draws from purpose "ptt-sample#<stream>/<k>" (block b:
// rng.Derive(seed, replica, purpose, b)), the exchanges from
// "ptt-swap#<stream>".
func NewTrajectory(models []*rbm.Model, cfg Config) (*Trajectory, error) {
	if len(models) < 2 {
		return nil, fmt.Errorf("gibbs: trajectory tempering over %d models: need a bottom rung and at least one more", len(models))
	}
	if _, err := IndependentLogZ(models[0]); err != nil {
		return nil, fmt.Errorf("gibbs: the bottom rung must be an independent-site model: %v", err)
	}
	m0 := models[0]
	for k, m := range models {
		if m.Visible != m0.Visible || m.Hidden != m0.Hidden || m.Units != m0.Units {
			return nil, fmt.Errorf("gibbs: rung %d is %d×%d %s, rung 0 %d×%d %s: the rungs must have one shape",
				k, m.Visible, m.Hidden, m.Units, m0.Visible, m0.Hidden, m0.Units)
		}
	}
	K, C := len(models), cfg.Chains
	t := &Trajectory{chains: C, sweeps: 1, order: SwapBottomUp, rungs: make([]*Sampler, K), eval: make([]*Sampler, K),
		free: make([][]float64, K), walker: make([][]int, K),
		rung: make([][]int, C), phase: make([][]int8, C), trips: make([][]int, C),
		tried: make([]int64, K-1), acc: make([]int64, K-1), cfg: cfg,
		swaps: rng.New(cfg.Seed, cfg.Replica, fmt.Sprintf("%s#%d", PTTSwapPurpose, cfg.Stream))}
	for k, m := range models {
		var err error
		if t.rungs[k], err = New(m, cfg); err != nil {
			return nil, fmt.Errorf("gibbs: rung %d: %v", k, err)
		}
		s := t.rungs[k]
		p := fmt.Sprintf("%s#%d/%d", PTTSamplePurpose, cfg.Stream, k)
		for b := range s.streams {
			s.streams[b] = rng.Derive(cfg.Seed, cfg.Replica, p, b)
		}
		s.InitNoise()
		if t.eval[k], err = New(m, cfg); err != nil {
			return nil, err
		}
		t.walker[k] = make([]int, C)
		for c := range C {
			t.walker[k][c] = k
		}
	}
	for c := range C {
		t.rung[c] = make([]int, K)
		for w := range K {
			t.rung[c][w] = w
		}
		t.phase[c] = make([]int8, K)
		t.phase[c][0] = goingUp
		t.trips[c] = make([]int, K)
	}
	return t, nil
}

// Rungs returns the number of rungs, the bottom included.
func (t *Trajectory) Rungs() int { return len(t.rungs) }

// Chains returns the number of chains per rung (columns).
func (t *Trajectory) Chains() int { return t.chains }

// Rounds returns the number of rounds made.
func (t *Trajectory) Rounds() int { return t.rounds }

// Sampler returns rung k's sampler: its chains are rung k's states. Set
// starting states through it only before the first round and before any
// call of FreeEnergies, which keeps the free energies from then on.
func (t *Trajectory) Sampler(k int) *Sampler { return t.rungs[k] }

// FreeEnergies returns F_k of rung k's states, indexed by chain, current
// after the last round (a view, changed by the next round).
func (t *Trajectory) FreeEnergies(k int) []float64 {
	if t.free[k] == nil {
		t.free[k] = t.rungs[k].FreeEnergies(nil)
	}
	return t.free[k]
}

// Walker returns the walker at rung k of column c.
func (t *Trajectory) Walker(k, c int) int { return t.walker[k][c] }

// Rung returns the rung at which column c's walker w is.
func (t *Trajectory) Rung(c, w int) int { return t.rung[c][w] }

// RoundTrips returns the round trips column c's walker w has completed:
// a trip is a visit to the bottom rung, then the top, then the bottom.
func (t *Trajectory) RoundTrips(c, w int) int { return t.trips[c][w] }

// FromBottom reports whether column c's walker w has been at the bottom
// rung, where states are drawn exactly, since the trajectory began (walker
// 0 starts there). A state at a rung whose walker has not descends from
// the chains' start alone, however long the walker has wandered above.
func (t *Trajectory) FromBottom(c, w int) bool { return t.phase[c][w] != notYet }

// SwapRates returns, per link (k, k+1), the fraction of proposed exchanges
// accepted so far (NaN before any round); Rungs()−1 entries.
func (t *Trajectory) SwapRates() []float64 {
	out := make([]float64, len(t.tried))
	for k := range out {
		out[k] = math.NaN()
		if t.tried[k] > 0 {
			out[k] = float64(t.acc[k]) / float64(t.tried[k])
		}
	}
	return out
}

// CrossFreeEnergies writes into dst (allocated if nil) F_k, the free
// energy under rung k's model, of rung src's current states, indexed by
// chain: what an exchange between them weighs, and what Bennett's
// acceptance ratio between neighbouring rungs needs (package bar).
func (t *Trajectory) CrossFreeEnergies(k, src int, dst []float64) []float64 {
	return t.crossFree(k, src, dst)
}

// crossFree writes F_k of the visible states of rung src into dst.
func (t *Trajectory) crossFree(k, src int, dst []float64) []float64 {
	e := t.eval[k]
	copy(e.v, t.rungs[src].v)
	e.fresh, e.joint = false, false
	return e.FreeEnergies(dst)
}

// SetRoundSweeps sets the sweeps every rung makes after each round's
// exchanges (1 unless set; at least 1). More sweeps per round give each
// rung's state time to decorrelate between exchanges (the "efficient local
// exploration" that the round-trip rate of tempering assumes), at the cost
// of k sweeps a round in place of one. The bottom rung is swept once
// whatever k: one sweep draws it exactly. Each sweep leaves every rung's
// distribution invariant, so the chains sample the same models for any k.
func (t *Trajectory) SetRoundSweeps(k int) error {
	if k < 1 {
		return fmt.Errorf("gibbs: %d sweeps a round: want at least 1", k)
	}
	t.sweeps = k
	return nil
}

// RoundSweeps returns the sweeps of every rung above the bottom per round.
func (t *Trajectory) RoundSweeps() int { return t.sweeps }

// SetSwapOrder sets the order of the exchanges (SwapBottomUp unless set).
func (t *Trajectory) SetSwapOrder(o SwapOrder) error {
	if o != SwapBottomUp && o != SwapDEO {
		return fmt.Errorf("gibbs: swap order %q: want %s or %s", o, SwapBottomUp, SwapDEO)
	}
	t.order = o
	return nil
}

// SwapOrder returns the order of the exchanges.
func (t *Trajectory) SwapOrder() SwapOrder { return t.order }

// Round makes one round: the exchanges of every link bottom up (of every
// other link with SwapDEO), column by column, then RoundSweeps sweeps of every rung (one of the bottom), the
// free energies taken after the last. The exchange decisions draw from
// one stream in a fixed order and the sweeps from the rungs' block
// streams, so the states are the same at any GOMAXPROCS.
func (t *Trajectory) Round() {
	t.exchange()
	for k, s := range t.rungs {
		n := t.sweeps
		if k == 0 {
			n = 1
		}
		for range n {
			s.Sweep()
		}
		t.free[k] = s.FreeEnergies(t.free[k])
	}
	t.rounds++
}

// exchange makes the exchanges of one round.
func (t *Trajectory) exchange() {
	K, C := len(t.rungs), t.chains
	for k := range K {
		t.FreeEnergies(k)
	}
	n := t.rungs[0].model.Visible
	first, step := 0, 1
	if t.order == SwapDEO {
		first, step = t.rounds%2, 2
	}
	for k := first; k+1 < K; k += step {
		t.down = t.crossFree(k, k+1, t.down) // F_k(x_{k+1})
		t.up = t.crossFree(k+1, k, t.up)     // F_{k+1}(x_k)
		lo, hi := t.rungs[k], t.rungs[k+1]
		// The products x·W that the cross free energies just made are the
		// products of the exchanged states under their new rungs' models:
		// copied with the states, they spare the next sweep a product.
		hid := t.rungs[0].model.Hidden
		keep := lo.fresh && hi.fresh
		swapped := false
		for c := range C {
			d := t.free[k][c] - t.down[c] + t.free[k+1][c] - t.up[c]
			t.tried[k]++
			if d < 0 && !(t.swaps.Float64() < math.Exp(d)) {
				continue
			}
			t.acc[k]++
			swapped = true
			a, b := lo.v[c*n:(c+1)*n], hi.v[c*n:(c+1)*n]
			for i := range a {
				a[i], b[i] = b[i], a[i]
			}
			if keep {
				row := c * hid
				copy(lo.vW[row:row+hid], t.eval[k].vW[row:row+hid])
				copy(hi.vW[row:row+hid], t.eval[k+1].vW[row:row+hid])
			}
			t.free[k][c], t.free[k+1][c] = t.down[c], t.up[c]
			wl, wh := t.walker[k][c], t.walker[k+1][c]
			t.walker[k][c], t.walker[k+1][c] = wh, wl
			t.rung[c][wl], t.rung[c][wh] = k+1, k
			t.arrive(c, wl, k+1)
			t.arrive(c, wh, k)
		}
		if swapped {
			lo.fresh, hi.fresh = keep, keep
			lo.joint, hi.joint = false, false
		}
	}
}

// arrive updates walker w's round-trip count on reaching rung k.
func (t *Trajectory) arrive(c, w, k int) {
	p := &t.phase[c][w]
	switch {
	case k == 0:
		if *p == goingDown {
			t.trips[c][w]++
		}
		*p = goingUp
	case k == len(t.rungs)-1 && *p == goingUp:
		*p = goingDown
	}
}
