package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"

	_ "github.com/rbmkit/rbmkit/backend" // the build's BLAS, also under go test
	"github.com/rbmkit/rbmkit/internal/binprod"
	"github.com/rbmkit/rbmkit/internal/draw"
	"github.com/rbmkit/rbmkit/internal/fields"
	"github.com/rbmkit/rbmkit/internal/logistic"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Method is the learning rule's negative phase.
type Method string

// The negative phases: chains restarted at the data each step (CD),
// persistent chains carried across steps (PCD), or persistent chains
// updated by parallel tempering (PT): each chain is the β = 1 replica of a
// ladder of Ladder replicas exchanging temperatures (package gibbs).
const (
	CD  Method = "cd"
	PCD Method = "pcd"
	PT  Method = "pt"
)

// Config holds a training run's settings.
type Config struct {
	Hidden       int
	Units        rbm.Units
	Method       Method
	K            int // Gibbs steps per update
	Chains       int // persistent chains (PCD); 0 means BatchSize
	BatchSize    int
	LearningRate float64
	Momentum     float64
	WeightDecay  float64 // L2 coefficient on W
	InitStd      float64 // W ~ N(0, InitStd²)
	LogitBias    bool    // a = logit(data mean) instead of 0
	Seed         uint64
	Replica      int

	// The settings below are zero in a plain run (and then absent from its
	// recorded JSON, which stays as before they existed).

	// Centered: the centered gradient (Melchior, Fischer & Wiskott 2016)
	// with visible offsets μ = the data mean and hidden offsets λ a
	// running average, by CenterSlide ν, of the data's and the model's
	// hidden means; the model stays stored uncentered.
	Centered    bool    `json:",omitempty"`
	CenterSlide float64 `json:",omitempty"`
	// Optimizer: sgd (with Momentum; "" too) or adam (AdamBeta1,
	// AdamBeta2, AdamEps).
	Optimizer Optimizer `json:",omitempty"`
	AdamBeta1 float64   `json:",omitempty"`
	AdamBeta2 float64   `json:",omitempty"`
	AdamEps   float64   `json:",omitempty"`
	// Schedule of the learning rate over ScheduleSteps steps, from
	// LearningRate to LearningRate·LRFinal (constant: "" too).
	Schedule      Schedule `json:",omitempty"`
	LRFinal       float64  `json:",omitempty"`
	ScheduleSteps int      `json:",omitempty"`
	L1            float64  `json:",omitempty"` // L1 coefficient on W
	// PT: replicas per chain (β = 1 first) on the ladder gibbs.Ladder(Ladder, BetaMin).
	Ladder  int     `json:",omitempty"`
	BetaMin float64 `json:",omitempty"`
}

// Validate reports settings that cannot train on n examples.
func (c *Config) Validate(n int) error {
	switch {
	case c.Hidden < 1:
		return fmt.Errorf("hidden units must be ≥ 1, got %d", c.Hidden)
	case c.K < 1:
		return fmt.Errorf("k must be ≥ 1, got %d", c.K)
	case c.BatchSize < 1:
		return fmt.Errorf("batch size must be ≥ 1, got %d", c.BatchSize)
	case n < 1:
		return errors.New("no training examples")
	case c.BatchSize > n:
		return fmt.Errorf("batch size %d is larger than the data (%d examples)", c.BatchSize, n)
	case c.Method != CD && c.Method != PCD && c.Method != PT:
		return fmt.Errorf("method %q: want cd, pcd or pt", c.Method)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return fmt.Errorf("learning rate must be finite and > 0, got %g", c.LearningRate)
	case !(c.Momentum >= 0 && c.Momentum < 1):
		return fmt.Errorf("momentum must be in [0,1), got %g", c.Momentum)
	case !(c.WeightDecay >= 0) || math.IsInf(c.WeightDecay, 0) || !(c.InitStd >= 0) || math.IsInf(c.InitStd, 0):
		return errors.New("weight decay and init std must be finite and ≥ 0")
	case c.Chains < 0:
		return fmt.Errorf("chains must be ≥ 0, got %d", c.Chains)
	}
	return c.validateMethods()
}

