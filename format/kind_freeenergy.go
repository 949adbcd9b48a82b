package format

// KindFreeEnergy holds partition functions, log-likelihoods and the
// mean-field picture of the snapshots of a checkpoint stream
// (rbm-freeenergy).
const KindFreeEnergy Kind = "freeenergy"

func init() { register[Estimate](KindFreeEnergy, 1, 1<<14) }

// The methods of a freeenergy stream: the values of its method column
// (Estimate). MethodTrajectory is the estimate rbm-train -logz stored along
// training, which rbm-freeenergy -method trajectory copies.
const (
	MethodExact      = "exact"
	MethodAIS        = "ais"
	MethodRAIS       = "rais"
	MethodMF         = "mf"
	MethodTAP        = "tap"
	MethodBAR        = "bar"
	MethodTrajectory = "trajectory"
	MethodBound      = "bound"
)

// The quantities of a freeenergy stream: the values of its quantity column
// (Estimate).
const (
	QuantityLogZ            = "logZ"
	QuantityLogLik          = "loglik"
	QuantityFData           = "F_data"
	QuantityESS             = "ess"
	QuantityF               = "F"
	QuantityLandauQuadratic = "landau_quadratic"
	QuantityLandauQuartic   = "landau_quartic"
	QuantityDLogZ           = "dlogZ"
	QuantityDLogZForward    = "dlogZ_forward"
	QuantityDLogZReverse    = "dlogZ_reverse"
	QuantityAcceptance      = "acceptance"
	QuantitySlice           = "slice"
	QuantityLogZBound       = "logZ_bound"
)

// Estimate is one row of a freeenergy stream. The stream is tidy and long:
// each row is one value of one quantity, computed by one method at one
// snapshot, and says how (settings). Columns that do not apply to a row
// hold NaN (floats), −1 (integers) or false.
//
//	snapshot, epoch, step  int64  the checkpoint row (0-based) and its
//	                       epoch and step
//	method      string   exact | ais | rais | mf | tap | bar | bound (enumeration,
//	                     forward and reverse annealed importance sampling,
//	                     naive mean field, TAP, Bennett's acceptance ratio
//	                     along parallel trajectory tempering over the
//	                     selected snapshots, a lower bound from a set of
//	                     states)
//	quantity    string   what value holds (below)
//	rank        int64    the singular mode of W, by decreasing σ from 0 (as
//	                     in a spectrum stream's rank column)
//	sigma       float64  that mode's singular value
//	start       float64  mean-field start along the mode: the signed
//	                     amplitude z₀ of the spin magnetizations z₀·u, z₀·v
//	                     (0 for the symmetric start, whose z is then taken
//	                     along mode 0)
//	z           float64  slice coordinate, or a fixed point's projection
//	                     (u·s_v + v·s_h)/2 on the mode (s: spin magnetizations)
//	value       float64  the value, in nats
//	stderr      float64  its standard error (0 when exact, NaN when unknown)
//	converged   bool     the estimate converged (fixed point iterations);
//	                     true for exact and sampling estimates, except bar:
//	                     false where a link at or below the snapshot (for
//	                     the link rows: the link below it) overlaps poorly,
//	                     an exchange acceptance under 0.05 or forward and
//	                     reverse estimates more than max(0.1 nat, 3 SE)
//	                     apart; the value and its stderr are then biased
//	                     by an unknown amount
//	iterations  int64    sweeps of the fixed-point iteration
//	solution    int64    distinct fixed point id within the snapshot and method
//	stable      bool     the fixed point is a local minimum of F
//	unstable    int64    its number of descending directions (Hessian index)
//	margin      float64  1 − the largest singular value of the scaled Hessian
//	                     coupling D_v^{−½} C D_h^{−½}: positive at a minimum
//	settings    string   the method's settings, "key=value" pairs separated
//	                     by spaces, e.g. "chains=100 betas=10000 schedule=sm08
//	                     base=data seed=7 replica=0"
//
// Quantities:
//
//	logZ              log Z in the model's convention (all methods; mf and
//	                  tap report −F of their lowest stable fixed point)
//	loglik            average log-likelihood −⟨F(v)⟩ − log Z of the -data
//	                  examples, with that method's log Z
//	F_data            ⟨F(v)⟩ over the -data examples (method exact)
//	ess               effective number of AIS chains, (Σw)²/Σw² (ais, rais):
//	                  near chains when the weights are even, near 1 when
//	                  one chain dominates and the estimate is unreliable
//	F                 free energy of the fixed point reached from one start
//	                  (mf, tap): rank, start, z, converged, iterations,
//	                  solution, stable, unstable, margin
//	landau_quadratic  1 − σ^J of a mode (σ^J = σ/4 for bernoulli units,
//	                  σ for spin): negative past the symmetry-breaking
//	                  threshold (method mf)
//	landau_quartic    (Σ u_i⁴ + Σ v_j⁴)/12 of a mode (method mf)
//	dlogZ             log Z of this snapshot minus that of the rung below
//	                  (the previous selected snapshot, or for the first the
//	                  independent-site model of its biases), by BAR, with
//	                  its bootstrap stderr (method bar)
//	dlogZ_forward, dlogZ_reverse  the same difference from one side only:
//	                  exponential averages over the lower rung's samples
//	                  and over this snapshot's; their difference, the
//	                  hysteresis, is large where the rungs overlap poorly
//	                  (method bar)
//	acceptance        the fraction of exchanges accepted between this
//	                  snapshot and the rung below (method bar)
//	logZ_bound        log Σ_{v∈S} e^{−F(v)} over a set S of distinct visible
//	                  states (method bound): a rigorous lower bound on log Z,
//	                  stderr 0; settings name S and its largest term
//	slice             F(z·u, z·v) − F(0) along a mode, in spin
//	                  magnetizations, for z on a grid up to the edge of the
//	                  hypercube (mf, tap)
//
// The stream's metadata key rbm.freeenergy holds the tool's settings as
// JSON.
type Estimate struct {
	Snapshot   int64   `arrow:"snapshot"`
	Epoch      int64   `arrow:"epoch"`
	Step       int64   `arrow:"step"`
	Method     string  `arrow:"method"`
	Quantity   string  `arrow:"quantity"`
	Rank       int64   `arrow:"rank"`
	Sigma      float64 `arrow:"sigma"`
	Start      float64 `arrow:"start"`
	Z          float64 `arrow:"z"`
	Value      float64 `arrow:"value"`
	StdErr     float64 `arrow:"stderr"`
	Converged  bool    `arrow:"converged"`
	Iterations int64   `arrow:"iterations"`
	Solution   int64   `arrow:"solution"`
	Stable     bool    `arrow:"stable"`
	Unstable   int64   `arrow:"unstable"`
	Margin     float64 `arrow:"margin"`
	Settings   string  `arrow:"settings"`
}
