package study

import "github.com/rbmkit/rbmkit/format"

// A Stream is a stream every run makes: m<M>/r<R>/<Name>.arrows.
type Stream struct {
	Name string      // file stem
	Kind format.Kind // the stream's kind
	What string      // what it holds, and the tool that makes it
	// When is a Makefile variable that must be non-empty for the run to
	// have the stream ("" always).
	When string
}

// Streams are a run's streams, in the order make builds them.
var Streams = []Stream{
	{"run", format.KindCheckpoint, "the checkpoint trajectory of the training run (rbm-train)", ""},
	{"ladder", format.KindCheckpoint, "the ladder rungs of the training run, the rungs of trajectory tempering (rbm-train -ladder)", "LADDER"},
	{"spectrum", format.KindSpectrum, "singular values and tracked modes of every snapshot (rbm-svd -data)", ""},
	{"mpfit", format.KindMPFit, "Marchenko–Pastur fits of the spectra (rbm-mp)", ""},
	{"fe", format.KindFreeEnergy, "mean-field and TAP free energies and Landau coefficients (rbm-freeenergy -method mf,tap)", ""},
	{"logz", format.KindFreeEnergy, "log Z and the test log-likelihood (rbm-freeenergy -method trajectory or auto)", ""},
	{"samples", format.KindSamples, "equilibrium samples of the last snapshot by parallel trajectory tempering (rbm-sample -method ptt)", ""},
	{"mixing", format.KindMixing, "trajectory tempering's mixing diagnostics (rbm-sample -method ptt -mixing)", ""},
	{"gibbs", format.KindSamples, "plain Gibbs samples of the last snapshot from noise, tempering's comparison (rbm-sample -method gibbs)", ""},
	{"trace", format.KindTrace, "the plain Gibbs chains' per-sweep energies (rbm-sample -trace)", ""},
	{"projections", format.KindSpectrum, "the samples' reciprocal variables on the tracked modes (rbm-svd -data samples.arrows)", ""},
	{"diffusion", format.KindDiffusion, "reciprocal diffusion per mode (rbm-sample -method diffusion)", ""},
}

// A Stack is every run's stream of one kind as one stream (rbm-stack),
// agg/<Name>.arrows. The fields after Columns are the report's: a stack
// with an empty Uses is made but not read by the report.
type Stack struct {
	Name    string   // file stem under agg/
	From    string   // the per-run stream stacked (a Streams name)
	Columns []string // rbm-stack -columns: the columns kept (nil: all)
	What    string   // what it holds, for the report's list of inputs
	Uses    string   // what the report takes from it
	// Needs are the columns the report reads, Optional those it reads
	// when present.
	Needs, Optional []string
}

// Kind is the kind of the stack's stream: its per-run stream's.
func (s Stack) Kind() format.Kind { return StreamKind(s.From) }

// StreamKind is the kind of a declared stream or shared input, "" for a
// name that is neither.
func StreamKind(name string) format.Kind {
	if name == Train || name == Test {
		return format.KindDataset
	}
	for _, s := range Streams {
		if s.Name == name {
			return s.Kind
		}
	}
	return ""
}

// Stacks are the study's stacks, in the order the report lists them.
var Stacks = []Stack{
	{Name: "monitors", From: "run", Columns: []string{"epoch", "step", "recon_error", "pseudo_loglik", "top_sigma"},
		What:  "training monitors of every snapshot (rbm-stack -columns of run.arrows)",
		Uses:  "σ₁, reconstruction error, pseudo-log-likelihood; training settings",
		Needs: []string{"epoch", "recon_error", "pseudo_loglik", "top_sigma"}},
	{Name: "spectrum", From: "spectrum", What: "singular values of every snapshot (rbm-svd)",
		Uses:     "Gaussianity of the reciprocal variables (with rbm-svd -data)",
		Needs:    []string{"epoch", "rank", "sigma"},
		Optional: []string{"x_skew", "x_kurt", "x_ks", "x_ks_p", "pc", "pc_overlap", "init_overlap"}},
	{Name: "mpfit", From: "mpfit", What: "Marchenko–Pastur fits (rbm-mp)",
		Uses:  "bulk consistency, outliers, modes past σ = 4",
		Needs: []string{"table", "snapshot", "epoch", "s2", "ks", "ks_reference", "consistent", "outliers", "unstable", "threshold", "mode", "rank"}},
	{Name: "fe", From: "fe", What: "mean-field and TAP free energies (rbm-freeenergy -method mf,tap)",
		Uses:  "Landau coefficients, mean-field log Z and test log-likelihood",
		Needs: []string{"epoch", "method", "quantity", "rank", "sigma", "value", "stderr", "settings"}},
	{Name: "logz", From: "logz", What: "log Z by exact enumeration or AIS (rbm-freeenergy -method auto)",
		Uses:  "log Z and the test log-likelihood",
		Needs: []string{"epoch", "method", "quantity", "rank", "sigma", "value", "stderr", "settings"}},
	{Name: "samples", From: "samples", What: "samples of the last snapshot (rbm-sample: parallel trajectory tempering in pipelines/paper)",
		Uses:  "the samples' mean free energy",
		Needs: []string{"free_energy"}},
	{Name: "mixing", From: "mixing", What: "parallel trajectory tempering's mixing diagnostics (rbm-sample -method ptt -mixing)",
		Uses:  "exchange acceptance per link, round trips, the share of the top's states from the bottom, integrated autocorrelation times",
		Needs: []string{"what", "rung", "epoch", "chain", "value", "ok"}, Optional: []string{"fill"}},
	{Name: "trace", From: "trace", What: "plain Gibbs chains' per-sweep trace (rbm-sample -method gibbs -trace)",
		Uses:  "plain Gibbs's integrated autocorrelation time of F(v), beside trajectory tempering's",
		Needs: []string{"chain", "sweep", "free_energy"}},
	{Name: "diffusion", From: "diffusion", What: "reciprocal diffusion per mode (rbm-sample -method diffusion)",
		Uses:     "which modes converge, in simulation, in theory and under Gibbs sampling",
		Needs:    []string{"table", "source", "epoch", "rank", "sigma", "var_x", "var_plus", "var_plus_analytic", "var_minus_analytic", "growth", "growth_analytic", "verdict", "verdict_analytic"},
		Optional: []string{"band_low", "band_high"}},
}

