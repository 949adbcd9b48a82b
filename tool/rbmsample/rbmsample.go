package rbmsample

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
)

// Tool is the rbm-sample command.
var Tool = cli.Tool{
	Name:        "rbm-sample",
	Synopsis:    "[flags] [checkpoint.arrows]",
	SideOutputs: []string{"trace", "mixing"},
	Summary: `Sample the models of a checkpoint stream by block Gibbs sampling, parallel
tempering or parallel trajectory tempering across its snapshots (-method ptt); or
(-method diffusion) simulate the Gaussian limit's diffusion per mode, with verdicts.`,
	Example: `rbm-sample -chains 1000 -burn-in 1000 -sweeps 1000 -thin 100 < run.arrows > samples.arrows
rbm-sample -method pt -temps 8 -beta-min 0.3 -trace trace.arrows -o samples.arrows run.arrows
rbm-sample -method ptt -chains 100 -burn-in 500 -sweeps 2000 -mixing mixing.arrows run.arrows > samples.arrows
rbm-sample -init data -data mnist.arrows -save-hidden run.arrows > samples.arrows
rbm-sample -method diffusion -modes 10 -dt 0.001 run.arrows > diffusion.arrows`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.mode, "method", "gibbs", "what to run and write: gibbs, pt or ptt (samples), diffusion")
		cli.Alias(fs, "mode", "method")
		fs.Var(&o.snapshots, "snapshots", "snapshots to sample: "+cli.SnapshotsUsage+" (default: last; all for diffusion and ptt, whose rungs they are)")
		cli.OldVar(fs, oldSnapshot{&o.snapshots}, "snapshot", "old spelling of -snapshots (last or all; a row number is refused)")
		fs.IntVar(&o.chains, "chains", 1000, "Gibbs chains (pt: independent systems of one replica per β)")
		fs.IntVar(&o.burnIn, "burn-in", 1000, "sweeps before the first recorded one (gibbs, pt; ptt: rounds)")
		fs.IntVar(&o.sweeps, "sweeps", 1000, "sweeps after the burn-in (diffusion: Gibbs sweeps, all recorded; ptt: rounds, -round-sweeps sweeps of every rung each)")
		fs.IntVar(&o.thin, "thin", 100, "record every `n`-th sweep (ptt: round) after the burn-in")
		fs.StringVar(&o.init, "init", "noise", "chain start: noise (units on with probability ½), data (-data examples) or chains (the snapshot's persistent chains)")
		fs.StringVar(&o.data, "data", "", "dataset stream `file` for -init data")
		fs.IntVar(&o.temps, "temps", 8, "pt: number of β values, geometric from 1 to -beta-min")
		fs.Float64Var(&o.betaMin, "beta-min", 0.3, "pt: the smallest β of the ladder")
		fs.StringVar(&o.betas, "betas", "", "pt: the β ladder as a comma-separated list starting at 1 (overrides -temps, -beta-min)")
		fs.BoolVar(&o.allBetas, "all-betas", false, "pt: record every replica, not only β = 1")
		fs.BoolVar(&o.allRungs, "all-rungs", false, "ptt: record every selected snapshot's samples, not only the last one's")
		fs.StringVar(&o.rungs, "rungs", "", "ptt: the rungs below the sampled snapshot from the ladder stream `file` (rbm-train -ladder): its rows before that snapshot's step; -snapshots then defaults to last")
		fs.StringVar(&o.mixing, "mixing", "", "ptt: also write the mixing stream (swap acceptance per link, walkers' rungs per round, round trips, the share of the recorded rungs' states whose walker came from the bottom, autocorrelation times) to `file`")
		fs.Float64Var(&o.fillBelow, "fill-below", 0, "ptt: after the first half of the burn-in, put models on the straight line between the two rungs of every link whose measured acceptance is below `A`, enough that each piece is expected to accept ≥ A (log-acceptance adds along a path), and run the rest over the filled ladder (0: off)")
		fs.IntVar(&o.fillMax, "fill-max", 1000, "ptt: at most `n` models put in by -fill-below over all links (more wanted: each link's count scaled down)")
		fs.IntVar(&o.roundSweeps, "round-sweeps", 1, "ptt: after each round's exchanges, `k` sweeps of every rung (the exact bottom one), so that each rung's state decorrelates more between exchanges; a round then costs about (k+1)/2 times a one-sweep round (the exchanges cost about one sweep)")
		fs.StringVar(&o.swapOrder, "swap-order", string(gibbs.SwapBottomUp), "ptt: the exchanges of a round: bottom-up (every link, from the bottom up) or deo (the deterministic even–odd schedule of non-reversible tempering: even links on even rounds, odd links on odd rounds)")
		fs.IntVar(&o.walkerColumns, "walker-columns", 0, "ptt: write the walkers' rung rows of the mixing stream for the first `n` columns only (0: all; the summaries cover all)")
		fs.BoolVar(&o.hidden, "save-hidden", false, "also write the hidden states (column h)")
		cli.Alias(fs, "hidden", "save-hidden")
		fs.StringVar(&o.trace, "trace", "", "also write the per-sweep trace stream (every chain and replica, burn-in included) to `file`")
		o.seeds.DefineInherited(fs)
		o.modes = cli.Modes{K: 10, AllowAll: true}
		fs.Var(&o.modes, "modes", "diffusion: the top `k` modes by σ to follow, or all")
		fs.Float64Var(&o.dt, "dt", 0, "diffusion: Euler–Maruyama time step (0: c/250)")
		fs.Float64Var(&o.time, "time", 0, "diffusion: time span simulated (0: 10c, ten relaxation times of an uncoupled mode)")
		cli.Within(fs, "dt", "[0,inf)")
		cli.Within(fs, "time", "[0,inf)")
		cli.Within(fs, "beta-min", "(0,1)")
		fs.IntVar(&o.records, "records", 100, "diffusion: recorded times of the simulation")
		fs.IntVar(&o.trajectories, "trajectories", 1000, "diffusion: simulated trajectories per mode")
		fs.StringVar(&o.equilibrium, "equilibrium", "", "diffusion: equilibrium samples stream `file` (such as -method ptt's): per mode, at the snapshots it samples, Var x₊ at equilibrium and whether the Gibbs chains reached it")
		return o.run
	},
}

