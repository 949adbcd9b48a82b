package train

import (
	"context"
	"math"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/internal/testmodel"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// sampleData draws count visible states from the exact distribution of a
// small model.
func sampleData(target *rbm.Model, count int, seed uint64) *Data {
	logp := rbm.ExactVisibleLogProbs(target)
	r := rng.New(seed, 0, "data")
	d := &Data{Visible: target.Visible, Count: count, Bits: make([]uint8, count*target.Visible)}
	for e := 0; e < count; e++ {
		u, s := r.Float64(), 0
		for acc := 0.0; s < len(logp)-1; s++ {
			if acc += math.Exp(logp[s]); acc > u {
				break
			}
		}
		for i := 0; i < target.Visible; i++ {
			d.Bits[e*target.Visible+i] = uint8(s >> i & 1)
		}
	}
	return d
}

func randomModel(n, m int, scale float64, units rbm.Units, seed uint64) *rbm.Model {
	return testmodel.Gaussian(rng.New(seed, 0, "target"), n, m, units, scale, 0.5)
}

// empirical returns the data's distribution over visible states, as rbm
// indexes them (bit i of the index is unit i).
func empirical(d *Data) []float64 {
	p := make([]float64, 1<<d.Visible)
	for e := 0; e < d.Count; e++ {
		s := 0
		for i, x := range d.Row(e) {
			s |= int(x) << i
		}
		p[s] += 1 / float64(d.Count)
	}
	return p
}

// kl is KL(data ‖ model) in nats.
func kl(p []float64, m *rbm.Model) float64 {
	logq := rbm.ExactVisibleLogProbs(m)
	var s float64
	for i, pi := range p {
		if pi > 0 {
			s += pi * (math.Log(pi) - logq[i])
		}
	}
	return s
}

// The W gradient that CD with many Gibbs steps and PCD estimate averages
// to the exact log-likelihood gradient, within statistical error.
func TestGradientMatchesExact(t *testing.T) {
	target := randomModel(8, 5, 0.8, rbm.Bernoulli, 1)
	data := sampleData(target, 64, 2)
	for _, method := range []Method{CD, PCD} {
		cfg := Config{Hidden: 5, Method: method, K: 50, BatchSize: 64, LearningRate: 1, InitStd: 0.5, Seed: 3}
		tr, err := New(cfg, data)
		if err != nil {
			t.Fatal(err)
		}
		model := tr.Model
		rows := make([][]float64, data.Count)
		for e := range rows {
			rows[e] = make([]float64, 8)
			for i, x := range data.Row(e) {
				rows[e][i] = float64(x)
			}
		}
		exact, _, _ := rbm.ExactGradient(model, rows, nil)
		const reps = 300
		batch := make([]int, data.Count)
		for i := range batch {
			batch[i] = i
		}
		sum, sq := make([]float64, len(exact)), make([]float64, len(exact))
		for r := 0; r < reps; r++ {
			tr.gradient(batch)
			tr.Step++ // the Gibbs streams are drawn from the step number
			for i, g := range tr.gradW {
				sum[i] += float64(g)
				sq[i] += float64(g) * float64(g)
			}
		}
		worst := 0.0
		for i := range exact {
			mean := sum[i] / reps
			se := math.Sqrt(math.Max(sq[i]/reps-mean*mean, 1e-12) / reps)
			if method == PCD {
				se *= 3 // persistent chains are autocorrelated across steps
			}
			worst = math.Max(worst, math.Abs(mean-exact[i])/se)
		}
		if worst > 5 {
			t.Errorf("%s: the estimated gradient is %.1f standard errors from the exact one", method, worst)
		}
	}
}

// Training by PCD on samples of a known model brings the KL divergence
// from the data's distribution close to that of the target itself.
func TestTrainingLowersKL(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		target := randomModel(6, 4, 1.5, rbm.Bernoulli, 4)
		data := sampleData(target, 2000, 5)
		p := empirical(data)
		cfg := Config{Hidden: 6, Units: units, Method: PCD, K: 5, BatchSize: 50, LearningRate: 0.05, Momentum: 0.5,
			InitStd: 0.1, LogitBias: true, Seed: 6}
		tr, err := New(cfg, data)
		if err != nil {
			t.Fatal(err)
		}
		before := kl(p, tr.Model)
		for e := 0; e < 60; e++ {
			if err := tr.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		after, floor := kl(p, tr.Model), kl(p, target)
		if after > before/3 || after > floor+0.05 {
			t.Errorf("%v: KL from %.3f to %.3f nats; the target model itself is at %.3f", units, before, after, floor)
		}
	}
}

func mnistLike(count, n int) *Data {
	r := rng.New(9, 0, "fake-digits")
	d := &Data{Visible: n, Count: count, Bits: make([]uint8, count*n)}
	for e := 0; e < count; e++ {
		proto := e % 3
		for i := 0; i < n; i++ {
			if (i%3 == proto) != (r.Float64() < 0.1) {
				d.Bits[e*n+i] = 1
			}
		}
	}
	return d
}

// Same data and settings give the same weights bit for bit at any
// GOMAXPROCS; another replica gives others.
func TestDeterminism(t *testing.T) {
	data := mnistLike(300, 50)
	run := func(procs, replica int) []float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		tr, err := New(Config{Hidden: 40, Method: PCD, K: 2, BatchSize: 30, LearningRate: 0.05, InitStd: 0.01, Seed: 1, Replica: replica}, data)
		if err != nil {
			t.Fatal(err)
		}
		for e := 0; e < 3; e++ {
			tr.RunEpoch(context.Background())
		}
		return tr.Model.W
	}
	a, b, c := run(1, 0), run(2, 0), run(2, 1)
	if !slices.Equal(a, b) {
		t.Fatal("weights differ between GOMAXPROCS 1 and 2")
	}
	if slices.Equal(a, c) {
		t.Fatal("replicas 0 and 1 trained to the same weights")
	}
}

