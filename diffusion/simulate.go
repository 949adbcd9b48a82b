package diffusion

import (
	"fmt"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rng"
	"math"
)

// BlockTrajectories is the number of trajectories that share one random
// stream and one unit of parallel work.
const BlockTrajectories = 256

// Purpose names the random streams of Simulate (see package rng).
const Purpose = "diffusion"

// runaway is the coordinate magnitude at which a block stops integrating:
// its squares are still far from overflow, and a variance that large has
// long shown which way the mode goes.
const runaway = 1e100

// Config sets up an Euler–Maruyama simulation.
type Config struct {
	// Dt is the time step; Time the time span simulated; Records the number
	// of recorded times after t = 0, every round(Time/(Records·Dt)) steps.
	Dt, Time float64
	Records  int
	// Trajectories per mode.
	Trajectories int
	// Start is the variance of the independent Gaussian x and y at t = 0
	// (0 means the mode's c: the state of units drawn at random).
	Start float64
	// Seed and Replica select the random streams; Stream tells apart
	// simulations of one run (e.g. one per snapshot): streams other than 0
	// draw from purpose "diffusion#<stream>".
	Seed    uint64
	Replica int
	Stream  int
}

// MaxSteps bounds the Euler–Maruyama steps of one trajectory (Time/Dt):
// beyond it the step count would overflow an int, or the run take days.
const MaxSteps = 1e9

// StepsPerRecord is the number of Euler–Maruyama steps between records.
func (c Config) StepsPerRecord() int {
	return max(1, int(math.Round(c.Time/(float64(c.Records)*c.Dt))))
}

// Times returns the recorded times of a simulation: 0 and each record,
// every StepsPerRecord steps.
func (c Config) Times() []float64 {
	dt := float64(c.StepsPerRecord()) * c.Dt
	out := make([]float64, c.Records+1)
	for r := range out {
		out[r] = float64(r) * dt
	}
	return out
}

