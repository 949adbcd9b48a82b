package trajectory

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Defaults of Config.
const (
	DefaultChains      = 128
	DefaultGroups      = 8
	DefaultThreshold   = 0.5
	DefaultAnchorSteps = 100
	DefaultSweeps      = 1
	DefaultStride      = 1
)

// Config sets the chains of an Estimator.
type Config struct {
	// Chains is the number of chains, split into Groups equal groups
	// (Chains a multiple of Groups, at least 2 chains a group; one group
	// gives no error bar: StdErr NaN).
	Chains, Groups int
	// Threshold: a group is resampled when its ESS falls below
	// Threshold·(its chains); 1 resamples at every update, a negative
	// value never (0: DefaultThreshold).
	Threshold float64
	// AnchorSteps is the number of β steps of the anchor AIS from the
	// independent-site model to θ₀, when θ₀ cannot be sampled exactly.
	AnchorSteps int
	// Sweeps is the number of block-Gibbs sweeps under θ_{t−1} before
	// the weights of update t (0: DefaultSweeps). All of them under the
	// previous model keep the move one that leaves p_{t−1} invariant.
	Sweeps int
	// Stride is the number of training updates the chains take at once,
	// along the straight line from the model Stride updates back to the
	// current one in Stride equal steps (0: DefaultStride, every update on
	// its own). The line skips the minibatch noise the trajectory
	// zigzags by; Estimate between lines catches up a copy.
	Stride int
	// LineSteps is the number of steps taken along the line for Stride
	// updates (0: Stride, one per update), fewer for fewer pending
	// updates in proportion, rounded up. Fewer steps than updates cost
	// less; the line being short, its steps stay small.
	LineSteps int
	Seed      uint64
	Replica   int
}

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.Chains == 0 {
		c.Chains = DefaultChains
	}
	if c.Groups == 0 {
		c.Groups = DefaultGroups
	}
	if c.AnchorSteps == 0 {
		c.AnchorSteps = DefaultAnchorSteps
	}
	if c.Sweeps == 0 {
		c.Sweeps = DefaultSweeps
	}
	if c.Stride == 0 {
		c.Stride = DefaultStride
	}
	if c.LineSteps == 0 {
		c.LineSteps = c.Stride
	}
	return c
}

// Validate reports settings that cannot run.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Groups < 1:
		return fmt.Errorf("trajectory: %d groups: need at least 1", c.Groups)
	case c.Chains%c.Groups != 0 || c.Chains/c.Groups < 2:
		return fmt.Errorf("trajectory: %d chains in %d groups: want a multiple of the groups with at least 2 chains each", c.Chains, c.Groups)
	case !(c.Threshold <= 1):
		return fmt.Errorf("trajectory: ESS threshold %v: want a value ≤ 1 (negative: never resample)", c.Threshold)
	case c.AnchorSteps < 1:
		return fmt.Errorf("trajectory: %d anchor steps: want at least 1", c.AnchorSteps)
	case c.Sweeps < 1:
		return fmt.Errorf("trajectory: %d sweeps per update: want at least 1", c.Sweeps)
	case c.Stride < 1:
		return fmt.Errorf("trajectory: stride of %d updates: want at least 1", c.Stride)
	case c.LineSteps < 1 || c.LineSteps > c.Stride:
		return fmt.Errorf("trajectory: %d steps along the line for a stride of %d updates: want 1 to %d", c.LineSteps, c.Stride, c.Stride)
	}
	return nil
}

// Estimate is the estimator's state after an update.
type Estimate struct {
	// LogZ is the estimate of log Z and StdErr its standard error (the
	// spread between the independent groups).
	LogZ, StdErr float64
	// ESS is the groups' mean effective sample size as a fraction of
	// their chains, in (0, 1].
	ESS float64
	// Resamplings counts the groups' resamplings since θ₀.
	Resamplings int
	// VarLogW is the groups' mean variance of the log weights of their
	// chains (since each group's last resampling).
	VarLogW float64
	// Energy is the model's mean energy ⟨E(v,h)⟩ and Entropy its entropy
	// S = ⟨E⟩ + log Z (nats), each with its standard error (the spread
	// between the groups).
	Energy, EnergyStdErr, Entropy, EntropyStdErr float64
	// Floor is the largest −F(v) over the chains' states v under the
	// model: Z sums e^{−F} over every state, so log Z ≥ Floor whatever the
	// chains, and an estimate below it has certainly failed (the chains
	// lost the model's mass: package doc, Limits). Above it, nothing is
	// proved.
	Floor float64
}

