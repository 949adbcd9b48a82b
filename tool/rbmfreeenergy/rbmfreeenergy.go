package rbmfreeenergy

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/meanfield"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// Tool is the rbm-freeenergy command.
var Tool = cli.Tool{
	Name:     "rbm-freeenergy",
	Synopsis: "[flags] [checkpoint.arrows]",
	Summary: `For the snapshots of a checkpoint stream, log Z (exact, forward and reverse AIS, or
as rbm-train -logz stored it), the log-likelihood of a dataset (-data) and the mean-field
picture (naive and TAP fixed points, Landau coefficients), as a freeenergy stream.`,
	Example: `rbm-freeenergy -data mnist-test.arrows run.arrows > fe.arrows
rbm-freeenergy -method ais -chains 100 -temps 10000 -snapshots last -base mnist-train.arrows -data mnist-test.arrows run.arrows > fe.arrows
rbm-freeenergy -method bar -chains 100 -burn-in 200 -rounds 2000 -data mnist-test.arrows run.arrows > fe.arrows
rbm-freeenergy -method mf,tap -modes 5 run.arrows | rbm-cat -columns epoch,method,quantity,rank,value`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.method, "method", "auto", "methods, comma-separated: `auto`, exact, ais, mf, tap, trajectory, all or bar")
		o.snapshots.Selection = format.Selection{All: true}
		fs.Var(&o.snapshots, "snapshots", "snapshots to analyse: "+cli.SnapshotsUsage)
		fs.Var(&o.refSnapshots, "ref-snapshots", "exact and ais only at these of the snapshots: all, first and epochs, comma-separated (default: all), e.g. the last epoch to validate -method trajectory")
		fs.StringVar(&o.data, "data", "", "dataset stream `file` for the average log-likelihood (and, by default, the AIS base rate)")
		fs.StringVar(&o.base, "base", "auto", "AIS base-rate model: auto (the -data set's unit means, else uniform), uniform, or a dataset stream `file` (e.g. the training set)")
		fs.IntVar(&o.chains, "chains", ais.DefaultChains, "AIS chains (each direction); bar: chains per rung")
		fs.IntVar(&o.betas, "temps", ais.DefaultBetas, "AIS: number of inverse temperatures β, from 0 to 1 inclusive")
		cli.Alias(fs, "betas", "temps")
		fs.StringVar(&o.schedule, "schedule", "sm08", "AIS schedule: sm08 (Salakhutdinov & Murray's spacing, fine near β=1) or linear")
		fs.BoolVar(&o.noReverse, "no-reverse", false, "skip the reverse AIS run (by default it brackets log Z from exact samples when the model is small enough, else from forward states resampled by weight)")
		cli.AliasNot(fs, "reverse", "no-reverse")
		fs.IntVar(&o.burnin, "burn-in", 100, "Gibbs sweeps at β=1 before reverse AIS; bar: trajectory tempering rounds before the first recorded one")
		fs.IntVar(&o.rounds, "rounds", 1000, "bar: trajectory tempering rounds recorded (each: exchanges, then one sweep of every rung)")
		fs.IntVar(&o.bootstrap, "bootstrap", 200, "bar: bootstrap replicates (over chains) for the standard errors")
		cli.Alias(fs, "burnin", "burn-in")
		fs.BoolVar(&o.bound, "bound", false, "also write a rigorous lower bound on log Z (quantity logZ_bound, method bound) at each snapshot: log Σ e^{−F(v)} over the distinct states among the blank and all-on images, the -data examples and the -reverse-start samples at the snapshot's epoch")
		fs.StringVar(&o.reverseStart, "reverse-start", "", "reverse AIS starts from this samples stream's states at β = 1 (rbm-sample, e.g. -method ptt) at each snapshot's epoch, up to -chains, where it has any; elsewhere as without it")
		o.modes = cli.Modes{K: 3, AllowAll: true}
		fs.Var(&o.modes, "modes", "the top `k` modes by σ (or all) for mean-field starts, Landau coefficients and slices")
		fs.IntVar(&o.slicePoints, "slice-points", 41, "points of each landscape slice (0: no slices)")
		fs.Float64Var(&o.mf.Damping, "damping", meanfield.DefaultDamping, "mean-field damping: weight of the new value in (0,1]")
		fs.Float64Var(&o.mf.Tol, "tol", meanfield.DefaultTol, "mean-field convergence threshold on the largest residual")
		fs.IntVar(&o.mf.MaxIter, "max-iter", meanfield.DefaultMaxIter, "mean-field sweeps before giving up")
		fs.Float64Var(&o.mf.Start, "start", meanfield.DefaultStart, "largest spin magnetization of a start displaced along a mode, in (0,1]")
		cli.Within(fs, "damping", "(0,1]")
		cli.Within(fs, "tol", "(0,inf)")
		cli.Within(fs, "start", "(0,1]")
		o.seeds.DefineInherited(fs)
		return o.run
	},
}

