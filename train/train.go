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
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Method is the learning rule's negative phase.
type Method string

// The negative phases: chains restarted at the data each step (CD) or
// persistent chains carried across steps (PCD).
const (
	CD  Method = "cd"
	PCD Method = "pcd"
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
	case c.Method != CD && c.Method != PCD:
		return fmt.Errorf("method %q: want cd or pcd", c.Method)
	case c.LearningRate <= 0 || math.IsNaN(c.LearningRate):
		return fmt.Errorf("learning rate must be > 0, got %g", c.LearningRate)
	case c.Momentum < 0 || c.Momentum >= 1:
		return fmt.Errorf("momentum must be in [0,1), got %g", c.Momentum)
	case c.WeightDecay < 0 || c.InitStd < 0:
		return errors.New("weight decay and init std must be ≥ 0")
	case c.Chains < 0:
		return fmt.Errorf("chains must be ≥ 0, got %d", c.Chains)
	}
	return nil
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

	velW, velA, velB []float32
	chains           []float32 // PCD chains, Chains×N
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
	vv, hh, hScaled       []float32
	v0, h0, vk, hk, gradW []float32
	reconSum              float64
	reconCount            int
}

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
		gradW:      make([]float32, n*m),
	}
	t.shuffle, t.sample = rand.New(t.shuffleSrc), rand.New(t.sampleSrc)
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
	if cfg.Method == PCD {
		t.chains = make([]float32, cfg.Chains*n)
		for i := range t.chains {
			t.chains[i] = t.unit(t.sample.Float32() < 0.5)
		}
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

// step makes one minibatch update.
func (t *Trainer) step(batch []int) {
	b, rows := t.gradient(batch)
	n, m := t.Model.Visible, t.Model.Hidden
	lr, mom, decay := float32(t.Cfg.LearningRate), float32(t.Cfg.Momentum), float32(t.Cfg.WeightDecay)
	for i, w := range t.Model.W {
		t.velW[i] = mom*t.velW[i] + lr*(t.gradW[i]-decay*w)
		t.Model.W[i] = w + t.velW[i]
	}
	t.updateBias(t.Model.A, t.velA, t.v0[:b*n], t.vk[:rows*n], b, rows, n, lr, mom)
	t.updateBias(t.Model.B, t.velB, t.h0[:b*m], t.hk[:rows*m], b, rows, m, lr, mom)
	t.Step++
}

// gradient estimates the log-likelihood gradient of W on a minibatch into
// gradW, leaving the phases' statistics in v0, h0 (positive, b rows) and
// vk, hk (negative, rows rows) for the biases.
func (t *Trainer) gradient(batch []int) (b, rows int) {
	n, m := t.Model.Visible, t.Model.Hidden
	b = len(batch)
	v0, h0 := t.v0[:b*n], t.h0[:b*m]
	for r, e := range batch {
		row := t.data.Row(e)
		for i, x := range row {
			v0[r*n+i] = t.unit(x == 1)
		}
	}
	t.hiddenMean(v0, h0, b)
	if t.Step%reconEvery == 0 {
		t.trackRecon(v0, h0, b)
	}

	// Negative phase: k Gibbs steps from the data (CD) or the chains (PCD).
	rows = b
	vk, hk := t.vk, t.hk
	if t.Cfg.Method == PCD {
		rows = t.Cfg.Chains
		copy(vk[:rows*n], t.chains)
		t.hiddenMean(vk[:rows*n], hk[:rows*m], rows)
	} else {
		copy(hk[:b*m], h0)
	}
	vk, hk = vk[:rows*n], hk[:rows*m]
	for s := 0; s < t.Cfg.K; s++ {
		t.sampleUnits(hk)
		t.visibleMean(hk, vk, rows)
		t.sampleUnits(vk)
		t.hiddenMean(vk, hk, rows)
	}
	if t.Cfg.Method == PCD {
		copy(t.chains, vk)
	}

	// grad W = v0ᵀh0/b − vkᵀhk/rows, as one product of the stacked phases
	// with the hidden rows scaled by 1/b and −1/rows.
	hs := t.hScaled[:(b+rows)*m]
	for i, x := range t.hh[:b*m] {
		hs[i] = x / float32(b)
	}
	for i, x := range hk {
		hs[b*m+i] = -x / float32(rows)
	}
	blas32.Gemm(blas.Trans, blas.NoTrans, 1, general(t.vv[:(b+rows)*n], b+rows, n), general(hs, b+rows, m), 0,
		blas32.General{Rows: n, Cols: m, Stride: m, Data: t.gradW})
	return b, rows
}

func (t *Trainer) updateBias(bias, vel, pos, neg []float32, b, rows, width int, lr, mom float32) {
	for j := range bias {
		var p, q float32
		for r := 0; r < b; r++ {
			p += pos[r*width+j]
		}
		for r := 0; r < rows; r++ {
			q += neg[r*width+j]
		}
		vel[j] = mom*vel[j] + lr*(p/float32(b)-q/float32(rows))
		bias[j] += vel[j]
	}
}

func general(d []float32, rows, cols int) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: d}
}

// hiddenMean sets h = E[h|v] for rows of v: σ(b + vW) (Bernoulli) or
// tanh(b + vW) (spin).
func (t *Trainer) hiddenMean(v, h []float32, rows int) {
	m := t.Model
	for r := 0; r < rows; r++ {
		copy(h[r*m.Hidden:(r+1)*m.Hidden], m.B)
	}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(v, rows, m.Visible), general(m.W, m.Visible, m.Hidden), 1, general(h, rows, m.Hidden))
	t.activate(h)
}

// visibleMean sets v = E[v|h]: σ(a + hWᵀ) or tanh(a + hWᵀ).
func (t *Trainer) visibleMean(h, v []float32, rows int) {
	m := t.Model
	for r := 0; r < rows; r++ {
		copy(v[r*m.Visible:(r+1)*m.Visible], m.A)
	}
	blas32.Gemm(blas.NoTrans, blas.Trans, 1, general(h, rows, m.Hidden), general(m.W, m.Visible, m.Hidden), 1, general(v, rows, m.Visible))
	t.activate(v)
}

func (t *Trainer) activate(x []float32) {
	if t.Cfg.Units == rbm.Spin {
		for i, z := range x {
			x[i] = 2*sigmoid32(2*z) - 1 // tanh
		}
		return
	}
	for i, z := range x {
		x[i] = sigmoid32(z)
	}
}

// sampleUnits replaces means by samples: 1 with probability p (Bernoulli),
// +1 with probability (1+μ)/2 (spin).
func (t *Trainer) sampleUnits(x []float32) {
	spin := t.Cfg.Units == rbm.Spin
	for i, p := range x {
		if spin {
			p = (1 + p) / 2
		}
		x[i] = t.unit(t.sample.Float32() < p)
	}
}

// reconEvery spaces the reconstruction monitor: it costs a product as large
// as a phase's, so it samples every tenth minibatch.
const reconEvery = 10

// trackRecon accumulates the one-step mean-field reconstruction error
// ‖v − E[v|E[h|v]]‖²/N.
func (t *Trainer) trackRecon(v0, h0 []float32, b int) {
	n := t.Model.Visible
	recon := t.vk[:b*n]
	t.visibleMean(h0, recon, b)
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
	v := make([]float64, t.Model.Visible)
	var s float64
	for _, e := range t.pllSubset {
		for i, x := range t.data.Row(e) {
			v[i] = float64(t.unit(x == 1))
		}
		s += t.Model.PseudoLogLikelihood(v)
	}
	return s / float64(len(t.pllSubset))
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