// Data is a binary dataset: Count examples of Visible units, stored one
// byte per unit (0 or 1) to keep large datasets compact.
type Data struct {
	Visible, Count int
	Bits           []uint8
}

// Row returns example i.
func (d *Data) Row(i int) []uint8 { return d.Bits[i*d.Visible : (i+1)*d.Visible] }

// Trainer holds a run's model and learning state.
type Trainer struct {
	Cfg   Config
	Model *rbm.Model
	Epoch int
	Step  int
	data  *Data

	velW, velA, velB []float32 // momentum velocities (sgd), first moments (adam)
	chains           []float32 // PCD chains, Chains×N; PT replicas, Chains·Ladder×N
	ext              extension // centering, Adam, PT
	// Random streams; their sources are kept to save and restore state.
	shuffleSrc, sampleSrc *rand.PCG
	shuffle, sample       *rand.Rand
	// The current epoch's order, the shuffle state it was drawn from, and
	// the minibatches of it already done (non-zero only after an
	// interruption), so a run can resume mid-epoch.
	order        []int
	epochShuffle []byte
	pos          int
	pllSubset    []int

	// Phase statistics: the positive phase (batch rows) then the negative
	// phase (batch or chain rows) stacked, so one GEMM gives the W gradient.
	vv, hh, hScaled []float32
	v0, h0, vk, hk  []float32
	// The negative phase's hidden states and the products v·W (hidden
	// fields without the bias) and h·Wᵀ, one row per chain.
	hState, vW, hWt []float32
	// One random stream per block of blockRows chains, reseeded from the
	// step number at each step: draws do not depend on the thread count,
	// and a resumed run needs no sampler state beyond the step.
	blockSrc []*rand.PCG
	blockRNG []*rand.Rand
	// The fields of binary states (package internal/fields; its Dense
	// forces BLAS, for tests of the row sums), told at each step that W
	// moved.
	fields   *fields.Fields
	gradW    []float32 // the W gradient, for tests (a step adds it into velW)
	biasSums []float32 // updateBias's column sums

	reconSum   float64
	reconCount int

	// AfterUpdate, when set, is called after every minibatch update with
	// the updated model (θ_t), which it must not change: an observer of the
	// training trajectory, such as package trajectory's log Z estimator.
	AfterUpdate func(m *rbm.Model)
}

// blockRows is the number of chains that share a random stream and a unit
// of parallel work.
const blockRows = 16

// samplePurpose names the per-step block streams of the Gibbs phase.
const samplePurpose = "gibbs-step"

// New initializes a model for the data under cfg.
func New(cfg Config, data *Data) (*Trainer, error) {
	if cfg.Chains == 0 {
		cfg.Chains = cfg.BatchSize
	}
	if err := cfg.Validate(data.Count); err != nil {
		return nil, err
	}
	n, m := data.Visible, cfg.Hidden
	t := &Trainer{Cfg: cfg, Model: rbm.New(n, m, cfg.Units), data: data,
		velW: make([]float32, n*m), velA: make([]float32, n), velB: make([]float32, m),
		shuffleSrc: rng.NewSource(cfg.Seed, cfg.Replica, "shuffle"),
		sampleSrc:  rng.NewSource(cfg.Seed, cfg.Replica, "gibbs"),
	}
	t.shuffle, t.sample = rand.New(t.shuffleSrc), rand.New(t.sampleSrc)
	t.fields = fields.New(t.Model, blockRows)
	init := rng.New(cfg.Seed, cfg.Replica, "init")
	for i := range t.Model.W {
		t.Model.W[i] = float32(init.NormFloat64() * cfg.InitStd)
	}
	if cfg.LogitBias {
		for i := 0; i < n; i++ {
			on := 0
			for e := 0; e < data.Count; e++ {
				on += int(data.Bits[e*n+i])
			}
			p := (float64(on) + 1) / (float64(data.Count) + 2) // smoothed so no bias is infinite
			if cfg.Units == rbm.Spin {
				t.Model.A[i] = float32(math.Atanh(2*p - 1)) // ⟨s⟩ = tanh(a) = 2p−1
			} else {
				t.Model.A[i] = float32(math.Log(p / (1 - p)))
			}
		}
	}
	rows := max(cfg.BatchSize, cfg.Chains)
	b := cfg.BatchSize
	t.vv, t.hh, t.hScaled = make([]float32, (b+rows)*n), make([]float32, (b+rows)*m), make([]float32, (b+rows)*m)
	t.v0, t.vk = t.vv[:b*n], t.vv[b*n:]
	t.h0, t.hk = t.hh[:b*m], t.hh[b*m:]
	t.hState, t.vW, t.hWt = make([]float32, rows*m), make([]float32, rows*m), make([]float32, rows*n)
	for range (rows + blockRows - 1) / blockRows {
		src := &rand.PCG{}
		t.blockSrc, t.blockRNG = append(t.blockSrc, src), append(t.blockRNG, rand.New(src))
	}
	switch cfg.Method {
	case PCD:
		t.chains = make([]float32, cfg.Chains*n)
	case PT:
		t.chains = make([]float32, cfg.Chains*cfg.Ladder*n)
	}
	for i := range t.chains {
		t.chains[i] = t.unit(t.sample.Float32() < 0.5)
	}
	if err := t.initExtension(); err != nil {
		return nil, err
	}
	pick := rng.New(cfg.Seed, cfg.Replica, "pll-subset").Perm(data.Count)
	t.pllSubset = pick[:min(len(pick), 100)]
	return t, nil
}

