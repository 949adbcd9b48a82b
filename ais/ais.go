package ais

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	_ "github.com/rbmkit/rbmkit/backend" // the build's BLAS, also under go test
	"github.com/rbmkit/rbmkit/internal/draw"
	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// ChainBlock is the number of chains that share one random stream and one
// unit of parallel work. It is fixed so that results do not depend on the
// number of threads.
const ChainBlock = 10

// Defaults of Options.
const (
	DefaultChains = 100
	DefaultBetas  = 10000
)

// Options configure a run of AIS.
type Options struct {
	// Chains is the number of forward chains (default DefaultChains);
	// Reverse runs one chain per starting state instead.
	Chains int
	// Betas is the annealing schedule: non-decreasing, from exactly 0 to
	// exactly 1. Nil selects Schedule(DefaultBetas).
	Betas []float64
	// BaseVisibleBias holds the base-rate model's visible biases in the
	// Bernoulli convention (length N; see BaseRate). Nil means zeros: the
	// uniform distribution.
	BaseVisibleBias []float64
	// Seed, Replica and Purpose name the random streams: block k of the
	// chains uses rng.Derive(Seed, Replica, Purpose, k). Purpose defaults
	// to "ais" (forward) or "ais-reverse".
	Seed    uint64
	Replica int
	Purpose string
	// Burnin is the number of Gibbs sweeps at β = 1 that Reverse runs from
	// its starting states before annealing.
	Burnin int
	// Ctx, when not nil, cancels the run between β steps.
	Ctx context.Context
	// Progress, when not nil, is called now and then with the number of β
	// steps done and the total.
	Progress func(done, total int)
}

// Result is one AIS estimate.
type Result struct {
	// LogZ is the estimate of log Z in the model's own convention and
	// StdErr its standard error, sd(w)/(√n·mean(w)).
	LogZ, StdErr float64
	// LogZBase is log Z of the base-rate model (Bernoulli convention).
	LogZBase float64
	// LogWeights are the chains' log importance weights: estimates of
	// log(Z/Z_A) forward, of log(Z_A/Z) in reverse (Bernoulli convention).
	LogWeights []float64
	// Final holds each chain's last visible state (true = on: 1, or +1 for
	// spin units): near the model forward, near the base model in reverse.
	Final [][]bool
	// Reverse tells a reverse run; Betas is the schedule's length.
	Reverse bool
	Betas   int
	// offset is the constant from the Bernoulli convention to the model's:
	// log Z_model = log Z_bern + offset.
	offset float64
}

// ChainEstimates returns each chain's own estimate of log Z (model
// convention): log Z_A + log w forward, log Z_A − log w in reverse. Each
// is a stochastic bound: below log Z in expectation forward, above it in
// reverse from exact samples (Jensen's inequality, chain by chain).
func (r Result) ChainEstimates() []float64 {
	out := make([]float64, len(r.LogWeights))
	for k, lw := range r.LogWeights {
		if r.Reverse {
			lw = -lw
		}
		out[k] = r.LogZBase + lw + r.offset
	}
	return out
}

// EffectiveChains is Kish's effective sample size of the importance
// weights (EffectiveSize of LogWeights).
func (r Result) EffectiveChains() float64 { return EffectiveSize(r.LogWeights) }

// EffectiveSize is Kish's effective sample size of importance weights
// given by their logarithms, (Σw)²/Σw²: the count when the weights are
// even, near 1 when one dominates. The weights are shifted by the largest
// in log space, so that they may span hundreds of nats.
func EffectiveSize(logWeights []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range logWeights {
		mx = max(mx, x)
	}
	s, s2 := 0.0, 0.0
	for _, x := range logWeights {
		w := math.Exp(x - mx)
		s += w
		s2 += w * w
	}
	return s * s / s2
}

// Flops is the number of floating-point operations of the GEMMs of one run
// with the given shape, chains and schedule length: two products of
// 2·chains·N·M per intermediate β, one at the last.
func Flops(visible, hidden, chains, betas int) float64 {
	per := 2 * float64(chains) * float64(visible) * float64(hidden)
	return per * float64(2*(betas-1)-1)
}

