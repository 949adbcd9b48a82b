package format

// KindSpectrum holds the singular modes of W at the snapshots of a
// checkpoint stream (rbm-svd).
const KindSpectrum Kind = "spectrum"

func init() { register[Mode](KindSpectrum, 1, 1<<16) }

// KeyDataKind is the metadata key of the kind (dataset or samples) of the
// configurations rbm-svd -data described in the data columns.
const KeyDataKind = "rbm.data_kind"

// Mode is one row of a spectrum stream: one singular mode of W at one
// snapshot of a checkpoint stream.
type Mode struct {
	// Snapshot is the row's position in the checkpoint stream (0-based);
	// Epoch and Step repeat that snapshot's.
	Snapshot int64 `arrow:"snapshot"`
	Epoch    int64 `arrow:"epoch"`
	Step     int64 `arrow:"step"`
	// Rank is the position by decreasing σ (0-based); ModeID the mode's
	// identity tracked across snapshots by singular-vector overlap.
	Rank   int64   `arrow:"rank"`
	ModeID int64   `arrow:"mode"`
	Sigma  float64 `arrow:"sigma"`
	// Overlap is the singular-pair overlap |u·u' + v·v'|/2 with the mode
	// of the previous snapshot whose id this one took (NaN at the first
	// snapshot or without tracking). Crossing flags a mode at or near a
	// crossing, whose identity is uncertain: Reordered, NearDegenerate or
	// LowOverlap.
	Overlap  float64 `arrow:"overlap"`
	Crossing bool    `arrow:"crossing"`
	// The tracker's flags (spectral.Tracker; columns present when modes
	// were tracked): Reordered, the mode's rank order against another
	// mode changed since the previous snapshot (their σ crossed; ids
	// follow the vectors); NearDegenerate, σ is within 10⁻³ (relative) of
	// a neighbour's, so the vectors are ill-determined and may mix;
	// LowOverlap, the matched overlap is below 0.7; Flipped, the pair
	// (u, v) was negated to keep its sign continuous with the previous
	// snapshot.
	Reordered      bool `arrow:"reordered,optional"`
	NearDegenerate bool `arrow:"near_degenerate,optional"`
	LowOverlap     bool `arrow:"low_overlap,optional"`
	Flipped        bool `arrow:"flipped,optional"`
	// IPRU and IPRV are the inverse participation ratios Σ_i u_i⁴ and
	// Σ_j v_j⁴ (≈ 3/N for delocalized, Haar-like vectors; larger for
	// localized ones); A0 and B0 the reciprocal biases u·a and v·b. NaN
	// when the vectors were not computed.
	IPRU float64 `arrow:"ipr_u"`
	IPRV float64 `arrow:"ipr_v"`
	A0   float64 `arrow:"a0"`
	B0   float64 `arrow:"b0"`
	// With rbm-svd -hessian: the saddle's curvatures, found by
	// diagonalizing the (N+M)×(N+M) Hessian of the energy,
	// −[[0, W], [Wᵀ, 0]], directly (not from the SVD). HessianPlus is its
	// (rank+1)-th largest eigenvalue and HessianMinus its (rank+1)-th
	// smallest, which theory says are +σ and −σ; HessianResidual (the same
	// on every row of a snapshot) is the largest |λ − λ_theory| over all
	// N+M eigenvalues, ±σ_α and |N−M| zeros.
	HessianPlus     float64 `arrow:"hessian_plus,optional"`
	HessianMinus    float64 `arrow:"hessian_minus,optional"`
	HessianResidual float64 `arrow:"hessian_residual,optional"`
	// U and V are the singular vectors u_α (length N) and v_α (length M),
	// present when the stream was written with vectors.
	U []float64 `arrow:"u,fixed=visible,optional"`
	V []float64 `arrow:"v,fixed=hidden,optional"`
	// InitOverlap is (|u·u₀|+|v·v₀|)/2 with the vectors of the same mode id
	// at the stream's first snapshot: 1 there, ≈ √(2/πN) for a direction
	// unrelated to the initial one. Present when vectors were computed.
	InitOverlap float64 `arrow:"init_overlap,optional"`
	// With a dataset (rbm-svd -data): PC is the data's principal component
	// (0-based, by decreasing variance) that u overlaps most, PCOverlap
	// that |u·p|, PCSpan the norm of u's projection on the span of the
	// leading principal components computed (1 inside it).
	PC        int64   `arrow:"pc,optional"`
	PCOverlap float64 `arrow:"pc_overlap,optional"`
	PCSpan    float64 `arrow:"pc_span,optional"`
	// The reciprocal variables of the dataset's examples, x = u·v and
	// y = v·E[h|v]: mean (x_mean is the reciprocal magnetization ⟨x_α⟩),
	// unbiased variance, skewness, excess kurtosis, and the
	// Kolmogorov–Smirnov distance of the standardized sample to the normal
	// law with its asymptotic p-value (conservative: mean and variance are
	// fitted). Normal variables have skewness and kurtosis 0.
	XMean float64 `arrow:"x_mean,optional"`
	XVar  float64 `arrow:"x_var,optional"`
	XSkew float64 `arrow:"x_skew,optional"`
	XKurt float64 `arrow:"x_kurt,optional"`
	XKS   float64 `arrow:"x_ks,optional"`
	XKSP  float64 `arrow:"x_ks_p,optional"`
	YMean float64 `arrow:"y_mean,optional"`
	YVar  float64 `arrow:"y_var,optional"`
	YSkew float64 `arrow:"y_skew,optional"`
	YKurt float64 `arrow:"y_kurt,optional"`
	YKS   float64 `arrow:"y_ks,optional"`
	YKSP  float64 `arrow:"y_ks_p,optional"`
	// XHist is the histogram of the same x: counts in equal bins spanning
	// [XHistLo, XHistHi], the fitted normal's x_mean ± 4·√x_var (bin i is
	// [lo + i·w, lo + (i+1)·w), the last one closed); XHistOut counts the
	// values outside that range, so Σ XHist + XHistOut is the sample size.
	XHist    []int64 `arrow:"x_hist,optional"`
	XHistLo  float64 `arrow:"x_hist_lo,optional"`
	XHistHi  float64 `arrow:"x_hist_hi,optional"`
	XHistOut int64   `arrow:"x_hist_out,optional"`
}

// DataColumns are the spectrum columns that need a dataset (rbm-svd -data).
var DataColumns = []string{"pc", "pc_overlap", "pc_span", "x_mean", "x_var", "x_skew", "x_kurt", "x_ks", "x_ks_p",
	"y_mean", "y_var", "y_skew", "y_kurt", "y_ks", "y_ks_p", "x_hist", "x_hist_lo", "x_hist_hi", "x_hist_out"}

// HistColumns are the data columns of the histograms of x (rbm-svd -data,
// unless -hist-bins 0).
var HistColumns = []string{"x_hist", "x_hist_lo", "x_hist_hi", "x_hist_out"}

// HistWidth is the half-width of the x histograms' range in standard
// deviations of the fitted normal law: x_mean ± HistWidth·√x_var.
const HistWidth = 4

// HessianColumns are the spectrum columns of rbm-svd -hessian.
var HessianColumns = []string{"hessian_plus", "hessian_minus", "hessian_residual"}

// FlagColumns are the spectrum columns of the mode tracker's flags
// (present unless rbm-svd -track=false).
var FlagColumns = []string{"reordered", "near_degenerate", "low_overlap", "flipped"}