func (t *Trainer) unit(on bool) float32 {
	if on {
		return 1
	}
	if t.Cfg.Units == rbm.Spin {
		return -1
	}
	return 0
}

// ErrNonFinite reports weights that became NaN or infinite.
type ErrNonFinite struct{ Epoch int }

func (e ErrNonFinite) Error() string {
	return fmt.Sprintf("weights became non-finite during epoch %d (try a smaller learning rate)", e.Epoch)
}

// RunEpoch makes one pass over the data in a fresh random order. When ctx
// is cancelled it stops after the current minibatch and returns ctx.Err(),
// the model consistent at a step boundary.
func (t *Trainer) RunEpoch(ctx context.Context) error {
	if t.order == nil {
		t.epochShuffle, _ = t.shuffleSrc.MarshalBinary()
		t.order = t.shuffle.Perm(t.data.Count)
		t.reconSum, t.reconCount = 0, 0
	}
	b := t.Cfg.BatchSize
	for ; (t.pos+1)*b <= len(t.order); t.pos++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t.step(t.order[t.pos*b : (t.pos+1)*b])
		if t.AfterUpdate != nil {
			t.AfterUpdate(t.Model)
		}
	}
	t.order, t.pos = nil, 0
	t.Epoch++
	for _, p := range [][]float32{t.Model.W, t.Model.A, t.Model.B} {
		for _, w := range p {
			if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
				return ErrNonFinite{t.Epoch}
			}
		}
	}
	return nil
}

// step makes one minibatch update: velW = momentum·velW + lr·(∇W −
// decay·W), then W += velW, all through BLAS (the gradient product
// accumulates straight into the velocity).
func (t *Trainer) step(batch []int) {
	b, rows := t.phases(batch)
	if !t.plain() {
		t.generalStep(b, rows)
		return
	}
	n, m := t.Model.Visible, t.Model.Hidden
	lr, mom, decay := t.learningRate(), float32(t.Cfg.Momentum), float32(t.Cfg.WeightDecay)
	if !t.gradientProduct(b, rows, lr, mom, t.velW, t.Model.W, -lr*decay) {
		if decay != 0 {
			blas32.Axpy(-lr*decay, vector(t.Model.W), vector(t.velW))
		}
		// W += velW in Go: OpenBLAS's saxpy wakes its threads for it and
		// took ten times a plain loop (docs/performance.md).
		w, vel := t.Model.W, t.velW
		par.Blocks(len(w), 1<<14, func(_, lo, hi int) {
			for i, v := range vel[lo:hi] {
				w[lo+i] += v
			}
		})
	}
	t.updateBias(t.Model.A, t.velA, t.v0[:b*n], t.vk[:rows*n], b, rows, n, lr, mom)
	t.updateBias(t.Model.B, t.velB, t.h0[:b*m], t.hk[:rows*m], b, rows, m, lr, mom)
	t.Step++
}

