package trajectory

import (
	"context"
	"math"
	"os"
	"testing"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/idx"
	"github.com/rbmkit/rbmkit/internal/mnist"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
)

// mnistData reads MNIST train10k, binarized at 128, and its distinct
// digits.
func mnistData(t testing.TB) (*train.Data, [][]bool) {
	t.Helper()
	f, err := os.Open(mnist.File(t, "train10k-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	images, err := idx.ReadImages(f, "train10k")
	if err != nil {
		t.Fatal(err)
	}
	n := images.Rows * images.Cols
	data := &train.Data{Visible: n, Count: images.Count, Bits: make([]uint8, len(images.Pixels))}
	seen := map[string]bool{}
	var distinct [][]bool
	for e := range images.Count {
		v := make([]bool, n)
		for i, p := range images.Pixels[e*n : (e+1)*n] {
			if p >= 128 {
				data.Bits[e*n+i], v[i] = 1, true
			}
		}
		if k := string(data.Bits[e*n : (e+1)*n]); !seen[k] {
			seen[k] = true
			distinct = append(distinct, v)
		}
	}
	return data, distinct
}

// TestExactTruthOnMNIST trains models small enough to enumerate (M = 12
// to 16) on MNIST train10k for 20 epochs and compares, after every epoch,
// the trajectory estimate with exact log Z: over the CD-1 runs (the
// study's method; 512 chains) the mean error ≤ 0.1 nat and the worst
// ≤ 0.3 (issue 28's bounds), and the error bar covering the truth about
// as often as it claims; the entropy S = ⟨E⟩ + log Z at epochs 10 and 20
// within 3 of its standard errors of exact enumeration (⟨E⟩ summed over
// the hidden layer); the PCD-10 run (128 chains) within 2 nats, and
// the data-mass bound log Z ≥ LSE over the distinct training digits of
// −F(v), which holds for any model, at every snapshot.
func TestExactTruthOnMNIST(t *testing.T) {
	data, distinct := mnistData(t)
	// The study's training settings (pipelines/paper): lr 0.01, logit
	// visible biases, CD-1; one PCD-10 run besides.
	var errs, sErrs []float64
	in1, in2, sIn2 := 0, 0, 0
	for _, c := range []struct {
		hidden int
		method train.Method
		k      int
		seed   uint64
		chains int
	}{{12, train.CD, 1, 1, 512}, {14, train.CD, 1, 2, 512}, {16, train.CD, 1, 3, 512}, {16, train.PCD, 10, 4, 128}} {
		tr, err := train.New(train.Config{Hidden: c.hidden, Method: c.method, K: c.k, BatchSize: 100,
			LearningRate: 0.01, Momentum: 0.5, InitStd: 0.01, LogitBias: true, Seed: c.seed}, data)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(tr.Model, Config{Seed: c.seed, Chains: c.chains})
		if err != nil {
			t.Fatal(err)
		}
		if !e.ExactAnchor() {
			t.Fatalf("M = %d: the anchor is not exact", c.hidden)
		}
		tr.AfterUpdate = e.Update
		for epoch := 1; epoch <= 20; epoch++ {
			if err := tr.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			est := e.Estimate()
			exact := rbm.ExactLogZ(tr.Model)
			d := est.LogZ - exact
			if c.method == train.PCD {
				// Persistent chains push the model into modes that one
				// sweep per update reaches late: the estimate lags below
				// the truth (doc.go, Limits), by up to 2 nats here.
				if math.Abs(d) > 2 {
					t.Errorf("M = %d %s-%d epoch %d: error %+.3f (SE %.3f): want within 2 nats", c.hidden, c.method, c.k, epoch, d, est.StdErr)
				}
			} else {
				if epoch%10 == 0 {
					s := hiddenMeanEnergy(tr.Model) + exact
					sErrs = append(sErrs, est.Entropy-s)
					if math.Abs(est.Entropy-s) <= 2*est.EntropyStdErr {
						sIn2++
					}
					if math.Abs(est.Entropy-s) > 3*est.EntropyStdErr {
						t.Errorf("M = %d epoch %d: entropy %.4f ± %.4f, exact %.4f: want within 3 SE", c.hidden, epoch, est.Entropy, est.EntropyStdErr, s)
					}
					t.Logf("M = %d epoch %d: entropy %.4f ± %.4f, exact %.4f (error %+.4f)", c.hidden, epoch, est.Entropy, est.EntropyStdErr, s, est.Entropy-s)
				}
				errs = append(errs, d)
				if math.Abs(d) <= est.StdErr {
					in1++
				}
				if math.Abs(d) <= 2*est.StdErr {
					in2++
				}
			}
			fe, err := ais.FreeEnergies(tr.Model, distinct)
			if err != nil {
				t.Fatal(err)
			}
			for i := range fe {
				fe[i] = -fe[i]
			}
			if bound := rbm.LogSumExp(fe); est.LogZ < bound {
				t.Errorf("M = %d epoch %d: log Z %.3f below the data-mass bound %.3f", c.hidden, epoch, est.LogZ, bound)
			}
			if epoch%5 == 0 {
				t.Logf("M = %d %s-%d epoch %d: log Z %.4f ± %.4f, exact %.4f (error %+.4f), ESS %.2f, %d resamplings, var log w %.2g",
					c.hidden, c.method, c.k, epoch, est.LogZ, est.StdErr, exact, d, est.ESS, est.Resamplings, est.VarLogW)
			}
		}
	}
	sMean, sWorst := meanAbs(sErrs)
	t.Logf("entropy at epochs 10 and 20: mean |error| %.4f, worst %.4f, %d of %d within 2 SE", sMean, sWorst, sIn2, len(sErrs))
	// Measured: S ≈ 210–219 nats, mean |error| 0.27, worst 0.63 (1.4 SE),
	// all 6 within 2 SE: the energy's spread over the chains (several
	// nats) makes S noisier than log Z, which its error bar says.
	if sMean > 0.5 {
		t.Errorf("entropy: mean |error| %.4f over %d snapshots, want ≤ 0.5 nat", sMean, len(sErrs))
	}
	mean, worst := meanAbs(errs)
	n := float64(len(errs))
	t.Logf("%d snapshots: mean |error| %.4f, worst %.4f; within 1 SE %.0f%%, 2 SE %.0f%%", len(errs), mean, worst, 100*float64(in1)/n, 100*float64(in2)/n)
	// Measured (2026-12-06): mean 0.046, worst 0.136, 63% within 1 SE and
	// 75% within 2 (128 chains: 0.103, 0.22, 43%, 78%; 3 sweeps per
	// update: 0.098, 0.27, 40%, 82%). The misses are M = 12's lag below
	// the truth (−0.01 to −0.14 nat, SE 0.01–0.04), which the groups'
	// spread does not see. The coverage bounds: with 8 groups the
	// standardized error is Student's t with 7 degrees of freedom, which a
	// correct error bar keeps within 1 SE at 65% and within 2 at 91%; the
	// 60 snapshots come from 3 runs whose errors drift slowly, about 9
	// independent trials: 2 binomial standard deviations give 33–97% and
	// ≥ 73%; the test asserts 35–95% and ≥ 70%.
	if mean > 0.1 || worst > 0.3 {
		t.Errorf("mean |error| %.4f (want ≤ 0.1), worst %.4f (want ≤ 0.3)", mean, worst)
	}
	if f1, f2 := float64(in1)/n, float64(in2)/n; f1 < 0.35 || f1 > 0.95 || f2 < 0.7 {
		t.Errorf("the error bar covers exact log Z at %.0f%% of snapshots (1 SE) and %.0f%% (2 SE): want 35–95%% and ≥ 70%%", 100*f1, 100*f2)
	}
}
