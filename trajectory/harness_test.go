package trajectory

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/train"
)

// BenchmarkBiasHarness trains one model on MNIST train10k with the study's
// settings and feeds the same trajectory to several estimators at once, so
// that one training run compares their settings against a reference:
// exact log Z when the model is enumerable, else forward AIS (and reverse
// AIS at the last snapshot) with a long schedule. Not a timing: run it
// once, by hand (-benchtime 1x), settings from the environment:
//
//	HARNESS_M=500 HARNESS_EPOCHS=10 HARNESS_SNAPS=1,3,5,10 \
//	HARNESS_CONFIGS=128/8/1,128/1/1 HARNESS_BETAS=14500 HARNESS_AIS_CHAINS=100 \
//	HARNESS_TRACE=trace.tsv go test -run - -bench BiasHarness -benchtime 1x -timeout 0 ./trajectory
//
// A config is chains/groups/sweeps[/threshold[/stride[/linesteps[/replica]]]]
// (0: the default; configs that differ only in replica draw independent
// random streams: the spread of one setting over the same trajectory).
// HARNESS_EXTRA_AIS=1 adds, at the reference epochs, reverse AIS from the
// last estimator's chains (resampled by weight) and forward AIS with four
// times the β. HARNESS_METHOD=pcd and HARNESS_K set the training's
// negative phase (CD-1 by default), HARNESS_SEED its seed (2025),
// HARNESS_REF_AT the epochs that get a reference (all snapshots by
// default; an epoch that is no snapshot, such as 0: none, for settings
// compared against references measured before), HARNESS_ENTROPY=1 the
// entropy against exact enumeration (M ≤ 16). HARNESS_TRACE writes every
// config's log Z, ESS and resamplings at every update (for where a gap
// opens).
func BenchmarkBiasHarness(b *testing.B) {
	env := harnessEnv
	atoi := func(s string) int { return harnessAtoi(b, s) }
	hidden := atoi(env("HARNESS_M", "500"))
	epochs := atoi(env("HARNESS_EPOCHS", "10"))
	seed := uint64(atoi(env("HARNESS_SEED", "2025")))
	k := atoi(env("HARNESS_K", "1"))
	method := train.CD
	if env("HARNESS_METHOD", "cd") == "pcd" {
		method = train.PCD
	}
	betas := atoi(env("HARNESS_BETAS", "14500"))
	aisChains := atoi(env("HARNESS_AIS_CHAINS", "100"))
	snaps := map[int]bool{}
	for _, s := range strings.Split(env("HARNESS_SNAPS", "1,3,5,10"), ",") {
		snaps[atoi(s)] = true
	}
	var cfgs []Config
	for _, c := range strings.Split(env("HARNESS_CONFIGS", "128/8/1,128/1/1"), ",") {
		f := strings.Split(c, "/")
		cfg := Config{Chains: atoi(f[0]), Groups: atoi(f[1]), Sweeps: atoi(f[2]), Seed: seed}
		if len(f) > 4 {
			cfg.Stride = atoi(f[4])
		}
		if len(f) > 5 {
			cfg.LineSteps = atoi(f[5])
		}
		if len(f) > 6 {
			cfg.Replica = atoi(f[6])
		}
		if len(f) > 3 {
			th, err := strconv.ParseFloat(f[3], 64)
			if err != nil {
				b.Fatal(err)
			}
			cfg.Threshold = th
		}
		cfgs = append(cfgs, cfg)
	}
	var trace *os.File
	if p := os.Getenv("HARNESS_TRACE"); p != "" {
		var err error
		if trace, err = os.Create(p); err != nil {
			b.Fatal(err)
		}
		defer trace.Close()
	}
	for range b.N {
		data, distinct := mnistData(b)
		rows := mnistRows(data)
		base := ais.BaseRate(rows, data.Visible)
		_ = distinct
		tr, err := train.New(train.Config{Hidden: hidden, Method: method, K: k, BatchSize: 100,
			LearningRate: 0.01, Momentum: 0.5, InitStd: 0.01, LogitBias: true, Seed: seed}, data)
		if err != nil {
			b.Fatal(err)
		}
		ests := make([]*Estimator, len(cfgs))
		for i, c := range cfgs {
			if ests[i], err = New(tr.Model, c); err != nil {
				b.Fatal(err)
			}
		}
		cpu := make([]time.Duration, len(cfgs))
		update := 0
		// HARNESS_VARK: at the end of these epochs, the variance over the
		// last estimator's chains of F_t(v) − F_{t+k}(v) for k updates
		// ahead: ~k if the steps are noise, ~k² if drift.
		varAt := map[int]bool{}
		if v := os.Getenv("HARNESS_VARK"); v != "" {
			for _, s := range strings.Split(v, ",") {
				varAt[atoi(s)] = true
			}
		}
		var ahead []*rbm.Model
		var chains [][]bool
		tr.AfterUpdate = func(m *rbm.Model) {
			update++
			if chains != nil {
				ahead = append(ahead, m.Clone())
				if len(ahead) == 65 {
					f0, err := ais.FreeEnergies(ahead[0], chains)
					if err != nil {
						b.Fatal(err)
					}
					fmt.Printf("# var_k at update %d:", update-64)
					for _, k := range []int{1, 2, 4, 8, 16, 32, 64} {
						fk, err := ais.FreeEnergies(ahead[k], chains)
						if err != nil {
							b.Fatal(err)
						}
						d := make([]float64, len(fk))
						mean := 0.0
						for i := range fk {
							d[i] = f0[i] - fk[i]
							mean += d[i]
						}
						mean /= float64(len(d))
						v := 0.0
						for _, x := range d {
							v += (x - mean) * (x - mean)
						}
						fmt.Printf(" k=%d %.4g", k, v/float64(len(d)-1))
					}
					fmt.Println()
					chains, ahead = nil, nil
				}
			}
			for i, e := range ests {
				t0 := time.Now()
				e.Update(m)
				cpu[i] += time.Since(t0)
			}
			if trace != nil {
				fmt.Fprintf(trace, "%d", update)
				for _, e := range ests {
					lz, ess := e.quickLogZ()
					fmt.Fprintf(trace, "\t%.4f\t%.3f\t%d", lz, ess, e.resamplings)
				}
				fmt.Fprintln(trace)
			}
		}
		fmt.Printf("# M=%d %v-%d seed %d, configs %s, anchors exact=%v\n", hidden, method, k, seed, env("HARNESS_CONFIGS", ""), ests[0].ExactAnchor())
		fmt.Printf("epoch\tref\tref_se\trref\trref_se")
		for _, c := range cfgs {
			fmt.Printf("\t%d/%d/%d/%g/%d/%d/%d\tse\tess\tres\tvarlw", c.Chains, c.Groups, c.Sweeps, c.Threshold, c.Stride, c.LineSteps, c.Replica)
		}
		fmt.Println()
		for epoch := 1; epoch <= epochs; epoch++ {
			if err := tr.RunEpoch(context.Background()); err != nil {
				b.Fatal(err)
			}
			if varAt[epoch] {
				chains, ahead = ests[len(ests)-1].states(), []*rbm.Model{tr.Model.Clone()}
			}
			if !snaps[epoch] {
				continue
			}
			ref, refSE, rref, rrefSE := math.NaN(), math.NaN(), math.NaN(), math.NaN()
			if refAt := os.Getenv("HARNESS_REF_AT"); refAt != "" && !strings.Contains(","+refAt+",", fmt.Sprintf(",%d,", epoch)) {
				// no reference at this epoch
			} else if hidden <= 20 {
				ref, refSE = rbm.ExactLogZ(tr.Model), 0
			} else {
				o := ais.Options{Chains: aisChains, Betas: ais.Schedule(betas), BaseVisibleBias: base, Seed: seed, Replica: epoch}
				res, err := ais.Forward(tr.Model, o)
				if err != nil {
					b.Fatal(err)
				}
				ref, refSE = res.LogZ, res.StdErr
				if os.Getenv("HARNESS_EXTRA_AIS") != "" {
					last := ests[len(ests)-1]
					last.Estimate()
					start := last.weightedStates(aisChains, rng.New(seed, epoch, "harness-traj-start"))
					ro := o
					ro.Burnin = 100
					rr, err := ais.Reverse(tr.Model, start, ro)
					if err != nil {
						b.Fatal(err)
					}
					fo := o
					fo.Betas = ais.Schedule(4 * betas)
					fr, err := ais.Forward(tr.Model, fo)
					if err != nil {
						b.Fatal(err)
					}
					fmt.Printf("# epoch %d: reverse AIS from the trajectory's chains %.3f ± %.3f; forward AIS with %d β %.3f ± %.3f\n",
						epoch, rr.LogZ, rr.StdErr, 4*betas, fr.LogZ, fr.StdErr)
				}
				if epoch == epochs {
					start := ais.Resample(res, aisChains, rng.New(seed, epoch, "harness-reverse"))
					o.Burnin = 100
					rres, err := ais.Reverse(tr.Model, start, o)
					if err != nil {
						b.Fatal(err)
					}
					rref, rrefSE = rres.LogZ, rres.StdErr
				}
			}
			fmt.Printf("%d\t%.3f\t%.3f\t%.3f\t%.3f", epoch, ref, refSE, rref, rrefSE)
			var entropies []string
			for _, e := range ests {
				est := e.Estimate()
				fmt.Printf("\t%.3f\t%.3f\t%.2f\t%d\t%.3g", est.LogZ, est.StdErr, est.ESS, est.Resamplings, est.VarLogW)
				entropies = append(entropies, fmt.Sprintf("%.3f ± %.3f", est.Entropy, est.EntropyStdErr))
			}
			fmt.Println()
			if hidden <= 16 && os.Getenv("HARNESS_ENTROPY") != "" {
				fmt.Printf("# epoch %d entropy: exact %.3f; estimates %s\n", epoch, hiddenMeanEnergy(tr.Model)+ref, strings.Join(entropies, ", "))
			}
		}
		fmt.Printf("# estimator wall time per update (ms):")
		for i := range cfgs {
			fmt.Printf(" %.2f", float64(cpu[i].Microseconds())/1000/float64(update))
		}
		fmt.Println()
	}
}

