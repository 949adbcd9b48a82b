package format

import (
	"fmt"
	"math"
)

// KindCheckpoint holds the snapshots of a training run (rbm-train): the
// model and its monitors at chosen epochs, with the trainer's resume state.
const KindCheckpoint Kind = "checkpoint"

func init() { register[Snapshot](KindCheckpoint, 2, 1) }

// KeyTrain is the metadata key of rbm-train's settings, as JSON: what
// -resume reads back, rbm-export and the report show.
const KeyTrain = "rbm.train"

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
	// Ladder snapshots (rbm-train -ladder, trajectory.Ladder). In the
	// ladder stream, Rung numbers the row's rung (0: the initial model) and
	// LadderAcceptance is its swap acceptance to the rung before (NaN at
	// rung 0); in the main stream, LadderAcceptance is the snapshot's
	// acceptance to the last rung and LadderState the ladder's opaque
	// resume state. In both, LadderPairs is the effective number of the
	// weighted pairs behind LadderAcceptance (NaN where it is not
	// measured; 0 in rows of runs written before the column).
	Rung             int64   `arrow:"rung,extra"`
	LadderAcceptance float64 `arrow:"ladder_acceptance,extra"`
	LadderPairs      float64 `arrow:"ladder_pairs,extra"`
	LadderState      []byte  `arrow:"ladder_state,bytelist,since=2,extra"`
}

// LadderColumns are the extra columns of a ladder stream's rows
// (rbm-train -ladder FILE); the main stream of such a run has
// ladder_acceptance, ladder_pairs and ladder_state.
var LadderColumns = []string{"rung", "ladder_acceptance", "ladder_pairs"}

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
