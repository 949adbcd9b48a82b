package trajectory

import (
	"context"
	"math"
	"os"
	"strconv"
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

// mnistRows is data's examples as rows of bits, the form AIS's base rate
// takes.
func mnistRows(data *train.Data) [][]bool {
	rows := make([][]bool, data.Count)
	for e := range rows {
		rows[e] = make([]bool, data.Visible)
		for i, x := range data.Bits[e*data.Visible : (e+1)*data.Visible] {
			rows[e][i] = x == 1
		}
	}
	return rows
}

// harnessEnv is the by-hand harnesses' setting k from the environment, or
// def.
func harnessEnv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// harnessAtoi is s as an int, or the harness stops.
func harnessAtoi(tb testing.TB, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestExactTruthOnMNIST trains models small enough to enumerate (M = 12
// to 16) on MNIST train10k for 20 epochs and compares, after every epoch,
// the trajectory estimate with exact log Z: over the CD-1 runs (the
// study's method; 512 chains) the mean error ≤ 0.1 nat and the worst
// ≤ 0.3 (issue 28's bounds), and the error bar covering the truth about
// as often as it claims; the entropy S = ⟨E⟩ + log Z every fifth epoch
// within its standard errors of exact enumeration (⟨E⟩ summed over the
// hidden layer), with no offset: its standardized errors average within
// ±1; the
// PCD-10 run (128 chains) within 2 nats, and the data-mass bound
// log Z ≥ LSE over the distinct training digits of −F(v), which holds
// for any model, at every snapshot.
func TestExactTruthOnMNIST(t *testing.T) {
	data, distinct := mnistData(t)
	// The study's training settings (pipelines/paper): lr 0.01, logit
	// visible biases, CD-1; one PCD-10 run besides.
	var errs, sErrs, sZ []float64
	in1, in2 := 0, 0
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
		// Stride 100, rbm-train's default (-logz-stride): one line per
		// epoch of train10k at batch 100.
		e, err := New(tr.Model, Config{Seed: c.seed, Chains: c.chains, Stride: 100})
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
				// sweep per update reaches late: the estimate can lag
				// below the truth (doc.go, Limits); update by update by
				// up to 0.9 nat here, along the lines within 0.12.
				if math.Abs(d) > 2 {
					t.Errorf("M = %d %s-%d epoch %d: error %+.3f (SE %.3f): want within 2 nats", c.hidden, c.method, c.k, epoch, d, est.StdErr)
				}
			} else {
				if epoch%5 == 0 {
					s := hiddenMeanEnergy(tr.Model) + exact
					sErrs, sZ = append(sErrs, est.Entropy-s), append(sZ, (est.Entropy-s)/est.EntropyStdErr)
					t.Logf("M = %d epoch %d: entropy %.4f ± %.4f, exact %.4f (error %+.4f, %+.1f SE)", c.hidden, epoch, est.Entropy, est.EntropyStdErr, s, est.Entropy-s, sZ[len(sZ)-1])
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
	zMean, zRMS, zWorst := zStats(sZ)
	sIn2 := 0
	for _, z := range sZ {
		if math.Abs(z) <= 2 {
			sIn2++
		}
	}
	t.Logf("entropy at epochs 5, 10, 15, 20: mean |error| %.4f, worst %.4f; standardized mean %+.2f, rms %.2f, worst %.1f, %d of %d within 2 SE",
		sMean, sWorst, zMean, zRMS, zWorst, sIn2, len(sZ))
	// S ≈ 210–219 nats. Its error is the variance of ⟨E⟩: Ē varies by
	// sd ≈ 11 nats between the model's samples, so 512 chains at an ESS
	// of 0.7–0.85 give an SE of 0.5–0.6 nat, which the groups' spread
	// reports (the standardized error is then Student's t with 7 degrees
	// of freedom: sd 1.18, beyond 5 SE in 0.2% of draws). Over 12
	// estimator seeds on the M = 12 run (48 snapshots, nearly uncorrelated
	// 5 epochs apart) the error averaged +0.05 ± 0.11 nat update by update
	// (sd 0.74 against an rms SE of 0.60) and +0.00 ± 0.09 with Stride 100
	// (sd 0.59, SE 0.53). The mean of 12 standardized errors has sd 0.34:
	// an offset of 0.7 nat (1.2–1.4 SE), as a single run's six snapshots
	// once suggested, fails the ±1 bound. Measured here (Stride 100,
	// 2026-12-07): mean |error| 0.59 nat, worst 1.23; standardized mean
	// +0.80, rms 1.58, worst 2.7 (update by update 0.32, 0.93, +0.16,
	// 0.67, 1.4): these seeds' draws, 2.3 of the mean's sd high, the
	// ones that once suggested the offset; other estimator seeds on the
	// same trajectories, and other trajectories, average zero
	// (docs/performance.md).
	if math.Abs(zMean) > 1 || zWorst > 5 {
		t.Errorf("entropy: standardized errors mean %+.2f (want within ±1), worst %.1f (want ≤ 5)", zMean, zWorst)
	}
	mean, worst := meanAbs(errs)
	n := float64(len(errs))
	t.Logf("%d snapshots: mean |error| %.4f, worst %.4f; within 1 SE %.0f%%, 2 SE %.0f%%", len(errs), mean, worst, 100*float64(in1)/n, 100*float64(in2)/n)
	// Measured (Stride 100, 2026-12-07): mean 0.020, worst 0.057, 68%
	// within 1 SE and 93% within 2. Update by update (2026-12-06): 0.046,
	// 0.136, 63%, 75% (128 chains: 0.103, 0.22, 43%, 78%; 3 sweeps per
	// update: 0.098, 0.27, 40%, 82%), the misses M = 12's lag below the
	// truth (−0.01 to −0.14 nat, SE 0.01–0.04). The coverage bounds: with 8 groups the
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