// Failed reports whether the estimate lies below its floor.
func (e Estimate) Failed() bool { return e.LogZ < e.Floor }

// pitfalls are the two known errors of the method, injected by tests to
// check that they would be caught.
type pitfalls struct {
	sweepUnderNew bool // sweep under θ_t instead of θ_{t−1}
	negativeSign  bool // resample with probabilities ∝ e^{−lw}
}

// Estimator follows one training run. Its methods are not safe for
// concurrent use.
type Estimator struct {
	cfg Config
	// cur is the model the chains were last weighted to (θ_{t−1} before
	// update t), the gibbs sampler's model; a copy, not the trainer's.
	cur *rbm.Model
	s   *gibbs.Sampler
	lw  []float64
	// anchor[g] is group g's log Z at its last resampling (or θ₀).
	anchor      []float64
	moves       int // steps made: the anchor AIS's, then one per update
	resamplings int
	exact       bool // the anchor is exact enumeration

	fOld, fNew []float64
	buf        []float32
	pit        pitfalls
	old        *rbm.Model // pitfall sweepUnderNew only
	ladder     *Ladder    // nil unless EnableLadder

	// With Stride > 1: the updates not yet taken (pending), the model the
	// chains are at (from, θ_{t−pending}), the latest update's (to) and
	// the step between (mid).
	pending       int
	from, to, mid *rbm.Model
	// back is the number of updates from the current step's start model
	// to the latest update (1 without a stride; Rung.Back).
	back int
	// Along a line the steps' Wᵀ are interpolated between those of its
	// ends (tA, tB; tA valid once a line ended at the chains' model) into
	// tMid, two buffers in turn since the sampler reads the last step's
	// until the next step's model; share, when set, is handed to the
	// sampler with the step's model. noShare (tests) transposes instead.
	tA, tB  []float32
	tAValid bool
	tMid    [2][]float32
	share   []float32
	noShare bool
}

// seedPurpose derives the sampler's seed, so its streams are not those of
// any other gibbs sampler of the run (package train's tempering).
const seedPurpose = "trajectory"

// New anchors an estimator at θ₀ = m (see the package doc). m is copied.
func New(m *rbm.Model, cfg Config) (*Estimator, error) {
	e, err := newEstimator(m, cfg)
	if err != nil {
		return nil, err
	}
	r := rng.New(cfg.Seed, cfg.Replica, "trajectory-init")
	if start, err := ais.ExactSamples(m, e.cfg.Chains, r); err == nil {
		logZ, err := rbm.ExactLogZErr(m)
		if err != nil {
			return nil, err
		}
		for k, v := range start {
			e.s.SetVisible(k, v)
		}
		e.exact = true
		for g := range e.anchor {
			e.anchor[g] = logZ
		}
		return e, nil
	}
	e.anchorAIS(m, r)
	return e, nil
}

func newEstimator(m *rbm.Model, cfg Config) (*Estimator, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e := &Estimator{cfg: cfg, cur: m.Clone(), lw: make([]float64, cfg.Chains), anchor: make([]float64, cfg.Groups)}
	seed, _ := rng.DeriveSeeds(cfg.Seed, cfg.Replica, seedPurpose, 0)
	var err error
	e.s, err = gibbs.New(e.cur, gibbs.Config{Chains: cfg.Chains, Seed: seed, Replica: cfg.Replica})
	return e, err
}