type options struct {
	method, data, schedule string
	reverseStart           string
	snapshots              cli.Selection
	refSnapshots           cli.Selection
	base                   string
	chains, betas, burnin  int
	rounds, bootstrap      int
	noReverse, bound       bool
	slicePoints            int
	modes                  cli.Modes
	mf                     meanfield.Options
	seeds                  cli.Seeds
}

// methods is the parsed -method.
type methods struct{ exact, ais, mf, tap, trajectory, bar bool }

func (m methods) list() []string {
	var out []string
	for _, c := range []struct {
		on   bool
		name string
	}{{m.exact, format.MethodExact}, {m.ais, format.MethodAIS}, {m.mf, format.MethodMF}, {m.tap, format.MethodTAP}, {m.trajectory, format.MethodTrajectory}, {m.bar, format.MethodBAR}} {
		if c.on {
			out = append(out, c.name)
		}
	}
	return out
}

func parseMethods(s string, visible, hidden int) (methods, error) {
	var m methods
	feasible := min(visible, hidden) <= rbm.MaxExactUnits
	for _, name := range strings.Split(s, ",") {
		switch strings.TrimSpace(name) {
		case "auto":
			m.exact = m.exact || feasible
			m.ais = m.ais || !feasible
		case format.MethodExact:
			if !feasible {
				return m, cli.Usagef("-method exact enumerates 2^min(N,M) states and allows at most %d units in the smaller layer; this model is %d×%d: use -method ais",
					rbm.MaxExactUnits, visible, hidden)
			}
			m.exact = true
		case format.MethodAIS:
			m.ais = true
		case format.MethodMF:
			m.mf = true
		case format.MethodTrajectory:
			m.trajectory = true
		case format.MethodTAP:
			m.tap = true
		case "all":
			m.exact, m.ais, m.mf, m.tap = feasible, true, true, true
		case format.MethodBAR:
			m.bar = true
		default:
			return m, cli.Usagef("-method: unknown method %q (want auto, exact, ais, mf, tap, trajectory, all or bar)", name)
		}
	}
	return m, nil
}

// settings is what the stream's rbm.freeenergy metadata records.
type settings struct {
	Methods     []string `json:"methods"`
	Snapshots   string   `json:"snapshots"`
	Reference   string   `json:"ref_snapshots,omitempty"`
	Chains      int      `json:"chains,omitempty"`
	Betas       int      `json:"betas,omitempty"`
	Schedule    string   `json:"schedule,omitempty"`
	Reverse     bool     `json:"reverse,omitempty"`
	Bound       bool     `json:"bound,omitempty"`
	Burnin      int      `json:"burnin,omitempty"`
	Rounds      int      `json:"rounds,omitempty"`
	Bootstrap   int      `json:"bootstrap,omitempty"`
	Base        string   `json:"base,omitempty"`
	Start       string   `json:"reverse_start,omitempty"`
	Data        string   `json:"data,omitempty"`
	Examples    int      `json:"examples,omitempty"`
	Modes       int      `json:"modes,omitempty"`
	SlicePoints int      `json:"slice_points,omitempty"`
	MeanField   string   `json:"mean_field,omitempty"`
	Seed        uint64   `json:"seed"`
	Replica     int      `json:"replica"`
}

