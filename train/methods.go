package train

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
)

// Optimizer turns a gradient into a step.
type Optimizer string

// The optimizers: SGD with momentum, and Adam (Kingma & Ba 2015).
const (
	SGD  Optimizer = "sgd"
	Adam Optimizer = "adam"
)

// Schedule is the learning rate's course over a run.
type Schedule string

// The schedules, with f = step/ScheduleSteps (at most 1) and F = LRFinal:
// lr; lr·(1 − (1−F)f); lr·F^f; lr·(F + (1−F)(1 + cos πf)/2).
const (
	Constant    Schedule = "constant"
	Linear      Schedule = "linear"
	Exponential Schedule = "exp"
	Cosine      Schedule = "cosine"
)

// extension is the learning state of the methods beyond plain SGD: the
// centering offsets, Adam's second moments and the tempered chains.
type extension struct {
	mu, lambda    []float32 // visible and hidden offsets (centered)
	sqW, sqA, sqB []float32 // Adam's second moments
	pt            *gibbs.Tempering
	// Scratch of a general step: the bias gradients, the phases' means
	// and the step of W.
	ga, gb, vPos, vNeg, hPos, hNeg []float32
	dW, dA, dB                     []float32
}

func (c *Config) validateMethods() error {
	switch {
	case c.Optimizer != "" && c.Optimizer != SGD && c.Optimizer != Adam:
		return fmt.Errorf("optimizer %q: want sgd or adam", c.Optimizer)
	case c.Optimizer == Adam && !(c.AdamBeta1 >= 0 && c.AdamBeta1 < 1 && c.AdamBeta2 >= 0 && c.AdamBeta2 < 1 && c.AdamEps > 0):
		return fmt.Errorf("adam: want β₁, β₂ in [0,1) and ε > 0, got %g, %g, %g", c.AdamBeta1, c.AdamBeta2, c.AdamEps)
	case c.Schedule != "" && c.Schedule != Constant && c.Schedule != Linear && c.Schedule != Exponential && c.Schedule != Cosine:
		return fmt.Errorf("schedule %q: want constant, linear, exp or cosine", c.Schedule)
	case c.Schedule != "" && c.Schedule != Constant && c.ScheduleSteps < 1:
		return fmt.Errorf("schedule %s: it needs the run's length in steps, got %d", c.Schedule, c.ScheduleSteps)
	case c.Schedule == Exponential && !(c.LRFinal > 0 && c.LRFinal <= 1):
		return fmt.Errorf("exp schedule: the final learning rate fraction must be in (0,1], got %g", c.LRFinal)
	case (c.Schedule == Linear || c.Schedule == Cosine) && !(c.LRFinal >= 0 && c.LRFinal <= 1):
		return fmt.Errorf("%s schedule: the final learning rate fraction must be in [0,1], got %g", c.Schedule, c.LRFinal)
	case !(c.L1 >= 0) || math.IsInf(c.L1, 0):
		return fmt.Errorf("L1 decay must be ≥ 0, got %g", c.L1)
	case c.Centered && !(c.CenterSlide > 0 && c.CenterSlide <= 1):
		return fmt.Errorf("centering: the offsets' sliding factor must be in (0,1], got %g", c.CenterSlide)
	case c.Method == PT && c.Ladder < 1:
		return fmt.Errorf("pt: the ladder needs at least one β, got %d", c.Ladder)
	case c.Method == PT && c.Ladder > 1 && !(c.BetaMin > 0 && c.BetaMin < 1):
		return fmt.Errorf("pt: the smallest β must be in (0,1), got %g", c.BetaMin)
	}
	return nil
}

// plain reports a run that today's fused SGD step serves: no centering,
// no Adam, no L1 (a schedule only changes its learning rate).
func (t *Trainer) plain() bool {
	c := &t.Cfg
	return !c.Centered && c.Optimizer != Adam && c.L1 == 0
}