// PreviousTransposed returns Wᵀ (M×N row-major) of the weights before the
// last update, when that step made it for its sparse hidden-state products
// (else nil): a view, rewritten by the next step. An observer called from
// AfterUpdate that follows the same weights (package trajectory) reads it
// rather than transposing W_{t−1} again.
func (t *Trainer) PreviousTransposed() []float32 { return t.fields.Kept() }

// gradient estimates the log-likelihood gradient of W on a minibatch into
// gradW (for tests; training adds it into the velocity directly).
func (t *Trainer) gradient(batch []int) {
	if t.gradW == nil {
		t.gradW = make([]float32, t.Model.Visible*t.Model.Hidden)
	}
	b, rows := t.phases(batch)
	t.gradientProduct(b, rows, 1, 0, t.gradW, nil, 0)
}

// gradientProduct sets dst = alpha·∇W + beta·dst, with ∇W = v0ᵀh0/b −
// vkᵀhk/rows computed as one product of the stacked phases, the hidden
// rows scaled by 1/b and −1/rows. When the visible states are sparse the
// product is row sums, which also add gamma·w to dst and then dst to w
// (the momentum step, in the same pass) if w is not nil, and it reports
// true; otherwise the caller finishes the step.
func (t *Trainer) gradientProduct(b, rows int, alpha, beta float32, dst, w []float32, gamma float32) (updated bool) {
	n, m := t.Model.Visible, t.Model.Hidden
	hs := t.hScaled[:(b+rows)*m]
	vv := t.vv[:(b+rows)*n]
	pos, neg := 1/float32(b), -1/float32(rows)
	par.Blocks(b+rows, blockRows, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			scale := pos
			if r >= b {
				scale = neg
			}
			for i, x := range t.hh[r*m : (r+1)*m] {
				hs[r*m+i] = x * scale
			}
		}
	})
	if ones := t.fields.OnesT(vv, b+rows, n); ones != nil {
		// dst row i sums the scaled hidden rows of the states with v_i on.
		binprod.MulUpdate(dst, ones, hs, m, m, alpha, beta, w, gamma)
		return w != nil
	}
	blas32.Gemm(blas.Trans, blas.NoTrans, alpha, general(vv, b+rows, n), general(hs, b+rows, m), beta,
		blas32.General{Rows: n, Cols: m, Stride: m, Data: dst})
	return false
}

// phases computes the minibatch's statistics: the positive phase in v0, h0
// (the data and E[h|v], b rows) and the negative phase in vk, hk (states
// after k Gibbs steps and their E[h|v], rows rows), stacked in vv and hh.
func (t *Trainer) phases(batch []int) (b, rows int) {
	n, m := t.Model.Visible, t.Model.Hidden
	t.fields.Changed() // W moved in the last step
	b = len(batch)
	v0, h0 := t.v0[:b*n], t.h0[:b*m]
	for r, e := range batch {
		row := t.data.Row(e)
		for i, x := range row {
			v0[r*n+i] = t.unit(x == 1)
		}
	}
	t.fields.Hidden(t.vW[:b*m], v0, b)
	t.mean(h0, t.vW[:b*m], t.Model.B)
	if t.Step%reconEvery == 0 {
		t.trackRecon(v0, h0, b)
	}

	// Negative phase: k Gibbs steps from the data (CD: the hidden fields
	// are the positive phase's) or from the chains (PCD).
	rows = b
	if t.Cfg.Method == PT {
		return b, t.temperedPhase()
	}
	if t.Cfg.Method == PCD {
		rows = t.Cfg.Chains
		copy(t.vk[:rows*n], t.chains)
		t.fields.Hidden(t.vW[:rows*m], t.vk[:rows*n], rows)
	}
	vk, hk := t.vk[:rows*n], t.hk[:rows*m]
	vW, hWt, hState := t.vW[:rows*m], t.hWt[:rows*n], t.hState[:rows*m]
	for k := range t.blockSrc[:(rows+blockRows-1)/blockRows] {
		t.blockSrc[k].Seed(rng.DeriveSeeds(t.Cfg.Seed, t.Cfg.Replica, samplePurpose, t.Step*len(t.blockSrc)+k))
	}
	for s := 0; s < t.Cfg.K; s++ {
		t.draw(hState, vW, t.Model.B, rows)
		t.hiddenStatesProduct(hState, hWt, rows)
		t.draw(vk, hWt, t.Model.A, rows)
		t.fields.Hidden(vW, vk, rows)
	}
	t.mean(hk, vW, t.Model.B)
	if t.Cfg.Method == PCD {
		copy(t.chains, vk)
	}
	return b, rows
}