func (o *options) validate() error {
	switch {
	case o.chains < 2:
		return cli.Usagef("-chains must be at least 2 (a standard error needs two), got %d", o.chains)
	case o.betas < 2:
		return cli.Usagef("-temps must be at least 2 (0 and 1), got %d", o.betas)
	case o.burnin < 0:
		return cli.Usagef("-burn-in must be ≥ 0, got %d", o.burnin)
	case o.rounds < 2 || o.bootstrap < 0 || o.bootstrap == 1:
		return cli.Usagef("-rounds must be ≥ 2 and -bootstrap 0 (no standard errors) or ≥ 2")
	case o.slicePoints != 0 && o.slicePoints < 2:
		return cli.Usagef("-slice-points must be 0 or at least 2, got %d", o.slicePoints)
	case !(o.mf.Damping > 0 && o.mf.Damping <= 1):
		return cli.Usagef("-damping must be in (0,1], got %g", o.mf.Damping)
	case !(o.mf.Tol > 0) || o.mf.MaxIter < 1:
		return cli.Usagef("-tol must be > 0 and -max-iter ≥ 1")
	case !(o.mf.Start > 0 && o.mf.Start <= 1):
		return cli.Usagef("-start must be in (0,1], got %g", o.mf.Start)
	case o.refSnapshots.Last || o.refSnapshots.Spread > 0:
		return cli.Usagef("-ref-snapshots: last and spread:N are not known while the stream is read: give the epochs")
	case o.reverseStart != "" && o.noReverse:
		return cli.Usagef("-reverse-start starts the reverse AIS run that -no-reverse skips")
	case o.schedule != "sm08" && o.schedule != "linear":
		return cli.Usagef("-schedule: want sm08 or linear, got %q", o.schedule)
	}
	return nil
}