type options struct {
	mode, init, data, betas, trace, mixing, rungs string
	equilibrium, swapOrder                        string
	seeds                                         cli.Seeds
	snapshots                                     cli.Selection
	chains, burnIn, sweeps, thin, temps, replica  int
	betaMin                                       float64
	allBetas, allRungs, hidden                    bool
	records, trajectories, walkerColumns          int
	fillBelow                                     float64
	fillMax, roundSweeps                          int
	modes                                         cli.Modes
	dt, time                                      float64
}

func (o *options) validate() error {
	switch {
	case o.mode != format.SamplerGibbs && o.mode != format.SamplerPT && o.mode != format.SamplerPTT && o.mode != "diffusion":
		return cli.Usagef("-method %q: want gibbs, pt, ptt or diffusion", o.mode)
	case o.chains < 1:
		return cli.Usagef("-chains must be ≥ 1, got %d", o.chains)
	case o.burnIn < 0 || o.sweeps < 0:
		return cli.Usagef("-burn-in and -sweeps must be ≥ 0")
	case o.thin < 1:
		return cli.Usagef("-thin must be ≥ 1, got %d", o.thin)
	case o.mode != "diffusion" && o.sweeps < o.thin:
		return cli.Usagef("-sweeps %d with -thin %d records no sample (one every -thin sweeps after the burn-in): want -sweeps ≥ -thin", o.sweeps, o.thin)
	case o.init != "noise" && o.init != "data" && o.init != "chains":
		return cli.Usagef("-init %q: want noise, data or chains", o.init)
	case o.init == "data" && o.data == "":
		return cli.Usagef("-init data needs -data FILE")
	case o.init != "data" && o.data != "":
		return cli.Usagef("-data is only read with -init data")
	case o.mode == "diffusion" && o.init != "noise":
		return cli.Usagef("-method diffusion starts its Gibbs chains from noise, the binary analogue of the simulation's start")
	case o.mode == "diffusion" && (o.sweeps < 2 || o.records < 1 || o.trajectories < 2 || o.dt < 0 || o.time < 0):
		return cli.Usagef("-method diffusion needs -sweeps ≥ 2, -records ≥ 1, -trajectories ≥ 2, and -dt, -time ≥ 0")
	case o.mode != format.SamplerPT && (o.betas != "" || o.allBetas):
		return cli.Usagef("-betas and -all-betas apply to -method pt")
	case o.mode == "diffusion" && (o.trace != "" || o.hidden):
		return cli.Usagef("-trace and -save-hidden apply to -method gibbs and pt")
	case o.mode == format.SamplerPTT && o.trace != "":
		return cli.Usagef("-method ptt writes its diagnostics with -mixing FILE, not -trace")
	case o.mode != format.SamplerPTT && (o.mixing != "" || o.allRungs):
		return cli.Usagef("-mixing and -all-rungs apply to -method ptt")
	case o.mode != "diffusion" && o.equilibrium != "":
		return cli.Usagef("-equilibrium applies to -method diffusion")
	case o.mode != format.SamplerPTT && o.rungs != "":
		return cli.Usagef("-rungs applies to -method ptt")
	case o.rungs != "" && o.allRungs:
		return cli.Usagef("-all-rungs records the rungs of the input stream; with -rungs they come from another")
	case o.mode != format.SamplerPTT && (o.fillBelow != 0 || o.fillMax != 1000):
		return cli.Usagef("-fill-below and -fill-max apply to -method ptt")
	case !(o.fillBelow >= 0 && o.fillBelow < 1):
		return cli.Usagef("-fill-below %v: want an acceptance in (0, 1), or 0 for no filling", o.fillBelow)
	case o.fillMax < 0:
		return cli.Usagef("-fill-max must be ≥ 0, got %d", o.fillMax)
	case o.fillBelow > 0 && o.burnIn < 2:
		return cli.Usagef("-fill-below measures the acceptance over the first half of the burn-in: want -burn-in ≥ 2, got %d", o.burnIn)
	case o.roundSweeps < 1:
		return cli.Usagef("-round-sweeps must be ≥ 1 (sweeps of every rung per round), got %d", o.roundSweeps)
	case o.mode != format.SamplerPTT && o.roundSweeps != 1:
		return cli.Usagef("-round-sweeps applies to -method ptt")
	case o.swapOrder != string(gibbs.SwapBottomUp) && o.swapOrder != string(gibbs.SwapDEO):
		return cli.Usagef("-swap-order %q: want %s or %s", o.swapOrder, gibbs.SwapBottomUp, gibbs.SwapDEO)
	case o.mode != format.SamplerPTT && o.swapOrder != string(gibbs.SwapBottomUp):
		return cli.Usagef("-swap-order applies to -method ptt")
	case o.walkerColumns < 0 || o.walkerColumns > 0 && o.mixing == "":
		return cli.Usagef("-walker-columns must be ≥ 0 and applies with -mixing")
	}
	return nil
}