// Forward runs AIS from the base-rate model to the model and returns the
// estimate of log Z, which lies below the true value in expectation.
func Forward(m *rbm.Model, o Options) (Result, error) {
	bm, c, betas, base, err := prepare(m, &o)
	if err != nil {
		return Result{}, err
	}
	if o.Chains <= 0 {
		o.Chains = DefaultChains
	}
	if o.Purpose == "" {
		o.Purpose = "ais"
	}
	e := newEngine(bm, o.Chains, base, o)
	e.visibleStep(0) // exact samples of the base model: y = 0
	if err := e.anneal(betas, o); err != nil {
		return Result{}, err
	}
	return e.result(c, false, len(betas)), nil
}

// Reverse runs AIS from the given visible states (true = on), taken as
// samples of the model, back to the base-rate model: one chain per state.
// Its estimate of log Z lies above the true value in expectation when the
// states are exact samples (see ExactSamples and Resample).
func Reverse(m *rbm.Model, start [][]bool, o Options) (Result, error) {
	bm, c, betas, base, err := prepare(m, &o)
	if err != nil {
		return Result{}, err
	}
	if len(start) == 0 {
		return Result{}, fmt.Errorf("ais: Reverse needs at least one starting state")
	}
	if o.Purpose == "" {
		o.Purpose = "ais-reverse"
	}
	e := newEngine(bm, len(start), base, o)
	for k, s := range start {
		if len(s) != bm.Visible {
			return Result{}, fmt.Errorf("ais: starting state %d has %d units, the model %d visible", k, len(s), bm.Visible)
		}
		d := 0.0
		for i, on := range s {
			if on {
				e.v[k*e.n+i] = 1
				d += e.aDiff[i]
			}
		}
		e.d[k] = d
	}
	for range o.Burnin {
		e.hiddenInputs()
		e.hiddenStep(1, 1, false, true)
		e.visibleInputs()
		e.visibleStep(1)
	}
	rev := make([]float64, len(betas))
	for k, b := range betas {
		rev[len(betas)-1-k] = b
	}
	if err := e.anneal(rev, o); err != nil {
		return Result{}, err
	}
	return e.result(c, true, len(betas)), nil
}

// prepare checks the inputs and converts the model to the Bernoulli
// convention, returning the constant to add to its log Z.
func prepare(m *rbm.Model, o *Options) (*rbm.Model, float64, []float64, []float64, error) {
	if err := m.Check(); err != nil {
		return nil, 0, nil, nil, err
	}
	betas := o.Betas
	if betas == nil {
		betas = Schedule(DefaultBetas)
	}
	if err := CheckSchedule(betas); err != nil {
		return nil, 0, nil, nil, err
	}
	base := o.BaseVisibleBias
	if base == nil {
		base = make([]float64, m.Visible)
	}
	if len(base) != m.Visible {
		return nil, 0, nil, nil, fmt.Errorf("ais: %d base-rate biases for %d visible units", len(base), m.Visible)
	}
	for i, x := range base {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, 0, nil, nil, fmt.Errorf("ais: base-rate bias %d is %v", i, x)
		}
	}
	bm, c := m.ToBernoulli()
	// log Z_bern = log Z_model − c.
	return bm, c, betas, base, nil
}

// CheckSchedule reports whether betas is a valid annealing schedule.
func CheckSchedule(betas []float64) error {
	if len(betas) < 2 || betas[0] != 0 || betas[len(betas)-1] != 1 {
		return fmt.Errorf("ais: a schedule needs at least 2 values, from 0 to 1")
	}
	for k := 1; k < len(betas); k++ {
		if !(betas[k] >= betas[k-1]) {
			return fmt.Errorf("ais: schedule decreases at %d: %g after %g", k, betas[k], betas[k-1])
		}
	}
	return nil
}

// Schedule returns n values of β from 0 to 1 (n ≥ 2) spaced as in
// Salakhutdinov & Murray (2008): the steps are split 500 : 4,000 : 10,000
// over [0, 0.5], [0.5, 0.9] and [0.9, 1], since the distributions change
// fastest near β = 1.
func Schedule(n int) []float64 {
	if n < 4 {
		return LinearSchedule(n)
	}
	steps := n - 1
	k1 := max(1, int(math.Round(float64(steps)*500/14500)))
	k2 := max(1, int(math.Round(float64(steps)*4000/14500)))
	k3 := steps - k1 - k2
	if k3 < 1 {
		k2 += k3 - 1
		k3 = 1
	}
	out := make([]float64, 0, n)
	for _, seg := range []struct {
		lo, hi float64
		k      int
	}{{0, 0.5, k1}, {0.5, 0.9, k2}, {0.9, 1, k3}} {
		for s := range seg.k {
			out = append(out, seg.lo+(seg.hi-seg.lo)*float64(s)/float64(seg.k))
		}
	}
	return append(out, 1)
}