// initExtension allocates the state of the methods the run uses.
func (t *Trainer) initExtension() error {
	c, n, m := &t.Cfg, t.Model.Visible, t.Model.Hidden
	e := &t.ext
	if c.Centered {
		e.mu, e.lambda = make([]float32, n), make([]float32, m)
		for i := range e.mu { // the data mean, in unit values
			on := 0
			for r := 0; r < t.data.Count; r++ {
				on += int(t.data.Bits[r*n+i])
			}
			p := float64(on) / float64(t.data.Count)
			if c.Units == rbm.Spin {
				p = 2*p - 1
			}
			e.mu[i] = float32(p)
		}
		if c.Units == rbm.Bernoulli { // hidden units start half on (spins: 0)
			for j := range e.lambda {
				e.lambda[j] = 0.5
			}
		}
	}
	if c.Optimizer == Adam {
		e.sqW, e.sqA, e.sqB = make([]float32, n*m), make([]float32, n), make([]float32, m)
	}
	if c.Method == PT {
		betas := gibbs.Ladder(c.Ladder, c.BetaMin)
		pt, err := gibbs.NewTempering(t.Model, c.Chains, betas, gibbs.Config{Seed: c.Seed, Replica: c.Replica})
		if err != nil {
			return err
		}
		e.pt = pt
	}
	if !t.plain() {
		t.scratch()
	}
	return nil
}

// scratch allocates the buffers of a general step.
func (t *Trainer) scratch() {
	n, m := t.Model.Visible, t.Model.Hidden
	e := &t.ext
	e.ga, e.gb, e.vPos, e.vNeg, e.hPos, e.hNeg = make([]float32, n), make([]float32, m),
		make([]float32, n), make([]float32, n), make([]float32, m), make([]float32, m)
	e.dW, e.dA, e.dB = make([]float32, n*m), make([]float32, n), make([]float32, m)
	if t.gradW == nil {
		t.gradW = make([]float32, n*m)
	}
}

// temperedPhase runs the PT negative phase: the replicas, kept in
// t.chains in (chain, β) order, make K tempering sweeps (each followed by
// exchanges, their parity alternating across steps as in one long run)
// from streams numbered by the step, so a resumed run needs only the
// states; the β = 1 replicas then give the negative statistics in vk, hk.
// It returns their number, Chains.
func (t *Trainer) temperedPhase() int {
	n, m := t.Model.Visible, t.Model.Hidden
	pt, rows, ladder := t.ext.pt, t.Cfg.Chains, t.Cfg.Ladder
	pt.Restart(t.chains, t.Step+1, t.Step*t.Cfg.K)
	for range t.Cfg.K {
		pt.Sweep()
	}
	t.chains = pt.States(t.chains)
	vk := t.vk[:rows*n]
	for c := 0; c < rows; c++ {
		copy(vk[c*n:(c+1)*n], t.chains[c*ladder*n:(c*ladder+1)*n])
	}
	t.fields.Hidden(t.vW[:rows*m], vk, rows)
	t.mean(t.hk[:rows*m], t.vW[:rows*m], t.Model.B)
	return rows
}

// learningRate is the schedule's learning rate at the current step
// (exactly float32(LearningRate) when constant).
func (t *Trainer) learningRate() float32 {
	c := &t.Cfg
	if c.Schedule == "" || c.Schedule == Constant {
		return float32(c.LearningRate)
	}
	f := math.Min(float64(t.Step)/float64(c.ScheduleSteps), 1)
	lr, F := c.LearningRate, c.LRFinal
	switch c.Schedule {
	case Linear:
		lr *= 1 - (1-F)*f
	case Exponential:
		lr *= math.Pow(F, f)
	case Cosine:
		lr *= F + (1-F)*(1+math.Cos(math.Pi*f))/2
	}
	return float32(lr)
}

// generalStep makes the update of a run that is not plain from the
// phases' statistics: the raw W gradient and the phases' means.
func (t *Trainer) generalStep(b, rows int) {
	n, m := t.Model.Visible, t.Model.Hidden
	e := &t.ext
	t.gradientProduct(b, rows, 1, 0, t.gradW, nil, 0)
	colMeans(e.vPos, t.v0[:b*n], b)
	colMeans(e.vNeg, t.vk[:rows*n], rows)
	colMeans(e.hPos, t.h0[:b*m], b)
	colMeans(e.hNeg, t.hk[:rows*m], rows)
	t.apply(t.gradW, e.vPos, e.vNeg, e.hPos, e.hNeg)
}

// colMeans sets dst to the column means of x (rows × len(dst)), summed in
// row order.
func colMeans(dst, x []float32, rows int) {
	w := len(dst)
	clear(dst)
	for r := 0; r < rows; r++ {
		for j, v := range x[r*w : (r+1)*w] {
			dst[j] += v
		}
	}
	for j := range dst {
		dst[j] /= float32(rows)
	}
}