// Scope says which runs a figure draws and so how it is named under fig/.
type Scope int

const (
	// Runs: every run's streams together, fig/<name>.
	Runs Scope = iota
	// Shared: a shared input of the study (train, test), fig/<name>.
	Shared
	// Hidden: per hidden size, the streams of the replica the report
	// shows (the Makefile's REP), fig/m<M>-<name>.
	Hidden
)

// Shared inputs, the From of a Shared figure: the data as rbm-data wrote
// them (the Makefile's $(OUT)/<name>.arrows).
const (
	Train = "train"
	Test  = "test"
)

// A Figure is one figure of rbm-plot, drawn twice (SVG for report.html,
// PNG for REPORT.md) with the same flags.
type Figure struct {
	Name  string
	Scope Scope
	// From are its inputs, given to rbm-plot in this order: Streams names
	// (Runs: every run's stream of the first name, then of the next;
	// Hidden: replica REP's), or one of Train and Test (Shared). A further
	// input from a stream with a When the figure lacks is given only when
	// that variable is set (the figure draws with and without it).
	From  []string
	Plot  string // rbm-plot -figure
	Flags string // rbm-plot's other flags, space-separated
	// When is a Makefile variable that must be non-empty for the study
	// to have the figure ("" always).
	When string
	// Caption is the report's; {data} stands for the data's name.
	Caption string
}