// ladder returns the β ladder of -method pt.
func (o *options) ladder() ([]float64, error) {
	if o.betas == "" {
		if o.temps < 1 || !(o.betaMin > 0 && o.betaMin < 1) {
			return nil, cli.Usagef("-temps must be ≥ 1 and -beta-min in (0, 1)")
		}
		return gibbs.Ladder(o.temps, o.betaMin), nil
	}
	var out []float64
	for _, f := range strings.Split(o.betas, ",") {
		b, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, cli.Usagef("-betas: %q is not a number", f)
		}
		out = append(out, b)
	}
	return out, nil
}

// oldSnapshot is -snapshot, which selected a row number, last or all;
// selections are by epoch now (-snapshots), and a row number would
// silently mean an epoch, so it is refused with the new spelling.
type oldSnapshot struct{ sel *cli.Selection }

func (o oldSnapshot) String() string { return "" }

func (o oldSnapshot) Set(v string) error {
	if v != "last" && v != "all" {
		return fmt.Errorf("-snapshot is now -snapshots, which selects by epoch, not by row number: %s", cli.SnapshotsUsage)
	}
	return o.sel.Set(v)
}

// selection is -snapshots, or its default.
func (o *options) selection() format.Selection {
	if o.mode == "diffusion" || o.mode == format.SamplerPTT && o.rungs == "" {
		return o.snapshots.Or(format.Selection{All: true})
	}
	return o.snapshots.Or(format.Selection{Last: true})
}

// snapshot is one selected checkpoint row, as a model.
type snapshot struct {
	row         int64
	epoch, step int64
	model       *rbm.Model
	state       []byte
}

