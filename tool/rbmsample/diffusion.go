package rbmsample

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/diffusion"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/spectral"
)

func (o *options) runDiffusion(r *cli.Run, rd *format.Reader[format.Snapshot], sel format.Selection, units rbm.Units,
	seed uint64, replica int, out *cli.Output) error {
	c := diffusion.GaussianVariance(units)
	set := format.DiffusionSettings{C: c, Modes: o.modes.K, Dt: o.dt, Time: o.time, Records: o.records,
		Trajectories: o.trajectories, Start: c, Chains: o.chains, Sweeps: o.sweeps, Seed: seed, Replica: replica}
	if set.Dt == 0 {
		set.Dt = c / 250
	}
	if set.Time == 0 {
		set.Time = 10 * c
	}
	var eq map[int64]equilibriumSamples
	if o.equilibrium != "" {
		var err error
		if eq, set.Equilibrium, err = readEquilibrium(r, o.equilibrium, rd.Header().Visible); err != nil {
			return err
		}
	}
	if steps := set.Time / set.Dt; steps > diffusion.MaxSteps {
		return cli.Usagef("-time %v with -dt %v is %.3g Euler–Maruyama steps per trajectory, more than %.0g", set.Time, set.Dt, steps, float64(diffusion.MaxSteps))
	}
	h := rd.Header().Derive(format.KindDiffusion, r.Step())
	h.Set(format.KeyDiffusion, settingsJSON(set))
	w, err := format.NewWriter[format.DiffusionPoint](out, h, format.WithCompression(r.Compression))
	if err != nil {
		return err
	}
	err = eachSnapshot(rd, sel, units, func(snap *snapshot) error {
		return diffuse(r, w, snap, set, eq[snap.step])
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Commit()
}

// diffuse writes one snapshot's rows: per mode, the simulated series and
// its summary, then the Gibbs series and its summary, and with
// equilibrium samples of the snapshot the Gibbs chains against them.
func diffuse(r *cli.Run, w *format.Writer[format.DiffusionPoint], snap *snapshot, set format.DiffusionSettings, samples equilibriumSamples) error {
	top, err := spectral.TopModes(snap.model, set.Modes)
	if err != nil {
		return fmt.Errorf("snapshot %d: %v", snap.row, err)
	}
	basis := diffusion.NewBasis(top)
	modes := basis.Modes(set.C)
	cfg := diffusion.Config{Dt: set.Dt, Time: set.Time, Records: set.Records, Trajectories: set.Trajectories,
		Start: set.Start, Seed: set.Seed, Replica: set.Replica, Stream: int(snap.row)}
	ou, err := diffusion.Simulate(modes, cfg)
	if err != nil {
		return cli.Usagef("snapshot %d: %v", snap.row, err)
	}

	// The binary model, from random units: x_α, y_α after every sweep.
	sampler, err := gibbs.New(snap.model, gibbs.Config{Chains: set.Chains, Seed: set.Seed, Replica: set.Replica, Stream: int(snap.row)})
	if err != nil {
		return err
	}
	sampler.InitNoise()
	chains := make([][]diffusion.Moments, len(modes))
	progress := r.Progress(set.Sweeps, fmt.Sprintf("snapshot %d sweep", snap.row)).LogEvery(logEvery)
	every := max(1, set.Sweeps/20)
	for sweep := 1; sweep <= set.Sweeps; sweep++ {
		if err := r.Ctx.Err(); err != nil {
			progress.Done()
			return fmt.Errorf("interrupted at snapshot %d, sweep %d", snap.row, sweep)
		}
		sampler.Sweep()
		for a, m := range basis.Moments(sampler.VisibleStates(), sampler.HiddenStates(), set.Chains, float64(sweep)) {
			chains[a] = append(chains[a], m)
		}
		if sweep%every == 0 || sweep == set.Sweeps {
			progress.Update(sweep, "")
		}
	}
	progress.Done()

	row := format.DiffusionPoint{Snapshot: snap.row, Epoch: snap.epoch, Step: snap.step}
	var eq []diffusion.Moments
	var effective []float64
	if n := len(samples.v); n > 0 {
		if n < 2 {
			return fmt.Errorf("-equilibrium: 1 sample at snapshot %d (step %d), want ≥ 2", snap.row, snap.step)
		}
		eq, effective = basis.Equilibrium(snap.model, samples.v, samples.chain, float64(n))
		r.Logf("snapshot %d: %d equilibrium samples, worth %.0f independent ones for mode 0's Var x₊", snap.row, n, effective[0])
	}
	bandLow, bandHigh := diffusion.Band(set.C, cfg.Times(), set.Start, set.Trajectories)
	diverging := 0
	for a, mode := range modes {
		row.Rank, row.Sigma, row.Threshold = int64(a), mode.Sigma, mode.Threshold()
		row.RatePlus, row.RateMinus = mode.RatePlus(), mode.RateMinus()
		statPlus, statMinus := mode.Stationary()
		verdictAnalytic := verdictName(!mode.Converges())

		// The simulation: exact variances at each time beside it.
		row.Source = format.DiffusionOU
		for _, m := range ou[a] {
			p, q := mode.Variances(m.Time, set.Start)
			if err := writeSeries(w, &row, m, p, q); err != nil {
				return err
			}
		}
		got := diffusion.Judge(ou[a])
		exact := diffusion.Judge(mode.AnalyticSeries(diffusion.Times(ou[a]), set.Start))
		row.GrowthSE = mode.GrowthSE(diffusion.Times(ou[a]), set.Start, set.Trajectories)
		row.BandLow, row.BandHigh = bandLow, bandHigh
		if err := writeSummary(w, &row, ou[a], statPlus, statMinus, got, exact.Growth, verdictAnalytic); err != nil {
			return err
		}
		if got.Diverges {
			diverging++
		}

		// The binary model: the Gaussian theory's stationary values beside it.
		row.Source = format.DiffusionGibbs
		for _, m := range chains[a] {
			if err := writeSeries(w, &row, m, statPlus, statMinus); err != nil {
				return err
			}
		}
		row.GrowthSE, row.BandLow, row.BandHigh = math.NaN(), math.NaN(), math.NaN()
		if err := writeSummary(w, &row, chains[a], statPlus, statMinus, diffusion.Judge(chains[a]), math.NaN(), verdictAnalytic); err != nil {
			return err
		}
		if eq != nil {
			logRatio, se, ok := diffusion.Reached(chains[a][len(chains[a])-1], eq[a], set.Chains, effective[a])
			row.Table, row.Time = format.DiffusionEquilibrium, eq[a].Time
			row.VarX, row.VarY, row.CovXY = eq[a].VarX, eq[a].VarY, eq[a].CovXY
			row.VarPlus, row.VarMinus = eq[a].VarPlus(), eq[a].VarMinus()
			row.VarPlusAnalytic, row.VarMinusAnalytic = statPlus, statMinus
			row.Growth, row.GrowthAnalytic, row.GrowthSE = logRatio, math.NaN(), se
			row.Verdict, row.VerdictAnalytic = format.NotReached, verdictAnalytic
			if ok {
				row.Verdict = format.Reached
			}
			if err := w.Write(&row); err != nil {
				return err
			}
		}
	}
	r.Logf("snapshot %d (epoch %d): %d of %d modes diverge in the simulation (threshold σ = %g)", snap.row, snap.epoch, diverging, len(modes), 1/set.C)
	return w.Flush()
}

func verdictName(diverges bool) string {
	if diverges {
		return format.Diverges
	}
	return format.Converges
}

func writeSeries(w *format.Writer[format.DiffusionPoint], row *format.DiffusionPoint, m diffusion.Moments, plus, minus float64) error {
	row.Table, row.Time = format.DiffusionSeries, m.Time
	row.VarX, row.VarY, row.CovXY = m.VarX, m.VarY, m.CovXY
	row.VarPlus, row.VarMinus = m.VarPlus(), m.VarMinus()
	row.VarPlusAnalytic, row.VarMinusAnalytic = plus, minus
	row.Growth, row.GrowthAnalytic = math.NaN(), math.NaN()
	row.Verdict, row.VerdictAnalytic = "", ""
	row.GrowthSE, row.BandLow, row.BandHigh = math.NaN(), math.NaN(), math.NaN()
	return w.Write(row)
}

func writeSummary(w *format.Writer[format.DiffusionPoint], row *format.DiffusionPoint, series []diffusion.Moments,
	plus, minus float64, v diffusion.Verdict, growthAnalytic float64, verdictAnalytic string) error {
	last := diffusion.Moments{Time: math.NaN(), VarX: math.NaN(), VarY: math.NaN(), CovXY: math.NaN()}
	if len(series) > 0 {
		last = series[len(series)-1]
	}
	row.Table, row.Time = format.DiffusionMode, last.Time
	row.VarX, row.VarY, row.CovXY = last.VarX, last.VarY, last.CovXY
	row.VarPlus, row.VarMinus = last.VarPlus(), last.VarMinus()
	row.VarPlusAnalytic, row.VarMinusAnalytic = plus, minus
	row.Growth, row.GrowthAnalytic = v.Growth, growthAnalytic
	row.Verdict, row.VerdictAnalytic = verdictName(v.Diverges), verdictAnalytic
	return w.Write(row)
}

// equilibriumSamples are one snapshot's equilibrium samples: the visible
// states and the chain each came from (successive samples of a chain may
// be correlated, diffusion.EffectiveSamples).
type equilibriumSamples struct {
	v     [][]bool
	chain []int64
}

// readEquilibrium reads the visible states at β = 1 of a samples stream
// (rbm-sample) by the step of the snapshot they sample, and the name it
// was read under.
func readEquilibrium(r *cli.Run, path string, visible int) (map[int64]equilibriumSamples, string, error) {
	all, name, err := r.ReadModelSamples("-equilibrium", path, visible)
	if err != nil {
		return nil, "", err
	}
	out := map[int64]equilibriumSamples{}
	for _, s := range all {
		e := out[s.Step]
		e.v, e.chain = append(e.v, s.V), append(e.chain, s.Chain)
		out[s.Step] = e
	}
	return out, name, nil
}
