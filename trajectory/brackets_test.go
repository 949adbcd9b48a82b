package trajectory

import (
	"context"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/train"
)

// TestBracketsOnMNIST is issue 28's bracket check on models too large to
// enumerate: M = 256 and 500 trained 20 epochs on MNIST train10k with the
// study's settings (CD-1, lr 0.01), the trajectory estimate with the
// study's estimator (128 chains, 2 sweeps, stride 100 in 50 steps a
// line) at epochs 1, 10 and 20 lies within 2 standard errors of the
// interval between forward AIS (a stochastic lower bound of log Z) and
// reverse AIS (an upper one) of 14,500 β, Salakhutdinov and Murray's
// schedule. The AIS runs use 16 chains, which widens their error bars but
// not the interval's place; update by update the estimate fell 6–12 nats
// below it at M = 500, which this fails. Reverse AIS starts from the
// forward run's states resampled by weight and 100 sweeps of burn-in.
func TestBracketsOnMNIST(t *testing.T) {
	data, _ := mnistData(t)
	base := ais.BaseRate(mnistRows(data), data.Visible)
	const seed = 2025
	for _, hidden := range []int{256, 500} {
		tr, err := train.New(train.Config{Hidden: hidden, Method: train.CD, K: 1, BatchSize: 100,
			LearningRate: 0.01, Momentum: 0.5, InitStd: 0.01, LogitBias: true, Seed: seed}, data)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(tr.Model, Config{Seed: seed, Chains: 128, Sweeps: 2, Stride: 100, LineSteps: 50})
		if err != nil {
			t.Fatal(err)
		}
		tr.AfterUpdate = e.Update
		for epoch := 1; epoch <= 20; epoch++ {
			if err := tr.RunEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			if epoch != 1 && epoch != 10 && epoch != 20 {
				continue
			}
			est := e.Estimate()
			o := ais.Options{Chains: 16, Betas: ais.Schedule(14500), BaseVisibleBias: base, Seed: seed, Replica: epoch}
			fwd, err := ais.Forward(tr.Model, o)
			if err != nil {
				t.Fatal(err)
			}
			ro := o
			ro.Burnin = 100
			rev, err := ais.Reverse(tr.Model, ais.Resample(fwd, o.Chains, rng.New(seed, epoch, "brackets-reverse")), ro)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi, loSE, hiSE := fwd.LogZ, rev.LogZ, fwd.StdErr, rev.StdErr
			if hi < lo {
				lo, hi, loSE, hiSE = hi, lo, hiSE, loSE
			}
			var gap float64
			switch {
			case est.LogZ < lo:
				gap = (lo - est.LogZ) / math.Hypot(est.StdErr, loSE)
			case est.LogZ > hi:
				gap = (est.LogZ - hi) / math.Hypot(est.StdErr, hiSE)
			}
			t.Logf("M = %d epoch %d: trajectory %.3f ± %.3f; forward AIS %.3f ± %.3f, reverse %.3f ± %.3f (%.2f SE outside)",
				hidden, epoch, est.LogZ, est.StdErr, fwd.LogZ, fwd.StdErr, rev.LogZ, rev.StdErr, gap)
			if gap > 2 {
				t.Errorf("M = %d epoch %d: the trajectory's %.3f ± %.3f lies %.2f SE outside [%.3f, %.3f], the forward and reverse AIS bracket",
					hidden, epoch, est.LogZ, est.StdErr, gap, lo, hi)
			}
		}
	}
}