// anchorAIS starts the chains from the independent-site model of m and
// anneals them to m along W → βW.
func (e *Estimator) anchorAIS(m *rbm.Model, r *rand.Rand) {
	clear(e.cur.W)
	logZ0 := 0.0
	on := make([]bool, m.Visible)
	for k := range e.cfg.Chains {
		for i, a := range m.A {
			on[i] = r.Float64() < e.onProb(float64(a))
		}
		e.s.SetVisible(k, on)
	}
	for _, a := range m.A {
		logZ0 += e.logSum(float64(a))
	}
	for _, b := range m.B {
		logZ0 += e.logSum(float64(b))
	}
	for g := range e.anchor {
		e.anchor[g] = logZ0
	}
	next := m.Clone()
	steps := e.cfg.AnchorSteps
	for k := 1; k <= steps; k++ {
		beta := float32(float64(k) / float64(steps))
		for i, w := range m.W {
			next.W[i] = beta * w
		}
		if k == steps {
			copy(next.W, m.W)
		}
		e.step(next)
	}
}

// onProb is the probability that a unit with field x alone is on.
func (e *Estimator) onProb(x float64) float64 {
	if e.cur.Units == rbm.Spin {
		return rbm.Sigmoid(2 * x)
	}
	return rbm.Sigmoid(x)
}

// logSum is log Σ_u e^{x u} over one unit's values.
func (e *Estimator) logSum(x float64) float64 {
	if e.cur.Units == rbm.Spin {
		return rbm.Log2Cosh(x)
	}
	return rbm.Softplus(x)
}

// ExactAnchor reports whether log Z₀ came from exact enumeration.
func (e *Estimator) ExactAnchor() bool { return e.exact }

// Chains returns the number of chains.
func (e *Estimator) Chains() int { return e.cfg.Chains }

// Update follows the model from the one of the previous call (or θ₀) to
// next, its parameters after one training update: Config.Sweeps sweeps
// under the previous model, the weights' increments, and the resampling of the
// groups whose ESS fell below the threshold. next is copied, not kept.
// With Config.Stride > 1 the update is only recorded until Stride of them
// are, then taken along the line (see catchUp).
func (e *Estimator) Update(next *rbm.Model) {
	if e.cfg.Stride == 1 {
		e.back = 1
		e.step(next)
		return
	}
	if e.pending == 0 {
		if e.from == nil {
			e.from, e.to, e.mid = e.cur.Clone(), e.cur.Clone(), e.cur.Clone()
		}
		copyParams(e.from, e.cur)
	}
	copyParams(e.to, next)
	e.pending++
	if e.pending == e.cfg.Stride {
		e.catchUp()
	}
}

// catchUp takes the pending updates: from θ_a (the chains' model) to θ_b
// (the latest update's) in as many steps along θ_a + (j/p)(θ_b − θ_a),
// j = 1 … p, each a step of the method (sweeps under the step's start,
// weights, resampling); the last step lands on θ_b exactly. Over p
// updates the trajectory is θ_b − θ_a plus the minibatch noise, which
// zigzags and largely cancels: the variance of F_a(v) − F_b(v) stops
// growing after about 8 updates at M = 500 (docs/performance.md), so the
// p short steps of the line carry about 1/p of the variance of log w that
// the p updates themselves would.
func (e *Estimator) catchUp() {
	if e.pending == 0 {
		return
	}
	n := e.pending
	p := (n*e.cfg.LineSteps + e.cfg.Stride - 1) / e.cfg.Stride
	e.pending = 0
	nv, nh := e.cur.Visible, e.cur.Hidden
	if !e.noShare {
		// The sampler may still read tB (the last line's end, now this
		// one's start): swap before writing the new end.
		e.tA, e.tB = e.tB, e.tA
		if !e.tAValid {
			e.tA = fields.Transpose(e.tA, e.from.W, nv, nh)
		}
		e.tB = fields.Transpose(e.tB, e.to.W, nv, nh)
	}
	for j := 1; j <= p; j++ {
		e.back = n - (j-1)*n/p
		if j == p {
			e.share = e.tB
			e.step(e.to)
			break
		}
		lam := float32(float64(j) / float64(p))
		x := [][3][]float32{{e.mid.W, e.from.W, e.to.W}, {e.mid.A, e.from.A, e.to.A}, {e.mid.B, e.from.B, e.to.B}}
		if !e.noShare {
			e.tMid[j%2] = slices.Grow(e.tMid[j%2][:0], nv*nh)[:nv*nh]
			x = append(x, [3][]float32{e.tMid[j%2], e.tA, e.tB})
			e.share = e.tMid[j%2]
		}
		for _, x := range x {
			dst, a, b := x[0], x[1], x[2]
			for i := range dst {
				dst[i] = a[i] + float32(lam*(b[i]-a[i])) // rounded: no fused multiply-add
			}
		}
		e.step(e.mid)
	}
	e.share = nil
	e.tAValid = !e.noShare
}