func (t *Trainer) updateBias(bias, vel, pos, neg []float32, b, rows, width int, lr, mom float32) {
	if len(t.biasSums) < 2*width {
		t.biasSums = make([]float32, 2*width)
	}
	p, q := t.biasSums[:width], t.biasSums[width:2*width]
	clear(p)
	clear(q)
	for r := 0; r < b; r++ {
		for j, x := range pos[r*width : (r+1)*width] {
			p[j] += x
		}
	}
	for r := 0; r < rows; r++ {
		for j, x := range neg[r*width : (r+1)*width] {
			q[j] += x
		}
	}
	for j := range bias {
		vel[j] = mom*vel[j] + lr*(p[j]/float32(b)-q[j]/float32(rows))
		bias[j] += vel[j]
	}
}

func general(d []float32, rows, cols int) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: d}
}

func vector(d []float32) blas32.Vector { return blas32.Vector{N: len(d), Inc: 1, Data: d} }

// hiddenStatesProduct sets dst = h·Wᵀ for rows of binary hidden states:
// row sums of Wᵀ (package internal/fields) when the transposition, once per
// step, pays: always with the pure-Go BLAS (its sgemm dominated this
// product), with OpenBLAS only for k ≥ 2 Gibbs steps (at CD-1 the
// transposition costs more than it saves; docs/performance.md has the
// epochs timed). Otherwise a GEMM.
func (t *Trainer) hiddenStatesProduct(h, dst []float32, rows int) {
	if binprod.SparseBelow < 1 && t.Cfg.K < 2 {
		t.fields.VisibleGEMM(dst, h, rows)
		return
	}
	t.fields.Visible(dst, h, rows)
}

// mean sets dst = E[unit | field] for rows of fields prod + bias: σ(z)
// (Bernoulli) or tanh(z) (spin).
func (t *Trainer) mean(dst, prod, bias []float32) {
	width := len(bias)
	scale, mul, add := float32(1), float32(1), float32(0)
	if t.Cfg.Units == rbm.Spin {
		scale, mul, add = 2, 2, -1 // tanh(z) = 2σ(2z) − 1
	}
	par.Blocks(len(dst)/width, blockRows, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			logistic.Apply(dst[r*width:(r+1)*width], prod[r*width:(r+1)*width], bias, scale, mul, add)
		}
	})
}

// draw samples rows of units from their fields prod + bias, each block of
// rows from its own stream: on with probability σ(z) (Bernoulli) or
// σ(2z) (spin, then off is −1).
func (t *Trainer) draw(dst, prod, bias []float32, rows int) {
	width := len(bias)
	scale, off := float32(1), float32(0)
	if t.Cfg.Units == rbm.Spin {
		scale, off = 2, -1
	}
	par.Blocks(rows, blockRows, func(k, lo, hi int) {
		for r := lo; r < hi; r++ {
			draw.Units(dst[r*width:(r+1)*width], prod[r*width:(r+1)*width], bias, scale, off, t.blockRNG[k])
		}
	})
}

// reconEvery spaces the reconstruction monitor: it costs a product as large
// as a phase's, so it samples every tenth minibatch.
const reconEvery = 10

