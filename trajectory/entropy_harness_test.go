package trajectory

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/train"
)

// BenchmarkEntropyHarness splits the error of the entropy S = ⟨E⟩ + log Z
// into its ⟨E⟩ and log Z parts against exact enumeration, on models
// trained as TestExactTruthOnMNIST's CD-1 runs (MNIST train10k, M ≤ 16).
// Not a timing: run it once, by hand (-benchtime 1x), settings from the
// environment:
//
//	ENTROPY_RUNS=12/1,14/2,16/3 ENTROPY_CONFIGS=512/8/1/1,512/8/1/100 \
//	ENTROPY_REPS=12 ENTROPY_SNAPS=5,10,15,20 \
//	go test -run - -bench EntropyHarness -benchtime 1x -timeout 0 ./trajectory
//
// A run is hidden/seed (the training's seed); a config is
// chains/groups/sweeps/stride[/seed offset]. Each config runs ENTROPY_REPS
// times on the same trajectory, with estimator seeds 1000·seed + r (one
// rep: the training's seed plus the offset, as the test seeds it). At each
// snapshot a line gives the exact log Z, ⟨E⟩ and S, the mean of Ē over
// 4,096 exact samples and its spread sd(Ē); then a row per estimator:
// hidden, seed, epoch, config, rep, then the errors and standard errors
// of ⟨E⟩, log Z and S, the ESS, the resamplings, the error of the chains'
// unweighted mean of Ē, sd(Ē)/√(chains·ESS) (the SE of independent
// chains), and the spread of Ē over the chains.
func BenchmarkEntropyHarness(b *testing.B) {
	env := harnessEnv
	atoi := func(s string) int { return harnessAtoi(b, s) }
	snaps := map[int]bool{}
	last := 0
	for _, s := range strings.Split(env("ENTROPY_SNAPS", "5,10,15,20"), ",") {
		snaps[atoi(s)] = true
		last = max(last, atoi(s))
	}
	reps := atoi(env("ENTROPY_REPS", "1"))
	specs := strings.Split(env("ENTROPY_CONFIGS", "512/8/1/1,512/8/1/100"), ",")
	for range b.N {
		data, _ := mnistData(b)
		fmt.Println("#\thidden\tseed\tepoch\tconfig\trep\tdE\tse_E\tdlogZ\tse_logZ\tdS\tse_S\tess\tresamplings\tdE_unweighted\tse_iid\tsd_chains")
		for _, run := range strings.Split(env("ENTROPY_RUNS", "12/1"), ",") {
			f := strings.Split(run, "/")
			hidden, seed := atoi(f[0]), uint64(atoi(f[1]))
			var cfgs []Config
			var names []string
			for _, spec := range specs {
				g := strings.Split(spec, "/")
				for r := range reps {
					s := seed
					if len(g) > 4 {
						s += uint64(atoi(g[4]))
					}
					if reps > 1 {
						s = 1000*seed + uint64(r)
					}
					cfgs = append(cfgs, Config{Chains: atoi(g[0]), Groups: atoi(g[1]), Sweeps: atoi(g[2]), Stride: atoi(g[3]), Seed: s})
					names = append(names, fmt.Sprintf("%s\t%d", spec, r))
				}
			}
			tr, err := train.New(train.Config{Hidden: hidden, Method: train.CD, K: 1, BatchSize: 100,
				LearningRate: 0.01, Momentum: 0.5, InitStd: 0.01, LogitBias: true, Seed: seed}, data)
			if err != nil {
				b.Fatal(err)
			}
			ests := make([]*Estimator, len(cfgs))
			for i, cfg := range cfgs {
				if ests[i], err = New(tr.Model, cfg); err != nil {
					b.Fatal(err)
				}
			}
			tr.AfterUpdate = func(m *rbm.Model) {
				for _, e := range ests {
					e.Update(m)
				}
			}
			z := make([]float64, hidden)
			for epoch := 1; epoch <= last; epoch++ {
				if err := tr.RunEpoch(context.Background()); err != nil {
					b.Fatal(err)
				}
				if !snaps[epoch] {
					continue
				}
				logZ, energy := rbm.ExactLogZ(tr.Model), hiddenMeanEnergy(tr.Model)
				xs, err := ais.ExactSamples(tr.Model, 4096, rng.New(seed, epoch, "entropy-harness"))
				if err != nil {
					b.Fatal(err)
				}
				var exact []float64
				v := make([]float32, tr.Model.Visible)
				for _, x := range xs {
					for i, on := range x {
						v[i] = 0
						if on {
							v[i] = 1
						}
					}
					exact = append(exact, conditionalEnergy(tr.Model, v, z))
				}
				mu, sd := stat.MeanStdDev(exact, nil)
				fmt.Printf("# M = %d seed %d epoch %d: exact log Z %.4f, ⟨E⟩ %.4f, S %.4f; over exact samples ⟨E⟩ %.3f (%+.3f), sd(Ē) %.2f\n",
					hidden, seed, epoch, logZ, energy, energy+logZ, mu, mu-energy, sd)
				for i, e := range ests {
					est := e.Estimate()
					c := e
					if e.pending > 0 {
						if c, err = e.clone(); err != nil {
							b.Fatal(err)
						}
						c.catchUp()
					}
					var plain []float64
					for k := range c.cfg.Chains {
						plain = append(plain, conditionalEnergy(c.cur, c.s.Visible(k), z))
					}
					pm, psd := stat.MeanStdDev(plain, nil)
					fmt.Printf("ROW\t%d\t%d\t%d\t%s\t%+.4f\t%.4f\t%+.4f\t%.4f\t%+.4f\t%.4f\t%.3f\t%d\t%+.3f\t%.2f\t%.2f\n",
						hidden, seed, epoch, names[i], est.Energy-energy, est.EnergyStdErr, est.LogZ-logZ, est.StdErr,
						est.Entropy-energy-logZ, est.EntropyStdErr, est.ESS, est.Resamplings, pm-energy,
						sd/math.Sqrt(float64(c.cfg.Chains)*est.ESS), psd)
				}
			}
		}
	}
}