// step is one step of the method from the sampler's model to next.
func (e *Estimator) step(next *rbm.Model) {
	e.s.Reseed(e.moves + 1)
	if e.pit.sweepUnderNew {
		e.updateSweepingUnderNew(next)
	} else {
		for range e.cfg.Sweeps {
			e.s.Sweep()
		}
		e.fOld = e.s.FreeEnergies(e.fOld)
		if e.ladder != nil {
			e.ladder.swept(e)
		}
		e.setModel(next)
		if e.share != nil {
			e.s.ShareTransposed(e.share)
		}
		e.fNew = e.s.FreeEnergies(e.fNew)
		if e.ladder != nil {
			e.ladder.weighed(e)
		}
	}
	for k := range e.lw {
		e.lw[k] += e.fOld[k] - e.fNew[k]
	}
	if e.cfg.Threshold > 0 {
		for g := range e.cfg.Groups {
			if e.groupESS(g) < e.cfg.Threshold {
				e.resample(g)
			}
		}
	}
	e.moves++
}

// UpdateShared is Update with wt, the transpose (M×N row-major) of the
// model of the previous update (θ_{t−1}) made by the trainer, read by the
// sweeps instead of transposing θ_{t−1} again; the bits are Update's. wt
// nil, or not θ_{t−1}'s transpose (a spot check of some entries), is
// ignored.
func (e *Estimator) UpdateShared(next *rbm.Model, wt []float32) {
	if e.cfg.Stride == 1 && e.transposeOfCur(wt) {
		e.s.ShareTransposed(wt)
	}
	e.Update(next)
}

// transposeOfCur spot-checks that wt is the transpose of the sampler's W:
// 64 entries spread over it, the last one included.
func (e *Estimator) transposeOfCur(wt []float32) bool {
	n, m := e.cur.Visible, e.cur.Hidden
	if e.pit.sweepUnderNew || len(wt) != n*m {
		return false
	}
	const probes = 64
	for k := range probes {
		i := (n - 1) - k*n/probes
		j := (k*7919 + m - 1) % m
		if wt[j*n+i] != e.cur.W[i*m+j] {
			return false
		}
	}
	return true
}

// setModel copies m into the sampler's model.
func (e *Estimator) setModel(m *rbm.Model) {
	copyParams(e.cur, m)
	e.s.ModelChanged()
}

// copyParams copies src's parameters into dst (of the same shape).
func copyParams(dst, src *rbm.Model) {
	copy(dst.W, src.W)
	copy(dst.A, src.A)
	copy(dst.B, src.B)
}

// updateSweepingUnderNew is the biased order, for tests: the sweep under
// θ_t, then the same increments.
func (e *Estimator) updateSweepingUnderNew(next *rbm.Model) {
	e.old = e.cur.Clone()
	e.setModel(next)
	e.s.Sweep()
	e.fNew = e.s.FreeEnergies(e.fNew)
	if len(e.fOld) != e.cfg.Chains {
		e.fOld = make([]float64, e.cfg.Chains)
	}
	v := make([]float64, e.cur.Visible)
	for k := range e.fOld {
		e.fOld[k] = e.chainFreeEnergy(e.old, k, v)
	}
}

// chainFreeEnergy is F_m of chain k's visible state, in float64; v is
// scratch of length Visible.
func (e *Estimator) chainFreeEnergy(m *rbm.Model, k int, v []float64) float64 {
	for i, x := range e.s.Visible(k) {
		v[i] = float64(x)
	}
	return m.FreeEnergy(v)
}