func TestTopSigmaMatchesSVD(t *testing.T) {
	data := mnistLike(10, 30)
	tr, _ := New(Config{Hidden: 20, Method: CD, K: 1, BatchSize: 10, LearningRate: 0.1, InitStd: 1, Seed: 2}, data)
	got := tr.TopSigma(4)
	w := mat.NewDense(30, 20, nil)
	for i := 0; i < 30; i++ {
		for j := 0; j < 20; j++ {
			w.Set(i, j, float64(tr.Model.W[i*20+j]))
		}
	}
	var svd mat.SVD
	svd.Factorize(w, mat.SVDNone)
	want := svd.Values(nil)
	for j := range got {
		if math.Abs(got[j]-want[j]) > 1e-4*want[j] {
			t.Fatalf("σ_%d = %g, SVD says %g", j, got[j], want[j])
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Hidden: 5, Method: CD, K: 1, BatchSize: 10, LearningRate: 0.1}
	for name, mutate := range map[string]func(*Config){
		"zero hidden": func(c *Config) { c.Hidden = 0 },
		"k zero":      func(c *Config) { c.K = 0 },
		"big batch":   func(c *Config) { c.BatchSize = 11 },
		"method":      func(c *Config) { c.Method = "sgd" },
		"lr":          func(c *Config) { c.LearningRate = 0 },
	} {
		c := ok
		mutate(&c)
		if c.Validate(10) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := ok.Validate(10); err != nil {
		t.Fatal(err)
	}
}

func TestNonFiniteStops(t *testing.T) {
	data := mnistLike(20, 10)
	tr, _ := New(Config{Hidden: 5, Method: CD, K: 1, BatchSize: 10, LearningRate: 0.1, InitStd: 1, Seed: 1}, data)
	tr.RunEpoch(context.Background())
	tr.Model.W[7] = float32(math.NaN())
	err := tr.RunEpoch(context.Background())
	if e, ok := err.(ErrNonFinite); !ok || e.Epoch != 2 {
		t.Fatalf("error %v, want ErrNonFinite in epoch 2", err)
	}
}

// stopAfter is a context whose Err turns non-nil after n calls: an
// interruption at a chosen minibatch.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// A run stopped mid-epoch and resumed from its state (in a fresh trainer,
// as from a checkpoint) ends bit for bit where the uninterrupted run does.
func TestResumeIsExact(t *testing.T) {
	data := mnistLike(200, 30)
	for _, method := range []Method{CD, PCD} {
		cfg := Config{Hidden: 10, Method: method, K: 2, BatchSize: 20, LearningRate: 0.05, Momentum: 0.5, InitStd: 0.1, Seed: 8}
		whole, second := resumedAlongside(t, cfg, data, string(method))
		a, _ := whole.MarshalState()
		b, _ := second.MarshalState()
		if !slices.Equal(whole.Model.W, second.Model.W) || !slices.Equal(whole.Model.B, second.Model.B) || !slices.Equal(a, b) ||
			whole.ReconError() != second.ReconError() {
			t.Fatalf("%s: the resumed run differs from the uninterrupted one", method)
		}
	}
}

// resumedAlongside trains cfg for 3 epochs uninterrupted (whole) and, in
// step, a run stopped 4 steps into its second epoch whose weights and
// state go into a fresh trainer that finishes the 3 epochs (second), as
// a checkpoint's resume does.
func resumedAlongside(t *testing.T, cfg Config, data *Data, name string) (whole, second *Trainer) {
	t.Helper()
	whole, err := New(cfg, data)
	if err != nil {
		t.Fatal(err)
	}
	for e := 0; e < 3; e++ {
		whole.RunEpoch(context.Background())
	}
	first, _ := New(cfg, data)
	first.RunEpoch(context.Background())
	if err := first.RunEpoch(&stopAfter{context.Background(), 4}); err == nil {
		t.Fatal("the interruption did not stop the epoch")
	}
	state, err := first.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	second, _ = New(cfg, data)
	copy(second.Model.W, first.Model.W)
	copy(second.Model.A, first.Model.A)
	copy(second.Model.B, first.Model.B)
	if err := second.RestoreState(state); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for second.Epoch < 3 {
		if err := second.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return whole, second
}

// The exact log-likelihood gradient, which the CD and PCD estimates are
// checked against above, is a true gradient: ascending it from the
// trainer's initialization, with the trainer's momentum rule, brings the
// model to the known distribution of a target RBM (KL near zero).
func TestExactGradientTrainingReachesTarget(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		target := randomModel(6, 4, 1.5, rbm.Bernoulli, 11)
		logp := rbm.ExactVisibleLogProbs(target)
		states := make([][]float64, len(logp))
		p := make([]float64, len(logp))
		for s := range states {
			states[s] = make([]float64, 6)
			for i := range states[s] {
				states[s][i] = float64(s >> i & 1)
				if units == rbm.Spin {
					states[s][i] = 2*states[s][i] - 1
				}
			}
			p[s] = math.Exp(logp[s])
		}
		tr, err := New(Config{Hidden: 6, Units: units, Method: CD, K: 1, BatchSize: 1, LearningRate: 0.1, InitStd: 0.1, Seed: 12},
			&Data{Visible: 6, Count: 1, Bits: make([]uint8, 6)})
		if err != nil {
			t.Fatal(err)
		}
		m := tr.Model
		before := kl(p, m)
		const lr, mom = 0.2, 0.5
		vel := [3][]float64{make([]float64, len(m.W)), make([]float64, len(m.A)), make([]float64, len(m.B))}
		for it := 0; it < 3000; it++ {
			dW, da, db := rbm.ExactGradient(m, states, p)
			for k, pair := range []struct {
				g []float64
				x []float32
			}{{dW, m.W}, {da, m.A}, {db, m.B}} {
				for i, g := range pair.g {
					vel[k][i] = mom*vel[k][i] + lr*g
					pair.x[i] += float32(vel[k][i])
				}
			}
		}
		after := kl(p, m)
		t.Logf("%v: KL %.4f → %.6f nats", units, before, after)
		if before < 0.1 || after > 0.005 {
			t.Errorf("%v: KL from the target's distribution %.4f → %.5f nats, want near zero", units, before, after)
		}
	}
}

// Sparse data takes the row-sum products and the fused momentum step (and,
// with k ≥ 2 or the pure-Go BLAS, row sums of Wᵀ for the hidden states);
// they agree with the BLAS path (float32 rounding apart) over a few steps
// with momentum and weight decay, for CD and PCD.
func TestSparseProductsMatchBLAS(t *testing.T) {
	r := rng.New(4, 0, "sparse-data")
	data := &Data{Visible: 100, Count: 60, Bits: make([]uint8, 100*60)}
	for i := range data.Bits {
		if r.Float64() < 0.08 {
			data.Bits[i] = 1
		}
	}
	for _, c := range []struct {
		method Method
		k      int
	}{{CD, 1}, {PCD, 1}, {PCD, 3}} {
		method := c.method
		cfg := Config{Hidden: 70, Method: method, K: c.k, BatchSize: 20, LearningRate: 0.1, Momentum: 0.5,
			WeightDecay: 0.01, InitStd: 0.1, LogitBias: true, Seed: 7}
		sparse, err := New(cfg, data)
		if err != nil {
			t.Fatal(err)
		}
		dense, _ := New(cfg, data)
		dense.fields.Dense = true
		for _, tr := range []*Trainer{sparse, dense} {
			for j := range tr.Model.B {
				tr.Model.B[j] = -2 // hidden units mostly off too
			}
		}
		batch := []int{0, 3, 5, 7, 9, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 55, 57, 59}
		// A third trainer checks that the stacked phases are sparse after
		// a step (PCD's chains start as noise), so the test covers the
		// row sums.
		check, _ := New(cfg, data)
		check.step(batch)
		if b, rows := check.phases(batch); check.fields.Ones(check.vv[:(b+rows)*100], b+rows, 100) == nil {
			t.Fatalf("%s: the states are not sparse enough to test the row sums", method)
		}
		for range 3 {
			sparse.step(batch)
			dense.step(batch)
		}
		for name, pair := range map[string][2][]float32{"W": {sparse.Model.W, dense.Model.W},
			"velW": {sparse.velW, dense.velW}, "a": {sparse.Model.A, dense.Model.A}, "b": {sparse.Model.B, dense.Model.B}} {
			for i := range pair[0] {
				if d := math.Abs(float64(pair[0][i] - pair[1][i])); d > 1e-5 {
					t.Fatalf("%s: %s[%d] = %v with row sums, %v with BLAS", method, name, i, pair[0][i], pair[1][i])
				}
			}
		}
	}
}
