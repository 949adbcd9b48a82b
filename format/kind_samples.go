package format

import "encoding/json"

// KindSamples holds configurations drawn from a model by Gibbs sampling or
// parallel tempering (rbm-sample), and KindTrace the per-sweep energies of
// the same run for mixing checks.
const (
	KindSamples Kind = "samples"
	KindTrace   Kind = "trace"
)

func init() {
	register[Sample](KindSamples, 1, 4096)
	register[TracePoint](KindTrace, 1, 1<<15)
}

// KeySampler is the metadata key of the sampler's settings on the streams
// rbm-sample writes (samples, trace and mixing): SamplerSettings as JSON.
const KeySampler = "rbm.sample"

// The samplers of rbm-sample: the values of SamplerSettings.Method.
const (
	SamplerGibbs = "gibbs" // block Gibbs sampling
	SamplerPT    = "pt"    // parallel tempering over a β ladder
	SamplerPTT   = "ptt"   // parallel trajectory tempering over the snapshots
)

// SamplerSettings are the settings of a sampling run, recorded as
// rbm.sample.
type SamplerSettings struct {
	Method  string    `json:"method"` // SamplerGibbs, SamplerPT or SamplerPTT
	Chains  int       `json:"chains"`
	BurnIn  int       `json:"burn_in"`
	Sweeps  int       `json:"sweeps"`
	Thin    int       `json:"thin"`
	Init    string    `json:"init"`
	Seed    uint64    `json:"seed"`
	Replica int       `json:"replica"`
	Betas   []float64 `json:"betas"`
	// RungEpochs: ptt only, the epochs of the rungs above the
	// independent-site bottom.
	RungEpochs []int64 `json:"rung_epochs,omitempty"`
	// FillBelow and Filled: ptt with rbm-sample -fill-below only, the
	// acceptance asked for and, per link k of the rungs above (link 0 joins
	// the bottom to the first of RungEpochs), the models put on it.
	FillBelow float64 `json:"fill_below,omitempty"`
	Filled    []int   `json:"filled,omitempty"`
	// RoundSweeps: ptt with rbm-sample -round-sweeps k ≠ 1 only, the
	// sweeps of every rung after each round's exchanges (absent: 1).
	RoundSweeps int `json:"round_sweeps,omitempty"`
	// SwapOrder: ptt with rbm-sample -swap-order other than bottom-up
	// only, the order of a round's exchanges (absent: bottom-up).
	SwapOrder string `json:"swap_order,omitempty"`
}

// SamplerOf reads a header's rbm.sample; ok is false when the header has
// none or it does not parse.
func SamplerOf(h Header) (s SamplerSettings, ok bool) {
	raw, found := h.Get(KeySampler)
	if !found || json.Unmarshal([]byte(raw), &s) != nil {
		return SamplerSettings{}, false
	}
	return s, true
}

// Sample is one row of a samples stream: one chain's state at one recorded
// sweep (after the burn-in, every thin-th sweep).
//
//	snapshot, epoch, step  int64  the checkpoint row (0-based) sampled and
//	                       its epoch and step
//	chain       int64    the chain (for parallel tempering: the system,
//	                     whose replica at beta is recorded)
//	sweep       int64    sweeps made by the chain when the state was taken,
//	                     burn-in included (1 is the state after one sweep)
//	beta        float64  the inverse temperature the state was sampled at
//	                     (1: the model itself)
//	v           list<bool>[N]  the visible configuration, bit-packed; true is
//	                     1 (or +1 for spin units)
//	h           list<bool>[M]  the hidden configuration v was drawn from
//	                     (optional column, rbm-sample -hidden)
//	energy      float64  E(v,h) of the model (at β = 1, whatever beta)
//	free_energy float64  F(v) of the model (at β = 1), so that
//	                     p(v) = e^{−F(v)}/Z
//
// The stream's rbm.sample metadata holds the sampler's settings as JSON
// (method gibbs or pt, chains, sweeps, burn-in, thinning, start, seed,
// replica, and the β ladder).
type Sample struct {
	Snapshot   int64   `arrow:"snapshot"`
	Epoch      int64   `arrow:"epoch"`
	Step       int64   `arrow:"step"`
	Chain      int64   `arrow:"chain"`
	Sweep      int64   `arrow:"sweep"`
	Beta       float64 `arrow:"beta"`
	V          []bool  `arrow:"v,fixed=visible"`
	H          []bool  `arrow:"h,fixed=hidden,optional"`
	Energy     float64 `arrow:"energy"`
	FreeEnergy float64 `arrow:"free_energy"`
}

// TracePoint is one row of a trace stream: one chain (or tempering
// replica) after one sweep, burn-in included, for mixing diagnostics
// (energy against sweep per chain, R̂ across chains) and tempering
// exchange rates.
//
//	snapshot, epoch, step  int64  as in samples
//	chain       int64    the chain, or the tempering system
//	sweep       int64    the sweep, from 1
//	beta        float64  the β the replica was swept at
//	energy      float64  E(v,h) of the model after the sweep (β = 1)
//	free_energy float64  F(v) of the model after the sweep (β = 1)
//	swap_tried  bool     parallel tempering: an exchange of this replica's β
//	                     with the next lower β of the ladder was attempted
//	                     after the sweep (false without tempering)
//	swapped     bool     that exchange was accepted
//
// The exchange rate of the pair (β_k, β_{k+1}) is the mean of swapped over
// the rows with beta = β_k and swap_tried.
type TracePoint struct {
	Snapshot   int64   `arrow:"snapshot"`
	Epoch      int64   `arrow:"epoch"`
	Step       int64   `arrow:"step"`
	Chain      int64   `arrow:"chain"`
	Sweep      int64   `arrow:"sweep"`
	Beta       float64 `arrow:"beta"`
	Energy     float64 `arrow:"energy"`
	FreeEnergy float64 `arrow:"free_energy"`
	SwapTried  bool    `arrow:"swap_tried"`
	Swapped    bool    `arrow:"swapped"`
}