// trackRecon accumulates the one-step mean-field reconstruction error
// ‖v − E[v|E[h|v]]‖²/N.
func (t *Trainer) trackRecon(v0, h0 []float32, b int) {
	n := t.Model.Visible
	recon := t.vk[:b*n]
	t.fields.VisibleGEMM(t.hWt[:b*n], h0, b) // h0 holds means, not states
	t.mean(recon, t.hWt[:b*n], t.Model.A)
	var s float64
	for i, x := range recon {
		d := float64(v0[i] - x)
		s += d * d
	}
	t.reconSum += s / float64(n)
	t.reconCount += b
}

// ReconError is the mean reconstruction error over the last epoch's
// sampled minibatches (NaN before the first).
func (t *Trainer) ReconError() float64 {
	if t.reconCount == 0 {
		return math.NaN()
	}
	return t.reconSum / float64(t.reconCount)
}

// PseudoLogLik is the exact pseudo-log-likelihood per example on a fixed
// subset of up to 100 training examples (nats).
func (t *Trainer) PseudoLogLik() float64 {
	each := make([]float64, len(t.pllSubset))
	par.Blocks(len(each), 1, func(k, _, _ int) {
		v := make([]float64, t.Model.Visible)
		for i, x := range t.data.Row(t.pllSubset[k]) {
			v[i] = float64(t.unit(x == 1))
		}
		each[k] = t.Model.PseudoLogLikelihood(v)
	})
	var s float64
	for _, x := range each { // summed in a fixed order: the same bits on any thread count
		s += x
	}
	return s / float64(len(each))
}

// TopSigma returns the k largest singular values of W, by subspace
// iteration on WᵀW from a fixed start (deterministic). The block carries
// extra vectors (oversampling) because near-degenerate values, such as
// those of the Marchenko–Pastur bulk, converge slowly otherwise.
func (t *Trainer) TopSigma(want int) []float64 {
	m := t.Model
	want = min(want, m.Visible, m.Hidden)
	if want < 1 {
		return nil
	}
	k := min(want+max(want, 8), m.Visible, m.Hidden)
	w := mat.NewDense(m.Visible, m.Hidden, nil)
	for i := 0; i < m.Visible; i++ {
		for j := 0; j < m.Hidden; j++ {
			w.Set(i, j, float64(m.W[i*m.Hidden+j]))
		}
	}
	start := rng.New(0, 0, "top-sigma")
	q := mat.NewDense(m.Hidden, k, nil)
	for i := 0; i < m.Hidden; i++ {
		for j := 0; j < k; j++ {
			q.Set(i, j, start.NormFloat64())
		}
	}
	var wq mat.Dense
	var wtwq mat.Dense
	sigma := make([]float64, k)
	for it := 0; it < 200; it++ {
		orthonormalize(q)
		wq.Mul(w, q)
		wtwq.Mul(w.T(), &wq)
		// Rayleigh–Ritz: σ² are the eigenvalues of QᵀWᵀWQ.
		var small mat.Dense
		small.Mul(q.T(), &wtwq)
		var eig mat.EigenSym
		eig.Factorize(mat.NewSymDense(k, small.RawMatrix().Data), false)
		vals := eig.Values(nil)
		done := true
		for j := range vals {
			s := math.Sqrt(math.Max(vals[len(vals)-1-j], 0))
			if j < want && math.Abs(s-sigma[j]) > 1e-9*math.Max(s, 1e-12) {
				done = false
			}
			sigma[j] = s
		}
		if done && it > 2 {
			break
		}
		q = mat.DenseCopyOf(&wtwq)
	}
	return sigma[:want]
}

// orthonormalize applies modified Gram–Schmidt to the columns of q.
func orthonormalize(q *mat.Dense) {
	_, cols := q.Dims()
	for j := 0; j < cols; j++ {
		cj := q.ColView(j).(*mat.VecDense)
		for i := 0; i < j; i++ {
			ci := q.ColView(i)
			cj.AddScaledVec(cj, -mat.Dot(ci, cj), ci)
		}
		if norm := mat.Norm(cj, 2); norm > 0 {
			cj.ScaleVec(1/norm, cj)
		}
	}
}