// LinearSchedule returns n evenly spaced values of β from 0 to 1 (n ≥ 2).
func LinearSchedule(n int) []float64 {
	n = max(n, 2)
	out := make([]float64, n)
	for k := range out {
		out[k] = float64(k) / float64(n-1)
	}
	out[n-1] = 1
	return out
}

// BaseRate returns the base-rate model's visible biases for a dataset
// (true = on): the logit of each unit's smoothed mean (count+1)/(n+2), so
// that the base model already matches the data's marginals.
func BaseRate(data [][]bool, visible int) []float64 {
	count := make([]int, visible)
	for _, x := range data {
		for i, on := range x[:visible] {
			if on {
				count[i]++
			}
		}
	}
	out := make([]float64, visible)
	for i, c := range count {
		p := (float64(c) + 1) / (float64(len(data)) + 2)
		out[i] = math.Log(p) - math.Log1p(-p)
	}
	return out
}

// LogMeanExp returns log mean e^{x_k} and the delta-method standard error
// of that estimate, sd(e^x)/(√n·mean(e^x)) (NaN for fewer than 2 values).
func LogMeanExp(xs []float64) (lme, stderr float64) {
	mx := math.Inf(-1)
	for _, x := range xs {
		mx = max(mx, x)
	}
	n := float64(len(xs))
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - mx)
	}
	mean := s / n
	lme = mx + math.Log(mean)
	if len(xs) < 2 {
		return lme, math.NaN()
	}
	ss := 0.0
	for _, x := range xs {
		d := math.Exp(x-mx) - mean
		ss += d * d
	}
	return lme, math.Sqrt(ss/(n-1)) / (math.Sqrt(n) * mean)
}

// engine holds the chains of one run, in the Bernoulli convention.
type engine struct {
	n, m, chains int
	fields       *fields.Fields
	b32          []float32 // hidden biases, for the draws
	a, b         []float64
	aBase, aDiff []float64 // base-rate biases and a − a_A
	aBase32, a32 []float32
	vbias, zero  []float32 // the visible draws' biases at the current β; N zeros
	v, y         []float32 // chains×N states and visible inputs (W h)
	h, x         []float32 // chains×M states and hidden inputs (Wᵀ v)
	lw, d        []float64 // log weights and (a − a_A)ᵀv per chain
	streams      []*rand.Rand
}

func newEngine(bm *rbm.Model, chains int, base []float64, o Options) *engine {
	n, m := bm.Visible, bm.Hidden
	e := &engine{n: n, m: m, chains: chains, fields: fields.New(bm, ChainBlock), b32: bm.B, a32: bm.A,
		a: make([]float64, n), b: make([]float64, m), aBase: base, aDiff: make([]float64, n),
		aBase32: make([]float32, n), vbias: make([]float32, n), zero: make([]float32, n),
		v: make([]float32, chains*n), y: make([]float32, chains*n),
		h: make([]float32, chains*m), x: make([]float32, chains*m),
		lw: make([]float64, chains), d: make([]float64, chains)}
	for i, x := range bm.A {
		e.a[i] = float64(x)
		e.aDiff[i] = e.a[i] - base[i]
		e.aBase32[i] = float32(base[i])
	}
	for j, x := range bm.B {
		e.b[j] = float64(x)
	}
	e.streams = make([]*rand.Rand, (chains+ChainBlock-1)/ChainBlock)
	for k := range e.streams {
		e.streams[k] = rng.Derive(o.Seed, o.Replica, o.Purpose, k)
	}
	return e
}

// parallel runs f on every block of ChainBlock chains on the worker pool
// of package par; blocks are independent (each has its own stream), so
// the schedule does not matter.
func (e *engine) parallel(f func(block, lo, hi int)) {
	par.Blocks(e.chains, ChainBlock, f)
}

// hiddenInputs sets x = V·W (without the hidden biases).
func (e *engine) hiddenInputs() { e.fields.Hidden(e.x, e.v, e.chains) }