// Figures are the study's figures in the report's order: Runs and Shared
// under "Figures across runs", Hidden in each hidden size's section.
var Figures = []Figure{
	{Name: "order", Scope: Runs, From: []string{"mpfit"}, Plot: "order",
		Caption: "The order parameter of hierarchical learning: modes outside the Marchenko–Pastur bulk (and past σ = 4) against training time, one curve per hidden size, replicas as bands."},
	{Name: "learning", Scope: Runs, From: []string{"run", "mpfit"}, Plot: "learning", When: "TRAJ",
		Caption: "Learning curves: the test log-likelihood estimated along training (rbm-train -logz, nats per digit) against training time on the order parameter's axis, one curve per hidden size, replicas as min–max bands; circles mark the snapshots at which a mode leaves the Marchenko–Pastur bulk, triangles those at which one crosses σ = 4 (in any replica). Below, where the checkpoints hold it, the model's entropy S = ⟨E⟩ + log Z (nats) from the same chains, E averaged over h given v."},
	{Name: "sigma", Scope: Runs, From: []string{"run"}, Plot: "sigma",
		Caption: "The largest singular values of W against training time, per hidden size (replicas as bands), with the MP bulk edge at initialization."},
	{Name: "fit", Scope: Runs, From: []string{"mpfit"}, Plot: "fit",
		Caption: "Goodness of the Marchenko–Pastur fit (KS distance against its finite-size reference) and the fitted noise variance s² against training time."},
	{Name: "monitors", Scope: Runs, From: []string{"run"}, Plot: "monitors",
		Caption: "Training monitors: reconstruction error and pseudo-log-likelihood against training time."},
	{Name: "digits", Scope: Shared, From: []string{Test}, Plot: "images",
		Caption: "The data: the first binarized {data} test images."},
	{Name: "pcs", Scope: Shared, From: []string{Train}, Plot: "pcs",
		Caption: "The data's top principal components, to compare with the singular vectors of W below."},

	{Name: "spectrum-init", Scope: Hidden, From: []string{"mpfit"}, Plot: "spectrum", Flags: "-snapshots first",
		Caption: "Spectrum at initialization: histogram of σ with the fitted Marchenko–Pastur density and bulk edges."},
	{Name: "spectrum-last", Scope: Hidden, From: []string{"mpfit"}, Plot: "spectrum", Flags: "-snapshots last",
		Caption: "Spectrum at the last epoch: the bulk, its MP fit, and the outliers against the cutoff and the threshold σ = 4."},
	{Name: "outliers", Scope: Hidden, From: []string{"mpfit"}, Plot: "modes",
		Caption: "σ of the outlying modes (tracked ids) against training time, over the fitted bulk, cutoff and threshold."},
	{Name: "modes", Scope: Hidden, From: []string{"spectrum", "ladder"}, Plot: "modes",
		Caption: "σ_α of the top tracked modes against training time; light vertical lines (where the run has a ladder, rbm-train -ladder) mark the training times at which ladder rungs were cut, the exchange acceptance to the previous rung having fallen to the target."},
	{Name: "hist", Scope: Hidden, From: []string{"spectrum"}, Plot: "hist", Flags: "-snapshots first,last",
		Caption: "Histogram of σ (log bins) at initialization and at the last epoch, against the threshold σ = 4."},
	{Name: "ipr", Scope: Hidden, From: []string{"spectrum"}, Plot: "ipr",
		Caption: "Localization of the singular vectors (N·Σu⁴, M·Σv⁴; ≈ 3 for random vectors) against σ, first and last snapshot."},
	{Name: "reciprocal", Scope: Hidden, From: []string{"spectrum"}, Plot: "reciprocal", Flags: "-snapshots first,last -modes 4",
		Caption: "Histograms of the reciprocal variables x_α = u_α·v of the test digits for the top 4 modes, at initialization and at the last epoch, against the normal law of the same mean and variance (KS p-value, skewness and excess kurtosis above each)."},
	{Name: "vectors", Scope: Hidden, From: []string{"run"}, Plot: "vectors", Flags: "-modes 8 -snapshots last",
		Caption: "The top left singular vectors u_α as images at the last epoch: the learned features."},
	{Name: "slices", Scope: Hidden, From: []string{"fe"}, Plot: "slices",
		Caption: "Mean-field free-energy slices along the top modes across training (TAP solid, naive dashed): the double well of symmetry breaking."},
	{Name: "landau", Scope: Hidden, From: []string{"fe"}, Plot: "landau",
		Caption: "Landau coefficients of the top modes: the quadratic 1 − σ^J turns negative past the threshold; the quartic from the singular vectors."},
	{Name: "logz", Scope: Hidden, From: []string{"logz"}, Plot: "logz",
		Caption: "log Z and the test log-likelihood (exact, or forward and reverse AIS) against training time."},
	{Name: "logz-meanfield", Scope: Hidden, From: []string{"fe"}, Plot: "logz",
		Caption: "Naive mean-field and TAP estimates of log Z and of the test log-likelihood at every snapshot."},
	{Name: "samples", Scope: Hidden, From: []string{"samples"}, Plot: "images",
		Caption: "Samples of the last snapshot (pipelines/paper: by parallel trajectory tempering over the run's snapshots, after the burn-in)."},
	{Name: "samples-energy", Scope: Hidden, From: []string{"samples"}, Plot: "energy",
		Caption: "Free energy F(v) of the samples: first and second half of the recorded sweeps (rounds), which agree at equilibrium."},
	{Name: "projections", Scope: Hidden, From: []string{"spectrum", "projections"}, Plot: "projections",
		Caption: "Projections m_α = u_α·v/√N on the top modes at the last epoch: the test digits against the model's equilibrium samples. Where the data has a peak that the samples lack, the model misses a mode of the data (or the samples did not reach it)."},
	{Name: "walkers", Scope: Hidden, From: []string{"mixing"}, Plot: "walkers",
		Caption: "Parallel trajectory tempering: the rung of each walker of one column against round, the exchange acceptance of each link in the axis labels. Walkers that never travel from the exact bottom to the top rung carry no mode up."},
	{Name: "trace", Scope: Hidden, From: []string{"trace"}, Plot: "energy",
		Caption: "Energy and free energy of the plain Gibbs chains against sweeps (a few chains and the mean; end of burn-in marked): trajectory tempering's comparison."},
	{Name: "diffusion-variance", Scope: Hidden, From: []string{"diffusion"}, Plot: "variance",
		Caption: "Reciprocal diffusion at the last epoch: Var x₊ of the top modes in the Gaussian limit's Langevin simulation (points) over the exact curve (dashed), and below it Gibbs sampling of the binary model."},
	{Name: "diffusion-verdict", Scope: Hidden, From: []string{"diffusion"}, Plot: "verdict", Flags: "-snapshots last",
		Caption: "Growth rate of ln Var x₊ against σ_α at the last epoch: simulation, exact theory and Gibbs sampling, with the threshold σ = 1/c = 4."},
}