// quickLogZ is the log Z estimate and mean ESS without Estimate's energy.
func (e *Estimator) quickLogZ() (float64, float64) {
	groups := make([]float64, e.cfg.Groups)
	ess := 0.0
	for g := range groups {
		lo, hi := e.group(g)
		groups[g] = e.anchor[g] + rbm.LogSumExp(e.lw[lo:hi]) - math.Log(float64(hi-lo))
		ess += e.groupESS(g)
	}
	lz, _ := ais.LogMeanExp(groups)
	return lz, ess / float64(e.cfg.Groups)
}

// weightedStates draws n of the chains with probabilities ∝ their groups'
// Ẑ_g/n_g·e^{lw}: approximate samples of the current model.
func (e *Estimator) weightedStates(n int, r *rand.Rand) [][]bool {
	states := e.states()
	logits := make([]float64, len(states))
	for g := range e.cfg.Groups {
		lo, hi := e.group(g)
		for k := lo; k < hi; k++ {
			logits[k] = e.anchor[g] + e.lw[k] - math.Log(float64(hi-lo))
		}
	}
	norm := rbm.LogSumExp(logits)
	out := make([][]bool, n)
	for i := range out {
		u, k := r.Float64(), 0
		for c := math.Exp(logits[0] - norm); c < u && k < len(logits)-1; {
			k++
			c += math.Exp(logits[k] - norm)
		}
		out[i] = states[k]
	}
	return out
}
