package format

import (
	"fmt"
	"math"
	"reflect"
)

// kindSpec describes one artifact kind: its row type, the current format
// version and how many rows a writer buffers per record batch by default.
type kindSpec struct {
	kind      Kind
	row       reflect.Type
	version   int
	batchRows int
}

// kinds is the registry of artifact kinds. A new kind is one line here plus
// its row type.
var kinds = map[Kind]kindSpec{}
var kindOfRow = map[reflect.Type]Kind{}

func register[T any](k Kind, version, batchRows int) {
	t := reflect.TypeFor[T]()
	layoutOf(t) // validate the tags at init
	kinds[k] = kindSpec{kind: k, row: t, version: version, batchRows: batchRows}
	kindOfRow[t] = k
}

func init() {
	register[Example](KindDataset, 1, 4096)
	register[Snapshot](KindCheckpoint, 2, 1)
	register[Mode](KindSpectrum, 1, 1<<16)
}

// Kinds lists the registered kinds.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	return out
}

// Example is one row of a dataset stream: a binary visible configuration
// (true = 1, or +1 in the spin convention) and its class label, when the
// dataset has labels.
type Example struct {
	V     []bool `arrow:"v,fixed=visible"`
	Label int32  `arrow:"label,optional"`
}

// Snapshot is one row of a checkpoint stream: the model at one point of a
// training run, with the monitors computed there.
type Snapshot struct {
	// Epoch is the number of completed epochs; Step the number of completed
	// minibatch updates.
	Epoch int64 `arrow:"epoch"`
	Step  int64 `arrow:"step"`
	// W is the N×M weight matrix, row-major: W[i*M+j] couples visible i
	// and hidden j. The column nests N rows of M values (since version 2;
	// version 1 held N·M values in one list).
	W []float32 `arrow:"W,fixed=visible*hidden,matrix,since=2"`
	A []float32 `arrow:"a,fixed=visible"`
	B []float32 `arrow:"b,fixed=hidden"`
	// ReconError is the mean squared one-step reconstruction error over the
	// epoch; PseudoLogLik the pseudo-log-likelihood per example on a fixed
	// data subset (nats); TopSigma the largest singular values of W. NaN
	// where not computed.
	ReconError   float64   `arrow:"recon_error"`
	PseudoLogLik float64   `arrow:"pseudo_loglik"`
	TopSigma     []float64 `arrow:"top_sigma"`
	// State is the trainer's opaque, versioned resume state (RNG streams,
	// velocities, persistent chains); null when not stored. The column is a
	// list of bytes (since version 2; version 1 held Arrow binary, which
	// nodejs-polars cannot hold).
	State []byte `arrow:"state,bytelist,since=2"`
	// The log partition function along the training trajectory (rbm-train
	// -logz, package trajectory), present only in runs that track it:
	// LogZ and its standard error LogZStdErr, the chains' effective sample
	// size as a fraction (ESS), the resamplings since the first snapshot,
	// the variance of the log weights, and the average log-likelihood
	// −⟨F⟩ − log Z of the training data and (test_loglik, with rbm-train
	// -test-data) of a test set; the model's mean energy ⟨E(v,h)⟩ and
	// entropy S = ⟨E⟩ + log Z with their standard errors. LogZState is the
	// estimator's opaque resume state (chains and weights), null when the
	// run stores no state.
	LogZ          float64 `arrow:"logz,extra"`
	LogZStdErr    float64 `arrow:"logz_se,extra"`
	ESS           float64 `arrow:"ess,extra"`
	Resamplings   int64   `arrow:"resamplings,extra"`
	VarLogW       float64 `arrow:"var_logw,extra"`
	TrainLogLik   float64 `arrow:"train_loglik,extra"`
	TestLogLik    float64 `arrow:"test_loglik,extra"`
	Energy        float64 `arrow:"energy,extra"`
	EnergyStdErr  float64 `arrow:"energy_se,extra"`
	Entropy       float64 `arrow:"entropy,extra"`
	EntropyStdErr float64 `arrow:"entropy_se,extra"`
	LogZState     []byte  `arrow:"logz_state,bytelist,since=2,extra"`
}

// TrajectoryColumns are the checkpoint's extra log Z columns: absent
// unless a writer includes them (format.Include), as rbm-train -logz does.
var TrajectoryColumns = []string{"logz", "logz_se", "ess", "resamplings", "var_logw", "train_loglik", "test_loglik",
	"energy", "energy_se", "entropy", "entropy_se", "logz_state"}

// Check rejects non-finite parameters, which no later tool can use.
func (s *Snapshot) Check(Header) error {
	for _, p := range []struct {
		name string
		v    []float32
	}{{"W", s.W}, {"a", s.A}, {"b", s.B}} {
		for i, x := range p.v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("snapshot at epoch %d step %d: %s[%d] is %v: non-finite weights", s.Epoch, s.Step, p.name, i, x)
			}
		}
	}
	return nil
}

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