// eachSnapshot reads the checkpoint stream and calls f for every selected
// snapshot, in stream order.
func eachSnapshot(rd *format.Reader[format.Snapshot], sel format.Selection, units rbm.Units, f func(*snapshot) error) error {
	h := rd.Header()
	var ferr error // f's own errors pass unwrapped
	err := format.EachSelected(sel, rd, func(s *format.Snapshot) int64 { return s.Epoch }, format.CloneSnapshot,
		func(row int, s *format.Snapshot) error {
			s = format.CloneSnapshot(s) // the model is the caller's to keep and change
			ferr = f(&snapshot{row: int64(row), epoch: s.Epoch, step: s.Step, state: s.State,
				model: &rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: units, W: s.W, A: s.A, B: s.B}})
			return ferr
		})
	switch {
	case ferr != nil:
		return ferr
	case err != nil:
		return fmt.Errorf("-snapshots %s: %v", sel, err)
	}
	return nil
}

func (o *options) run(r *cli.Run) error {
	if err := o.validate(); err != nil {
		return err
	}
	sel, err := r.ResolveSpread("-snapshots", o.selection())
	if err != nil {
		return err
	}
	ck, err := r.OpenCheckpoint()
	if err != nil {
		return err
	}
	defer ck.Close()
	rd, h, units := ck.Reader, ck.Header, ck.Units
	if err := o.need(r, h.Visible, h.Hidden); err != nil {
		return err
	}
	var betas []float64
	if o.mode == format.SamplerPT {
		if betas, err = o.ladder(); err != nil {
			return err
		}
	}
	o.seeds.Inherit(h)
	seed, replica := o.seeds.Seed, o.seeds.Replica
	if o.mode == format.SamplerPT {
		// Validate the ladder before any output exists.
		if _, err := gibbs.NewTempering(rbm.New(1, 1, units), 1, betas, gibbs.Config{}); err != nil {
			return cli.Usagef("-betas: %v", err)
		}
	}
	var data [][]bool
	if o.init == "data" {
		if data, _, err = r.ReadExamples("-data", o.data, h.Visible); err != nil {
			return err
		}
	}

	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	if o.mode == "diffusion" {
		return o.runDiffusion(r, rd, sel, units, seed, replica, out)
	}
	s := &sampling{o: o, r: r, units: units, seed: seed, replica: replica, betas: betas, data: data}
	if o.mode == format.SamplerPTT {
		return s.runPTT(rd, sel, out)
	}
	return s.run(rd, sel, out)
}

// settingsJSON records settings as compact JSON for the stream metadata.
func settingsJSON(v any) string {
	b, _ := json.Marshal(v) // plain structs always marshal
	return string(b)
}

// need checks the run's memory against the budget before any of it is
// allocated: the model and its copies (four float32 per weight), and the
// chains' float32 states and fields (two per unit, per replica of pt's
// ladder); diffusion also holds per mode and record the moments of its
// trajectories and chains.
func (o *options) need(r *cli.Run, visible, hidden int) error {
	systems, what := o.chains, fmt.Sprintf("-chains %d", o.chains)
	if o.mode == format.SamplerPT {
		temps := o.temps
		if o.betas != "" {
			temps = strings.Count(o.betas, ",") + 1
		}
		systems, what = o.chains*temps, fmt.Sprintf("-chains %d × %d β", o.chains, temps)
		if float64(o.chains)*float64(temps) > math.MaxInt32 {
			systems = math.MaxInt32
		}
	}
	bytes := cli.Bytes(4*4, visible, hidden) + cli.Bytes(2*4*2, systems, visible+hidden)
	if o.mode == "diffusion" {
		modes := min(visible, hidden)
		if o.modes.K > 0 {
			modes = min(modes, o.modes.K)
		}
		bytes += cli.Bytes(8*8, modes, o.records+o.sweeps) + cli.Bytes(8*4, o.trajectories, modes)
		what += fmt.Sprintf(", -sweeps %d, -records %d, -trajectories %d", o.sweeps, o.records, o.trajectories)
	}
	if err := r.Need(fmt.Sprintf("%s on a %d×%d model", what, visible, hidden), bytes); err != nil {
		return err
	}
	if o.mode == "diffusion" {
		return nil
	}
	// Each snapshot writes a row per chain (and per β with -all-betas)
	// every -thin sweeps after the burn-in: bit-packed units and a few
	// numbers.
	recorded := float64(o.chains) * float64(o.sweeps/o.thin)
	if o.allBetas {
		recorded = float64(systems) * float64(o.sweeps/o.thin)
	}
	row := float64((visible+7)/8 + 48)
	if o.hidden {
		row += float64((hidden + 7) / 8)
	}
	return r.NeedOutput(fmt.Sprintf("-chains %d, -sweeps %d, -thin %d (%.3g rows a snapshot)", o.chains, o.sweeps, o.thin, recorded), recorded*row)
}