func (o *options) run(r *cli.Run) error {
	if err := o.validate(); err != nil {
		return err
	}
	sel, err := r.ResolveSpread("-snapshots", o.snapshots.Selection)
	if err != nil {
		return err
	}
	ck, err := r.OpenCheckpoint()
	if err != nil {
		return err
	}
	defer ck.Close()
	rd, name, h, units := ck.Reader, ck.Name, ck.Header, ck.Units
	meth, err := parseMethods(o.method, h.Visible, h.Hidden)
	if err != nil {
		return err
	}
	if err := o.need(r, meth, h.Visible, h.Hidden); err != nil {
		return err
	}
	if meth.trajectory && !rd.Has("logz") {
		return cli.Usagef("-method trajectory: %s has no log Z along training (column logz): train with rbm-train -logz", name)
	}
	o.seeds.Inherit(h)
	a := &analysis{o: o, meth: meth, units: units, visible: h.Visible, hidden: h.Hidden, run: r, baseName: "uniform"}
	if o.data != "" {
		if a.data, a.dataName, err = r.ReadExamples("-data", o.data, h.Visible); err != nil {
			return err
		}
	}
	if o.reverseStart != "" {
		if a.starts, err = readStarts(r, o.reverseStart, h.Visible); err != nil {
			return err
		}
	}
	switch o.base {
	case "auto":
		if a.data != nil {
			a.baseRate, a.baseName = ais.BaseRate(a.data, a.visible), "data"
		}
	case "uniform":
	default:
		examples, name, err := r.ReadExamples("-base", o.base, h.Visible)
		if err != nil {
			return err
		}
		a.baseRate, a.baseName = ais.BaseRate(examples, a.visible), name
	}

	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	oh := h.Derive(format.KindFreeEnergy, r.Step())
	meta, _ := json.Marshal(a.settings()) // plain fields always marshal
	oh.Set("freeenergy", string(meta))
	w, err := format.NewWriter[format.Estimate](out, oh, format.WithCompression(r.Compression))
	if err != nil {
		return err
	}
	a.w = w
	a.progress = r.Progress(0, "analysed")
	defer a.progress.Done()

	var analysisErr error // the analysis's own errors pass unwrapped
	var held []selected
	err = format.EachSelected(sel, rd, func(s *format.Snapshot) int64 { return s.Epoch }, format.CloneSnapshot,
		func(index int, s *format.Snapshot) error {
			if meth.bar { // every rung first
				held = append(held, selected{int64(index), format.CloneSnapshot(s)})
				return nil
			}
			if analysisErr = a.snapshot(int64(index), s); analysisErr == nil && r.Ctx.Err() != nil {
				analysisErr = fmt.Errorf("interrupted after %d snapshots", a.done)
			}
			return analysisErr
		})
	switch {
	case analysisErr != nil:
		return analysisErr
	case err != nil:
		return fmt.Errorf("%s: %v", name, err)
	}
	if meth.bar {
		if a.bar, err = a.ladder(held); err != nil {
			return err
		}
		for _, h := range held {
			if err := a.snapshot(h.index, h.snap); err != nil {
				return err
			}
			if r.Ctx.Err() != nil {
				return fmt.Errorf("interrupted after %d snapshots", a.done)
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Commit()
}

// analysis holds what every snapshot's analysis shares.
type analysis struct {
	o               *options
	meth            methods
	units           rbm.Units
	visible, hidden int
	run             *cli.Run
	w               *format.Writer[format.Estimate]
	progress        *cli.Progress
	done            int

	data     [][]bool
	dataName string

	bar map[int64]barRung // -method bar's results, by snapshot index

	baseRate []float64 // AIS base-rate visible biases; nil for uniform
	starts   *starts   // -reverse-start's samples; nil without it
	baseName string    // "uniform", "data" or the -base file's name
}

func (a *analysis) settings() settings {
	o := a.o
	s := settings{Methods: a.meth.list(), Snapshots: o.snapshots.String(), Reference: o.refSnapshots.String(), Bound: o.bound, Seed: o.seeds.Seed, Replica: o.seeds.Replica}
	if a.meth.ais {
		s.Chains, s.Betas, s.Schedule, s.Reverse, s.Base = o.chains, o.betas, o.schedule, !o.noReverse, a.baseName
		if !o.noReverse {
			s.Burnin = o.burnin
		}
		if a.starts != nil {
			s.Start = a.starts.name
		}
	}
	if a.meth.bar {
		s.Chains, s.Burnin, s.Rounds, s.Bootstrap = o.chains, o.burnin, o.rounds, o.bootstrap
	}
	if a.data != nil {
		s.Data, s.Examples = a.dataName, len(a.data)
	}
	if a.meth.mf || a.meth.tap {
		s.Modes, s.SlicePoints, s.MeanField = o.modes.K, o.slicePoints, o.mf.String()
	}
	return s
}

// blank returns a row with every optional column unset.
func blank(snap int64, s *format.Snapshot, method, quantity, settings string) format.Estimate {
	nan := math.NaN()
	return format.Estimate{Snapshot: snap, Epoch: s.Epoch, Step: s.Step, Method: method, Quantity: quantity,
		Rank: -1, Sigma: nan, Start: nan, Z: nan, Value: nan, StdErr: nan, Iterations: -1, Solution: -1,
		Unstable: -1, Margin: nan, Settings: settings}
}

// snapshot analyses one snapshot and writes its rows as one record batch.
func (a *analysis) snapshot(snap int64, s *format.Snapshot) error {
	m := &rbm.Model{Visible: a.visible, Hidden: a.hidden, Units: a.units, W: s.W, A: s.A, B: s.B}
	if err := m.Check(); err != nil {
		return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
	}
	var status []string
	var freeEnergies []float64
	dataSettings := ""
	if a.data != nil {
		var err error
		if freeEnergies, err = ais.FreeEnergies(m, a.data); err != nil {
			return err
		}
		dataSettings = fmt.Sprintf(" data=%s examples=%d", a.dataName, len(a.data))
		mean, se := meanAndError(freeEnergies)
		row := blank(snap, s, format.MethodExact, format.QuantityFData, strings.TrimSpace(dataSettings))
		row.Value, row.StdErr, row.Converged = mean, se, true
		if err := a.w.Write(&row); err != nil {
			return err
		}
	}
	// logZ writes a log Z row and, with data, the log-likelihood it gives.
	logZ := func(method, settings string, value, stderr float64, converged bool) error {
		row := blank(snap, s, method, format.QuantityLogZ, settings)
		row.Value, row.StdErr, row.Converged = value, stderr, converged
		if err := a.w.Write(&row); err != nil {
			return err
		}
		status = append(status, fmt.Sprintf("%s logZ=%.4f", method, value))
		if freeEnergies == nil {
			return nil
		}
		ll, se := ais.AverageLogLikelihood(freeEnergies, value, stderr) // NaN error for mean field
		row = blank(snap, s, method, format.QuantityLogLik, settings+dataSettings)
		row.Value, row.StdErr, row.Converged = ll, se, converged
		return a.w.Write(&row)
	}

	ref := a.o.refSnapshots.IsZero() || a.o.refSnapshots.All || (a.o.refSnapshots.First && snap == 0) ||
		slices.Contains(a.o.refSnapshots.Epochs, s.Epoch)
	if a.meth.exact && ref {
		z, err := rbm.ExactLogZErr(m)
		if err != nil {
			return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
		}
		layer := "visible"
		if a.hidden < a.visible {
			layer = "hidden"
		}
		if err := logZ(format.MethodExact, fmt.Sprintf("enumerated=%s units=%d", layer, min(a.visible, a.hidden)), z, 0, true); err != nil {
			return err
		}
	}
	if a.meth.trajectory {
		settings := fmt.Sprintf("ess=%.4f resamplings=%d var_logw=%.4g", s.ESS, s.Resamplings, s.VarLogW)
		if err := logZ(format.MethodTrajectory, settings, s.LogZ, s.LogZStdErr, true); err != nil {
			return err
		}
	}
	if a.meth.ais && ref {
		if err := a.anneal(snap, s, m, logZ); err != nil {
			return err
		}
	}
	if a.meth.mf || a.meth.tap {
		if err := a.meanField(snap, s, m, logZ); err != nil {
			return err
		}
	}
	if b, ok := a.bar[snap]; ok {
		if err := a.writeBAR(snap, s, b, logZ); err != nil {
			return err
		}
	}
	if a.o.bound {
		if err := a.writeBound(snap, s, m); err != nil {
			return err
		}
	}
	if err := a.w.Flush(); err != nil { // one snapshot per batch: downstream tools stream along
		return err
	}
	a.done++
	a.progress.Update(a.done, fmt.Sprintf("epoch %d: %s", s.Epoch, strings.Join(status, " ")))
	return nil
}

type logZWriter func(method, settings string, value, stderr float64, converged bool) error

// anneal runs forward and, if asked, reverse AIS.
func (a *analysis) anneal(snap int64, s *format.Snapshot, m *rbm.Model, logZ logZWriter) error {
	o := a.o
	betas := ais.Schedule(o.betas)
	if o.schedule == "linear" {
		betas = ais.LinearSchedule(o.betas)
	}
	// Progress at each quarter of a run: enough for batch logs of long
	// runs, few lines for short ones.
	direction, quarter := format.MethodAIS, 0
	opt := ais.Options{Chains: o.chains, Betas: betas, BaseVisibleBias: a.baseRate, Seed: o.seeds.Seed, Replica: o.seeds.Replica,
		Purpose: fmt.Sprintf("rbm-freeenergy/ais/snapshot=%d", snap), Ctx: a.run.Ctx,
		Progress: func(done, total int) {
			if k := 4 * done / total; k > quarter && k < 4 {
				quarter = k
				a.progress.Update(a.done, fmt.Sprintf("epoch %d: %s %d%%", s.Epoch, direction, 25*k))
			}
		}}
	settings := fmt.Sprintf("chains=%d betas=%d schedule=%s base=%s seed=%d replica=%d", o.chains, o.betas, o.schedule, a.baseName, o.seeds.Seed, o.seeds.Replica)
	fwd, err := ais.Forward(m, opt)
	if err != nil {
		return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
	}
	if err := a.writeAIS(snap, s, format.MethodAIS, settings, fwd, logZ); err != nil {
		return err
	}
	if o.noReverse {
		return nil
	}
	startRNG := rng.New(o.seeds.Seed, o.seeds.Replica, fmt.Sprintf("rbm-freeenergy/rais-start/snapshot=%d", snap))
	start, startKind := a.starts.at(s.Epoch, o.chains), ""
	switch {
	case start != nil:
		startKind = fmt.Sprintf("samples=%s n=%d", a.starts.name, len(start))
	case a.visible <= ais.MaxExactVisible || a.hidden <= ais.MaxExactHidden:
		startKind = "exact"
		if start, err = ais.ExactSamples(m, o.chains, startRNG); err != nil {
			return err
		}
	default:
		start, startKind = ais.Resample(fwd, o.chains, startRNG), "resampled"
	}
	opt.Purpose = fmt.Sprintf("rbm-freeenergy/rais/snapshot=%d", snap)
	opt.Burnin = o.burnin
	direction, quarter = format.MethodRAIS, 0
	rev, err := ais.Reverse(m, start, opt)
	if err != nil {
		return fmt.Errorf("snapshot %d (epoch %d): reverse AIS: %v", snap, s.Epoch, err)
	}
	if msg := disagreement(fwd, rev); msg != "" {
		a.run.Logf("warning: snapshot %d (epoch %d): %s", snap, s.Epoch, msg)
	}
	return a.writeAIS(snap, s, format.MethodRAIS, fmt.Sprintf("%s start=%s burnin=%d", settings, startKind, o.burnin), rev, logZ)
}

// writeAIS writes an AIS estimate and its effective number of chains.
func (a *analysis) writeAIS(snap int64, s *format.Snapshot, method, settings string, res ais.Result, logZ logZWriter) error {
	if err := logZ(method, settings, res.LogZ, res.StdErr, true); err != nil {
		return err
	}
	row := blank(snap, s, method, format.QuantityESS, settings)
	row.Value, row.Converged = res.EffectiveChains(), true
	return a.w.Write(&row)
}

// meanField writes the Landau coefficients, the fixed points of each
// requested approximation with their log Z, and the slices.
func (a *analysis) meanField(snap int64, s *format.Snapshot, m *rbm.Model, logZ logZWriter) error {
	o := a.o
	p, err := meanfield.New(m)
	if err != nil {
		return err
	}
	k := o.modes.K
	if k == 0 { // all
		k = min(m.Visible, m.Hidden)
	}
	modes, err := spectral.TopModes(m, k)
	if err != nil {
		return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
	}
	landauSettings := fmt.Sprintf("units=%v threshold=%g", a.units, meanfield.Threshold(a.units))
	for _, md := range modes {
		c2, c4 := meanfield.Landau(md.Sigma, md.U, md.V, a.units)
		for _, q := range []struct {
			name  string
			value float64
		}{{format.QuantityLandauQuadratic, c2}, {format.QuantityLandauQuartic, c4}} {
			row := blank(snap, s, format.MethodMF, q.name, landauSettings)
			row.Rank, row.Sigma, row.Value, row.Converged = int64(md.Rank), md.Sigma, q.value, true
			if err := a.w.Write(&row); err != nil {
				return err
			}
		}
	}
	var approxs []meanfield.Approximation
	if a.meth.mf {
		approxs = append(approxs, meanfield.Naive)
	}
	if a.meth.tap {
		approxs = append(approxs, meanfield.TAP)
	}
	fpSettings := fmt.Sprintf("%s modes=%d", o.mf, len(modes))
	for _, approx := range approxs {
		method := approx.String()
		starts, err := p.Explore(approx, modes, o.mf)
		if err != nil {
			return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
		}
		for _, st := range starts {
			row := blank(snap, s, method, format.QuantityF, fpSettings)
			row.Start, row.Z, row.Value = st.Z, st.Projection, st.F
			rank := st.Rank
			if rank < 0 && len(modes) > 0 {
				rank = 0 // the symmetric start's projection is on the top mode
			}
			if rank >= 0 {
				row.Rank, row.Sigma = int64(rank), modes[rank].Sigma
			}
			row.Converged, row.Iterations, row.Solution = st.Converged, int64(st.Iterations), int64(st.ID)
			row.Stable, row.Unstable, row.Margin = st.Stability.Stable(), int64(st.Stability.Unstable), st.Stability.Margin
			if err := a.w.Write(&row); err != nil {
				return err
			}
		}
		z, converged := meanfield.LogZ(starts)
		if err := logZ(method, fpSettings, z, math.NaN(), converged); err != nil {
			return err
		}
		if o.slicePoints == 0 {
			continue
		}
		for _, md := range modes {
			edge := meanfield.SliceRange(md.U, md.V)
			zs := make([]float64, o.slicePoints)
			for k := range zs {
				zs[k] = edge * (2*float64(k)/float64(o.slicePoints-1) - 1)
			}
			f := p.Slice(approx, md.U, md.V, zs)
			f0 := p.Slice(approx, md.U, md.V, []float64{0})[0]
			for k, z := range zs {
				row := blank(snap, s, method, format.QuantitySlice, fmt.Sprintf("points=%d edge=%g", o.slicePoints, edge))
				row.Rank, row.Sigma, row.Z, row.Value, row.Converged = int64(md.Rank), md.Sigma, z, f[k]-f0, true
				if err := a.w.Write(&row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// writeBound writes the lower bound on log Z from the blank and all-on
// states, the -data examples and the -reverse-start samples at the
// snapshot's epoch (ais.LogZLowerBound). Its settings say how many
// distinct states it summed, which one has the largest term and that
// term's share of the bound, e^{−F(best)} / Σ e^{−F}.
func (a *analysis) writeBound(snap int64, s *format.Snapshot, m *rbm.Model) error {
	blankState, allOn := make([]bool, a.visible), make([]bool, a.visible)
	for i := range allOn {
		allOn[i] = true
	}
	states := [][]bool{blankState, allOn}
	names := "blank,all_on"
	data := a.data
	if data != nil {
		names += fmt.Sprintf(" data=%s examples=%d", a.dataName, len(data))
	}
	samples := a.starts.at(s.Epoch, math.MaxInt)
	if samples != nil {
		names += fmt.Sprintf(" samples=%s n=%d", a.starts.name, len(samples))
	}
	states = append(append(states, data...), samples...)
	b, err := ais.LogZLowerBound(m, states)
	if err != nil {
		return fmt.Errorf("snapshot %d (epoch %d): %v", snap, s.Epoch, err)
	}
	var best string
	switch k := b.Best; {
	case k == 0:
		best = "blank"
	case k == 1:
		best = "all_on"
	case k < 2+len(data):
		best = fmt.Sprintf("data:%d", k-2)
	default:
		best = fmt.Sprintf("samples:%d", k-2-len(data))
	}
	row := blank(snap, s, format.MethodBound, format.QuantityLogZBound,
		fmt.Sprintf("states=%s distinct=%d best=%s best_share=%.4f", names, b.Distinct, best, math.Exp(b.BestNegF-b.LogZ)))
	row.Value, row.StdErr, row.Converged = b.LogZ, 0, true
	return a.w.Write(&row)
}

// meanAndError returns the mean and its standard error.
func meanAndError(x []float64) (mean, se float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	for _, v := range x {
		se += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(se / float64(len(x)-1) / float64(len(x)))
}

// disagreement describes how forward and reverse AIS contradict each other,
// or returns "" when they agree: within three combined standard errors or
// 0.1 nats. Each standard error comes from the spread of its own weights,
// so when a schedule is too short or the base-rate model too far from the
// model, both can be small while the estimates lie many nats apart; the
// gap, not the standard errors, then measures the uncertainty.
func disagreement(fwd, rev ais.Result) string {
	d := math.Abs(rev.LogZ - fwd.LogZ)
	se := math.Hypot(fwd.StdErr, rev.StdErr)
	if !(d > 3*se && d > 0.1) && !math.IsNaN(d) {
		return ""
	}
	return fmt.Sprintf("forward AIS log Z = %.4f ± %.4f and reverse %.4f ± %.4f differ by %.3g nats (%.3g standard errors): neither is reliable; try more -temps or -chains, or another -base",
		fwd.LogZ, fwd.StdErr, rev.LogZ, rev.StdErr, d, d/se)
}

// need checks the run's memory against the budget before any of it is
// allocated: the model and its copies, and for AIS the schedule of β
// (a float64 per β, and its reversed copy for the reverse run) and the
// chains' float32 states (six per unit).
func (o *options) need(r *cli.Run, meth methods, visible, hidden int) error {
	model := cli.Bytes(4*4, visible, hidden)
	if meth.mf || meth.tap {
		// A slice is -slice-points positions and free energies (float64),
		// and a row of the output each, for every mode of every snapshot.
		modes := min(visible, hidden)
		if o.modes.K > 0 {
			modes = min(modes, o.modes.K)
		}
		what := fmt.Sprintf("-slice-points %d of %d modes", o.slicePoints, modes)
		if err := r.Need(what, model+cli.Bytes(4*8, o.slicePoints)); err != nil {
			return err
		}
		if err := r.NeedOutput(what+" (a snapshot's slices)", cli.Bytes(64, o.slicePoints, modes)); err != nil {
			return err
		}
	}
	if !meth.ais {
		return nil
	}
	perBeta := 8.0
	if !o.noReverse {
		perBeta = 2 * 8
	}
	return r.Need(fmt.Sprintf("-method ais with -temps %d and -chains %d on a %d×%d model", o.betas, o.chains, visible, hidden),
		model+cli.Bytes(perBeta, o.betas)+cli.Bytes(6*4, o.chains, visible+hidden))
}