// floor is the largest −F(v) over the chains under the current model
// (Estimate.Floor).
func (e *Estimator) floor() float64 {
	v := make([]float64, e.cur.Visible)
	best := math.Inf(-1)
	for k := range e.cfg.Chains {
		best = max(best, -e.chainFreeEnergy(e.cur, k, v))
	}
	return best
}

// group returns group g's chains [lo, hi).
func (e *Estimator) group(g int) (lo, hi int) {
	n := e.cfg.Chains / e.cfg.Groups
	return g * n, (g + 1) * n
}

// groupESS is group g's ESS as a fraction of its chains.
func (e *Estimator) groupESS(g int) float64 {
	lo, hi := e.group(g)
	lw := e.lw[lo:hi]
	sq := make([]float64, len(lw))
	for k, x := range lw {
		sq[k] = 2 * x
	}
	return math.Exp(2*rbm.LogSumExp(lw)-rbm.LogSumExp(sq)) / float64(len(lw))
}

// resample replaces group g's chains by a systematic resampling of them
// with probabilities ∝ e^{+lw}, moves its estimate into its anchor and
// resets its weights.
func (e *Estimator) resample(g int) {
	lo, hi := e.group(g)
	n := hi - lo
	lw := e.lw[lo:hi]
	lse := rbm.LogSumExp(lw)
	sign := 1.0
	if e.pit.negativeSign {
		sign = -1
	}
	logits := make([]float64, n)
	for k, x := range lw {
		logits[k] = sign * x
	}
	norm := rbm.LogSumExp(logits)
	r := rng.Derive(e.cfg.Seed, e.cfg.Replica, "trajectory-resample", e.moves*e.cfg.Groups+g)
	u := r.Float64()
	nv := e.cur.Visible
	e.buf = append(e.buf[:0], e.s.VisibleStates()[lo*nv:hi*nv]...)
	cum, src := 0.0, -1
	for k := range n {
		point := (u + float64(k)) / float64(n)
		for src < n-1 && cum <= point {
			src++
			cum += math.Exp(logits[src] - norm)
		}
		e.s.SetVisibleValues(lo+k, e.buf[src*nv:(src+1)*nv])
	}
	e.anchor[g] += lse - math.Log(float64(n))
	clear(lw)
	e.resamplings++
}

// Estimate returns log Z of the model of the last update, its error bar,
// the weights' health, and the model's mean energy and entropy.
func (e *Estimator) Estimate() Estimate {
	if e.pending > 0 {
		// Inside a line: catch up a copy, so that the lines stay every
		// Stride updates from θ₀ whenever estimates are asked for.
		c, err := e.clone()
		if err != nil {
			panic(err) // a state of its own always restores
		}
		c.catchUp()
		return c.Estimate()
	}
	groups := make([]float64, e.cfg.Groups)
	var ess, vlw float64
	for g := range groups {
		lo, hi := e.group(g)
		lw := e.lw[lo:hi]
		groups[g] = e.anchor[g] + rbm.LogSumExp(lw) - math.Log(float64(hi-lo))
		ess += e.groupESS(g)
		mean := 0.0
		for _, x := range lw {
			mean += x
		}
		mean /= float64(len(lw))
		v := 0.0
		for _, x := range lw {
			v += (x - mean) * (x - mean)
		}
		vlw += v / float64(len(lw)-1)
	}
	logZ, se := ais.LogMeanExp(groups)
	g := float64(e.cfg.Groups)
	est := Estimate{LogZ: logZ, StdErr: se, ESS: ess / g, Resamplings: e.resamplings, VarLogW: vlw / g, Floor: e.floor()}
	e.thermo(&est, groups)
	return est
}

// stateVersion numbers MarshalBinary's layout, stateVersionLine the one
// inside a line.
const (
	stateVersion     = 1
	stateVersionLine = 2
)