// visibleInputs sets y = H·Wᵀ (without the visible biases).
func (e *engine) visibleInputs() { e.fields.Visible(e.y, e.h, e.chains) }

// logChunk is how many ratios in (½, 2) are multiplied before one
// logarithm: 2^±64 stays far inside float64.
const logChunk = 64

// hiddenStep adds f_new(v) − f_old(v) to each chain's log weight (if
// weigh) and draws h from p_new(h|v) (if sample), from the inputs x. With
// e_β = e^{−β|x|}, log(1+e^{βx}) = β·max(x,0) + log(1+e_β), so the
// increment per unit is (β_new−β_old)·max(x,0) + log(1 + e_old·δ/(1+e_old))
// with δ = e^{−(β_new−β_old)|x|} − 1. Written so, with δ from expm1, the
// small increments of fine schedules keep their relative precision. The
// draws are package draw's, on the float32 fields β_new·(x + b).
func (e *engine) hiddenStep(bNew, bOld float64, weigh, sample bool) {
	dBeta := bNew - bOld
	e.parallel(func(k, lo, hi int) {
		for c := lo; c < hi; c++ {
			xs := e.x[c*e.m : (c+1)*e.m]
			if weigh {
				e.lw[c] += weight(xs, e.b, bOld, dBeta) + dBeta*e.d[c]
			}
			if sample {
				draw.Units(e.h[c*e.m:(c+1)*e.m], xs, e.b32, float32(bNew), 0, e.streams[k])
			}
		}
	})
}

// visibleStep draws v from p_β(v|h) = σ((1−β)a_A + β(a + Wh)), from the
// inputs y, and records (a − a_A)ᵀv. The field is β·(y + a + (1−β)/β·a_A)
// in float32, for package draw (a_A alone at β = 0, where y is unused).
func (e *engine) visibleStep(beta float64) {
	prod, scale := e.y, float32(beta)
	if beta == 0 {
		copy(e.vbias, e.aBase32)
		prod, scale = nil, 1
	} else {
		r := (1 - beta) / beta
		for i, a := range e.a {
			e.vbias[i] = float32(a + r*e.aBase[i])
		}
	}
	e.parallel(func(k, lo, hi int) {
		for c := lo; c < hi; c++ {
			vs := e.v[c*e.n : (c+1)*e.n]
			ys := e.zero
			if prod != nil {
				ys = prod[c*e.n : (c+1)*e.n]
			}
			draw.Units(vs, ys, e.vbias, scale, 0, e.streams[k])
			d := 0.0
			for i, on := range vs {
				d += e.aDiff[i] * float64(on)
			}
			e.d[c] = d
		}
	})
}

// anneal runs the chains along bs (increasing forward, decreasing in
// reverse): at step t the weights gain f_{bs[t]} − f_{bs[t−1]} at the
// current states, which then make one Gibbs sweep at bs[t] (except after
// the last step).
func (e *engine) anneal(bs []float64, o Options) error {
	steps := len(bs) - 1
	for t := 1; t <= steps; t++ {
		last := t == steps
		e.hiddenInputs()
		e.hiddenStep(bs[t], bs[t-1], true, !last)
		if !last {
			e.visibleInputs()
			e.visibleStep(bs[t])
		}
		if t%256 == 0 || last {
			if o.Ctx != nil {
				if err := o.Ctx.Err(); err != nil {
					return fmt.Errorf("ais: interrupted at β step %d of %d: %w", t, steps, err)
				}
			}
			if o.Progress != nil {
				o.Progress(t, steps)
			}
		}
	}
	return nil
}

func (e *engine) result(c float64, reverse bool, betas int) Result {
	logZA := float64(e.m) * math.Ln2
	for _, a := range e.aBase {
		logZA += rbm.Softplus(a)
	}
	lme, se := LogMeanExp(e.lw)
	r := Result{StdErr: se, LogZBase: logZA, Reverse: reverse, Betas: betas, offset: c,
		LogWeights: append([]float64(nil), e.lw...), Final: make([][]bool, e.chains)}
	if reverse {
		r.LogZ = logZA - lme + c
	} else {
		r.LogZ = logZA + lme + c
	}
	for k := range r.Final {
		s := make([]bool, e.n)
		for i, x := range e.v[k*e.n : (k+1)*e.n] {
			s[i] = x != 0
		}
		r.Final[k] = s
	}
	return r
}
