package format

import "fmt"

// KindMixing holds the mixing diagnostics of a parallel trajectory
// tempering run (rbm-sample -method ptt -mixing FILE).
const KindMixing Kind = "mixing"

func init() {
	register[MixingRow](KindMixing, 1, 1<<15)
}

// The rows of a mixing stream: the values of its what column (MixingRow).
const (
	MixingRung       = "rung"
	MixingAcceptance = "acceptance"
	MixingRoundTrips = "round_trips"
	MixingTauRung    = "tau_rung"
	MixingTauEnergy  = "tau_energy"
	MixingFromBottom = "from_bottom"
)

// MixingRow is one row of a mixing stream. The run exchanges states
// between rungs: rung 0 is the independent-site model (W = 0, the biases of
// the first selected snapshot), rung k ≥ 1 the k-th selected snapshot.
// Chain c of every rung forms column c, an independent system; a walker is
// a state followed through its exchanges, numbered by the rung it started
// at. Rows, by what:
//
//	what      string   rung | acceptance | round_trips | tau_rung |
//	                   tau_energy | from_bottom
//	rung      int64    rung: the rung walker is at; acceptance: the lower
//	                   rung k of the link (k, k+1); tau_energy,
//	                   from_bottom: the rung whose states are followed; −1
//	                   otherwise
//	snapshot  int64    the checkpoint row of that rung (−1 for the bottom
//	                   rung and where rung is −1)
//	epoch     int64    the snapshot's epoch (−1 likewise)
//	chain     int64    the column; −1: all columns together
//	walker    int64    the walker; −1 where rows are not per walker
//	round     int64    rung rows: the round after whose exchanges the
//	                   walker was at rung (burn-in included, from 1);
//	                   summary rows: the rounds they cover
//	value     float64  acceptance: the fraction of exchanges accepted over
//	                   all rounds and columns; round_trips: the walker's
//	                   visits to the bottom, then the top, then the bottom
//	                   again, over all rounds (chain and walker −1: their
//	                   sum); tau_rung, tau_energy: the integrated
//	                   autocorrelation time, in rounds, of the walker's
//	                   rung or of the rung's free energy F(v) in the
//	                   column, over the rounds after the burn-in (chain −1:
//	                   from the autocovariance averaged over the columns or
//	                   walkers); from_bottom: the fraction of the rounds
//	                   after the burn-in that ended with a walker at the
//	                   rung that had been at the bottom rung (drawn
//	                   exactly) since the run began (chain −1: over all
//	                   columns) — the share of the rung's samples that are
//	                   not descended from the chains' start alone; rung
//	                   rows: the rung, as a float
//	window    int64    tau rows: Sokal's automatic window, the smallest lag
//	                   W ≥ 5τ(W); 0 otherwise
//	ok        bool     tau rows: a window fitted in the recorded rounds
//	                   and the observable varied (false: τ is NaN or a
//	                   lower bound, the run was too short to say); true
//	                   otherwise
//	fill      float64  only in runs with rbm-sample -fill-below: where rows
//	                   name a rung, its place t on the straight line from the
//	                   rung that snapshot and epoch name (−1: the bottom) to
//	                   the next one in the input's ladder, 0 for the input's
//	                   rungs and t ∈ (0, 1) for the models put in; 0 where
//	                   rung is −1
//
// With -fill-below, rung indices count the filled ladder, and the
// acceptance, round_trips and rung rows cover only the rounds after the
// fill (the rung rows' round still counts from the run's first round); the
// tau and from_bottom rows cover the rounds after the burn-in, which ends
// after the fill.
//
// Summary rows come first (acceptance per link, then round trips, tau_rung,
// tau_energy and from_bottom), then the rung rows in round, column, walker order. A
// run of R rounds, C columns and K rungs has C·K·R rung rows (fewer
// columns' with rbm-sample -walker-columns). The stream's
// rbm.sample metadata holds the sampler's settings as the samples stream's
// does.
type MixingRow struct {
	What     string  `arrow:"what"`
	Rung     int64   `arrow:"rung"`
	Snapshot int64   `arrow:"snapshot"`
	Epoch    int64   `arrow:"epoch"`
	Chain    int64   `arrow:"chain"`
	Walker   int64   `arrow:"walker"`
	Round    int64   `arrow:"round"`
	Value    float64 `arrow:"value"`
	Window   int64   `arrow:"window"`
	OK       bool    `arrow:"ok"`
	Fill     float64 `arrow:"fill,optional"`
}

// RungNames names the rungs of a mixing stream for readers, bottom up,
// from each rung's epoch and fill (MixingRow.Epoch and Fill; fill nil or
// all 0 without rbm-sample -fill-below): "ind" for the bottom (epoch −1),
// the epoch for a rung of the input's ladder, with a letter (2a, 2b, …)
// where several of them fall in one epoch, as a ladder's early rungs do;
// and a model put in by -fill-below as the input rung below it and its
// place on the line to the next ("2b+0.50"), since its epoch is that
// rung's.
func RungNames(epochs []int64, fill []float64) []string {
	fillOf := func(k int) float64 {
		if k < len(fill) {
			return fill[k]
		}
		return 0
	}
	// How many input rungs each epoch holds, so that letters appear only
	// where they tell rungs apart.
	count := map[int64]int{}
	for k, e := range epochs {
		if e >= 0 && fillOf(k) == 0 {
			count[e]++
		}
	}
	names := make([]string, len(epochs))
	seen := map[int64]int{}
	base := "ind"
	for k, e := range epochs {
		if t := fillOf(k); t != 0 {
			names[k] = fmt.Sprintf("%s+%.2f", base, t)
			continue
		}
		switch {
		case e < 0:
			base = "ind"
		case count[e] > 1:
			base = fmt.Sprintf("%d%s", e, letters(seen[e]))
			seen[e]++
		default:
			base = fmt.Sprint(e)
		}
		names[k] = base
	}
	return names
}

// letters numbers i = 0, 1, … as a, b, …, z, aa, ab, … (a ladder can
// put dozens of rungs in one epoch).
func letters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('a'+(i-1)%26)) + s
	}
	return s
}
