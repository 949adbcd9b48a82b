package format

// KindMPFit holds Marchenko–Pastur fits of spectra (rbm-mp).
const KindMPFit Kind = "mpfit"

func init() { register[Fit](KindMPFit, 1, 1<<14) }

// The tables of an mpfit stream: the values of its table column (Fit).
const (
	FitSummary       = "summary"
	FitOutlier       = "outlier"
	FitHistSigma     = "hist_sigma"
	FitHistLambda    = "hist_lambda"
	FitDensitySigma  = "density_sigma"
	FitDensityLambda = "density_lambda"
)

// Fit is one row of an mpfit stream. The stream is tidy and long: the
// column table says what a row is, and only that table's columns carry
// values (NaN, or −1 for integers, elsewhere).
//
//	table           string   summary | outlier | hist_sigma | hist_lambda |
//	                         density_sigma | density_lambda
//	snapshot, epoch, step  int64  the spectrum's snapshot
//
// summary (one row per snapshot):
//
//	s2              float64  fitted entry variance s² of the noise
//	sigma_lo, sigma_hi  float64  bulk edges in σ: s(√n−√p), s(√n+√p)
//	lambda_lo, lambda_hi float64  bulk edges in λ = σ²/n
//	cutoff          float64  outlier cutoff in σ: the edge plus the
//	                         Tracy–Widom allowance
//	ks, p_value, ks_reference float64  KS distance of the kept bulk to the
//	                         fit, its (conservative) iid p-value, and the
//	                         finite-size reference it is judged against
//	consistent      bool     the verdict "consistent with MP"
//	outliers        int64    modes above the cutoff: the order parameter
//	unstable        int64    modes above the mean-field threshold
//	threshold       float64  that threshold in σ(W) (4 for bernoulli, 1 spin)
//
// outlier (one row per outlying mode): mode, rank, x = σ.
// hist_sigma, hist_lambda: bins [x, x_hi), value = density (bars integrate
// to 1 over all modes), count = modes in the bin.
// density_sigma, density_lambda: the fitted density at x (value), scaled
// by the kept fraction so that it sits on the bars.
type Fit struct {
	Table       string  `arrow:"table"`
	Snapshot    int64   `arrow:"snapshot"`
	Epoch       int64   `arrow:"epoch"`
	Step        int64   `arrow:"step"`
	X           float64 `arrow:"x"`
	XHi         float64 `arrow:"x_hi"`
	Value       float64 `arrow:"value"`
	Count       int64   `arrow:"count"`
	Mode        int64   `arrow:"mode"`
	Rank        int64   `arrow:"rank"`
	S2          float64 `arrow:"s2"`
	SigmaLo     float64 `arrow:"sigma_lo"`
	SigmaHi     float64 `arrow:"sigma_hi"`
	LambdaLo    float64 `arrow:"lambda_lo"`
	LambdaHi    float64 `arrow:"lambda_hi"`
	Cutoff      float64 `arrow:"cutoff"`
	KS          float64 `arrow:"ks"`
	PValue      float64 `arrow:"p_value"`
	KSReference float64 `arrow:"ks_reference"`
	Consistent  bool    `arrow:"consistent"`
	Outliers    int64   `arrow:"outliers"`
	Unstable    int64   `arrow:"unstable"`
	Threshold   float64 `arrow:"threshold"`
}