// Simulate integrates, for every mode, Trajectories independent copies of
//
//	x ← x − Δt (x/c − σ y) + √(2Δt) ξ,   y ← y − Δt (y/c − σ x) + √(2Δt) ξ′
//
// and returns per mode the moments of (x, y) over the trajectories at t = 0
// and at each record. A mode's series stops early when its trajectories run
// away beyond 10¹⁰⁰ (far above the threshold). Euler–Maruyama is stable for
// the stiff mode x₋ only when Δt·k₋ < 2 and accurate when Δt·k₋ ≪ 1:
// Simulate refuses Δt·k₋ ≥ 1, and its stationary variances carry a relative
// bias of about Δt·k/2.
func Simulate(modes []Mode, cfg Config) ([][]Moments, error) {
	switch {
	case !(cfg.Dt > 0) || math.IsInf(cfg.Dt, 0):
		return nil, fmt.Errorf("diffusion: time step %v: want a positive step", cfg.Dt)
	case !(cfg.Time > 0) || math.IsInf(cfg.Time, 0):
		return nil, fmt.Errorf("diffusion: time span %v: want a positive span", cfg.Time)
	case cfg.Records < 1:
		return nil, fmt.Errorf("diffusion: %d records: want at least one", cfg.Records)
	case cfg.Trajectories < 2:
		return nil, fmt.Errorf("diffusion: %d trajectories: want at least two", cfg.Trajectories)
	case cfg.Start < 0:
		return nil, fmt.Errorf("diffusion: start variance %v: want ≥ 0", cfg.Start)
	case cfg.Time/cfg.Dt > MaxSteps:
		return nil, fmt.Errorf("diffusion: time span %v in steps of %v is %.3g steps, more than the %.0g a simulation may take", cfg.Time, cfg.Dt, cfg.Time/cfg.Dt, float64(MaxSteps))
	}
	for _, m := range modes {
		if !(m.C > 0) || !(m.Sigma >= 0) {
			return nil, fmt.Errorf("diffusion: mode σ = %v, c = %v: want σ ≥ 0, c > 0", m.Sigma, m.C)
		}
		if cfg.Dt*m.RateMinus() >= 1 {
			return nil, fmt.Errorf("diffusion: time step %v too large for the mode σ = %.4g: Euler–Maruyama needs Δt·(1/c + σ) < 1 (Δt < %.3g)",
				cfg.Dt, m.Sigma, 1/m.RateMinus())
		}
	}
	perMode := (cfg.Trajectories + BlockTrajectories - 1) / BlockTrajectories
	records := cfg.Records + 1
	// sums[block][record] = Σx, Σy, Σx², Σy², Σxy over the block.
	sums := make([][][5]float64, len(modes)*perMode)
	run := func(blk int) {
		mode := modes[blk/perMode]
		b := blk % perMode
		n := min(BlockTrajectories, cfg.Trajectories-b*BlockTrajectories)
		sums[blk] = simulateBlock(mode, cfg, n, records, blk)
	}
	par.Blocks(len(sums), 1, func(blk, _, _ int) { run(blk) })

	out := make([][]Moments, len(modes))
	times := cfg.Times()
	count := float64(cfg.Trajectories)
	for a := range modes {
		for r := range records {
			var s [5]float64
			for b := range perMode { // block order: the same sum at any GOMAXPROCS
				for q := range s {
					s[q] += sums[a*perMode+b][r][q]
				}
			}
			mx, my := s[0]/count, s[1]/count
			m := Moments{Time: times[r],
				VarX:  (s[2] - count*mx*mx) / (count - 1),
				VarY:  (s[3] - count*my*my) / (count - 1),
				CovXY: (s[4] - count*mx*my) / (count - 1)}
			if !finite(m.VarX) || !finite(m.VarY) || !finite(m.CovXY) {
				break
			}
			out[a] = append(out[a], m)
		}
	}
	return out, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// simulateBlock integrates n trajectories of one mode with block stream
// blk and returns their moment sums at each record (NaN after a runaway).
func simulateBlock(m Mode, cfg Config, n, records, blk int) [][5]float64 {
	purpose := Purpose
	if cfg.Stream != 0 {
		purpose = fmt.Sprintf("%s#%d", Purpose, cfg.Stream)
	}
	r := rng.Derive(cfg.Seed, cfg.Replica, purpose, blk)
	start := cfg.Start
	if start == 0 {
		start = m.C
	}
	x, y := make([]float64, n), make([]float64, n)
	sd := math.Sqrt(start)
	for i := range x {
		x[i], y[i] = sd*r.NormFloat64(), sd*r.NormFloat64()
	}
	out := make([][5]float64, records)
	record := func(k int) bool {
		var s [5]float64
		big := 0.0
		for i := range x {
			s[0] += x[i]
			s[1] += y[i]
			s[2] += x[i] * x[i]
			s[3] += y[i] * y[i]
			s[4] += x[i] * y[i]
			big = max(big, math.Abs(x[i]), math.Abs(y[i]))
		}
		out[k] = s
		return big < runaway
	}
	if !record(0) {
		return runawayFrom(out, 1)
	}
	steps := cfg.StepsPerRecord()
	a := 1 - cfg.Dt/m.C // x ← a·x + Δt·σ·y + noise
	g := cfg.Dt * m.Sigma
	noise := math.Sqrt(2 * cfg.Dt)
	for k := 1; k < records; k++ {
		for range steps {
			for i := range x {
				xi, yi := x[i], y[i]
				x[i] = a*xi + g*yi + noise*r.NormFloat64()
				y[i] = a*yi + g*xi + noise*r.NormFloat64()
			}
		}
		if !record(k) {
			return runawayFrom(out, k+1)
		}
	}
	return out
}

func runawayFrom(out [][5]float64, k int) [][5]float64 {
	for ; k < len(out); k++ {
		out[k] = [5]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	return out
}