// apply makes one update from a gradient estimate: gW the raw W gradient
// ⟨vhᵀ⟩_data − ⟨vhᵀ⟩_model (overwritten), and the mean visible and hidden
// units of each phase. Centered, the offsets move first, λ ← (1−ν)λ +
// ν(⟨h⟩_data + ⟨h⟩_model)/2, and the gradient is taken in the centered
// parameters (W, a + Wλ, b + Wᵀμ): ∇W − μ∇bᵀ − ∇a λᵀ, ∇a, ∇b. Decay
// (L2 and L1 on W) is added, the optimizer turns it into a step (ΔW, Δa,
// Δb), and the stored uncentered parameters move by ΔW, Δa − ΔW λ and
// Δb − ΔWᵀμ: the same model as the centered parameters moved by the step.
func (t *Trainer) apply(gW, vPos, vNeg, hPos, hNeg []float32) {
	c, e := &t.Cfg, &t.ext
	model := t.Model
	n, m := model.Visible, model.Hidden
	if e.dW == nil { // a plain run's step through apply (tests)
		t.scratch()
	}
	for i := range e.ga {
		e.ga[i] = vPos[i] - vNeg[i]
	}
	for j := range e.gb {
		e.gb[j] = hPos[j] - hNeg[j]
	}
	if c.Centered {
		nu := float32(c.CenterSlide)
		for j, l := range e.lambda {
			e.lambda[j] = (1-nu)*l + nu*(hPos[j]+hNeg[j])/2
		}
	}
	lr := t.learningRate()
	mom, l2, l1 := float32(c.Momentum), float32(c.WeightDecay), float32(c.L1)
	var b1, b2, eps, corr1, corr2 float32
	if c.Optimizer == Adam {
		step := float64(t.Step + 1)
		b1, b2, eps = float32(c.AdamBeta1), float32(c.AdamBeta2), float32(c.AdamEps)
		corr1 = float32(1 / (1 - math.Pow(c.AdamBeta1, step)))
		corr2 = float32(1 / (1 - math.Pow(c.AdamBeta2, step)))
	}
	// opt turns gradients g into steps d, with the moments vel (and sq).
	opt := func(d, g, vel, sq []float32) {
		if c.Optimizer == Adam {
			for i, x := range g {
				vel[i] = b1*vel[i] + (1-b1)*x
				sq[i] = b2*sq[i] + (1-b2)*x*x
				d[i] = lr * (vel[i] * corr1) / (float32(math.Sqrt(float64(sq[i]*corr2))) + eps)
			}
			return
		}
		for i, x := range g {
			vel[i] = mom*vel[i] + lr*x
			d[i] = vel[i]
		}
	}
	var sqW, sqA, sqB []float32
	if c.Optimizer == Adam {
		sqW, sqA, sqB = e.sqW, e.sqA, e.sqB
	}
	w := model.W
	// W row by row: each row's gradient, step and Σ_j ΔW_ij λ_j depend on
	// that row only.
	par.Blocks(n, blockRows, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			g, row := gW[i*m:(i+1)*m], w[i*m:(i+1)*m]
			if c.Centered {
				mu, ga := e.mu[i], e.ga[i]
				for j := range g {
					g[j] -= mu*e.gb[j] + ga*e.lambda[j]
				}
			}
			if l2 != 0 || l1 != 0 {
				for j, x := range row {
					g[j] -= l2*x + l1*sign(x)
				}
			}
			var sq []float32
			if sqW != nil {
				sq = sqW[i*m : (i+1)*m]
			}
			d := e.dW[i*m : (i+1)*m]
			opt(d, g, t.velW[i*m:(i+1)*m], sq)
			for j, x := range d {
				row[j] += x
			}
		}
	})
	opt(e.dA, e.ga, t.velA, sqA)
	opt(e.dB, e.gb, t.velB, sqB)
	if c.Centered {
		// Δa −= ΔW λ (row sums); Δb −= ΔWᵀμ (column sums, in row order
		// within fixed column blocks).
		par.Blocks(n, blockRows, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				var s float32
				for j, x := range e.dW[i*m : (i+1)*m] {
					s += x * e.lambda[j]
				}
				e.dA[i] -= s
			}
		})
		par.Blocks(m, 64, func(_, lo, hi int) {
			for i := 0; i < n; i++ {
				mu := e.mu[i]
				for j, x := range e.dW[i*m+lo : i*m+hi] {
					e.dB[lo+j] -= x * mu
				}
			}
		})
	}
	for i, x := range e.dA {
		model.A[i] += x
	}
	for j, x := range e.dB {
		model.B[j] += x
	}
	t.Step++
}

func sign(x float32) float32 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