// MarshalBinary returns what a resumed run needs besides the model: the
// chains' visible states (one bit a unit), their log weights, the groups'
// anchors and the counters.
//
// Inside a line (Config.Stride > 1, updates pending) the state also holds
// their number and the model the chains are at, the line's start, the
// latest model being the one a resumed run restores at (layout version 2;
// version 1 otherwise, as without a stride).
func (e *Estimator) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	put := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	version := uint32(stateVersion)
	if e.pending > 0 {
		version = stateVersionLine
	}
	put(version)
	put(uint32(e.cfg.Chains))
	put(uint32(e.cfg.Groups))
	put(uint32(e.cur.Visible))
	put(int64(e.moves))
	put(int64(e.resamplings))
	exact := uint8(0)
	if e.exact {
		exact = 1
	}
	put(exact)
	put(e.lw)
	put(e.anchor)
	states := e.s.VisibleStates()
	bits := make([]byte, (len(states)+7)/8)
	for i, x := range states {
		if x > 0 {
			bits[i/8] |= 1 << (i % 8)
		}
	}
	put(bits)
	if e.pending > 0 {
		put(int64(e.pending))
		put(e.from.W)
		put(e.from.A)
		put(e.from.B)
	}
	return b.Bytes(), nil
}

// clone returns an independent copy of the estimator (without its ladder).
func (e *Estimator) clone() (*Estimator, error) {
	st, err := e.MarshalBinary()
	if err != nil {
		return nil, err
	}
	m := e.cur
	if e.pending > 0 {
		m = e.to
	}
	return Restore(m, e.cfg, st)
}

// Restore returns the estimator of a run resumed at model m (the
// parameters of its last update) from a MarshalBinary state.
func Restore(m *rbm.Model, cfg Config, state []byte) (*Estimator, error) {
	e, err := newEstimator(m, cfg)
	if err != nil {
		return nil, err
	}
	r := bytes.NewReader(state)
	get := func(v any) {
		if err == nil {
			err = binary.Read(r, binary.LittleEndian, v)
		}
	}
	var version, chains, groups, visible uint32
	var moves, resamplings int64
	var exact uint8
	get(&version)
	if err == nil && version != stateVersion && version != stateVersionLine {
		return nil, fmt.Errorf("trajectory: state version %d, this rbmkit reads %d and %d", version, stateVersion, stateVersionLine)
	}
	get(&chains)
	get(&groups)
	get(&visible)
	if err == nil && (int(chains) != e.cfg.Chains || int(groups) != e.cfg.Groups || int(visible) != m.Visible) {
		return nil, fmt.Errorf("trajectory: state of %d chains in %d groups of %d units, the run has %d in %d of %d: settings differ",
			chains, groups, visible, e.cfg.Chains, e.cfg.Groups, m.Visible)
	}
	get(&moves)
	get(&resamplings)
	get(&exact)
	get(e.lw)
	get(e.anchor)
	bits := make([]byte, (e.cfg.Chains*m.Visible+7)/8)
	get(bits)
	var pending int64
	if version == stateVersionLine {
		get(&pending)
		if err == nil && (pending < 1 || pending >= int64(e.cfg.Stride)) {
			err = fmt.Errorf("%d updates pending on a line of %d", pending, e.cfg.Stride)
		}
		if err == nil {
			e.from, e.to, e.mid = m.Clone(), m.Clone(), m.Clone()
			get(e.from.W)
			get(e.from.A)
			get(e.from.B)
		}
	}
	if err == nil && r.Len() != 0 {
		err = errors.New("trailing bytes")
	}
	if err != nil {
		return nil, fmt.Errorf("trajectory: state: %v", err)
	}
	e.moves, e.resamplings, e.exact = int(moves), int(resamplings), exact == 1
	if pending > 0 {
		// The chains are at the line's start; m is its latest update.
		e.pending = int(pending)
		e.setModel(e.from)
	}
	on := make([]bool, m.Visible)
	for k := range e.cfg.Chains {
		for i := range on {
			bit := k*m.Visible + i
			on[i] = bits[bit/8]>>(bit%8)&1 == 1
		}
		e.s.SetVisible(k, on)
	}
	return e, nil
}
