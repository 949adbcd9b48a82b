package spectral

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Flags describe how a mode was matched to the previous snapshot.
type Flags uint8

const (
	// Flipped: the singular pair (u_α, v_α) was negated to keep its sign
	// continuous with the matched previous mode.
	Flipped Flags = 1 << iota
	// LowOverlap: the matched overlap is below Tracker.MinOverlap, so the
	// mode's identity is ambiguous (it mixed with others).
	LowOverlap
	// NearDegenerate: σ_α is within Tracker.DegenerateTol (relative) of a
	// neighbour's, so its vectors are ill-determined and may mix.
	NearDegenerate
	// Reordered: the mode's rank changed relative to another mode's since
	// the previous snapshot: their σ crossed (ids follow the vectors).
	Reordered
)

// Crossing reports whether the mode is at or near a crossing: LowOverlap,
// NearDegenerate or Reordered.
func (f Flags) Crossing() bool { return f&(LowOverlap|NearDegenerate|Reordered) != 0 }

// String lists the set flags, e.g. "flipped|reordered", or "-".
func (f Flags) String() string {
	var parts []string
	for _, p := range []struct {
		f    Flags
		name string
	}{{Flipped, "flipped"}, {LowOverlap, "low-overlap"}, {NearDegenerate, "near-degenerate"}, {Reordered, "reordered"}} {
		if f&p.f != 0 {
			parts = append(parts, p.name)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "|")
}

// Match is the identity of one mode (one rank of the current snapshot).
type Match struct {
	// ID is the mode's stable id: its rank at the first snapshot, carried
	// along by the singular vectors.
	ID int
	// Overlap is |u·u' + v·v'|/2 with the matched mode of the previous
	// snapshot (1 for an unchanged pair; NaN at the first snapshot).
	Overlap float64
	// InitU and InitV are |u·u₀| and |v·v₀| with the same mode (same id)
	// at the first snapshot.
	InitU, InitV float64
	Flags        Flags
}

// Tracker follows singular modes across the snapshots of a trajectory,
// one snapshot at a time: it keeps the previous and the first snapshot's
// vectors, O(one snapshot) memory whatever the trajectory's length.
//
// Consecutive snapshots are matched by maximum overlap. The overlap of
// current mode α with previous mode β is c_αβ = |u_α·u'_β + v_α·v'_β|/2
// (a singular pair flips as a whole, so u and v overlaps must agree in
// sign), and the assignment maximizing Σ c over all r modes is found
// exactly by the Hungarian algorithm, rather than greedily. Ids follow
// vectors, not ranks: when two σ cross, the modes keep their ids and are
// flagged Reordered. Signs are made continuous: a pair whose matched
// overlap u·u' + v·v' is negative is negated (in the Decomposition itself,
// with its A0 and B0) and flagged Flipped, so after the first snapshot
// the sign convention is continuity, not the largest-component rule.
type Tracker struct {
	// MinOverlap is the matched overlap below which a mode is flagged
	// LowOverlap (default 0.7).
	MinOverlap float64
	// DegenerateTol is the relative gap |σ_α−σ_β| ≤ tol·max(σ_α, σ_β)
	// under which neighbouring modes are flagged NearDegenerate (default
	// 1e-3).
	DegenerateTol float64

	prevU, prevV *mat.Dense
	prevIDs      []int
	initU, initV *mat.Dense // column id = the mode with that id
}

// NewTracker returns a tracker with the default thresholds.
func NewTracker() *Tracker {
	return &Tracker{MinOverlap: 0.7, DegenerateTol: 1e-3}
}

// Next matches the modes of the next snapshot's decomposition (with
// vectors) to the previous snapshot's, fixes their signs in place, and
// returns one Match per rank.
func (t *Tracker) Next(d *Decomposition) ([]Match, error) {
	if !d.HasVectors() {
		return nil, errors.New("spectral: tracking modes needs singular vectors")
	}
	r := d.Rank
	out := make([]Match, r)
	if t.prevU == nil {
		for a := range out {
			out[a] = Match{ID: a, Overlap: math.NaN(), InitU: 1, InitV: 1}
		}
		t.initU, t.initV = mat.DenseCopyOf(d.U), mat.DenseCopyOf(d.V)
	} else {
		if n, _ := t.prevU.Dims(); n != d.Visible || t.prevV.RawMatrix().Rows != d.Hidden {
			return nil, fmt.Errorf("spectral: tracked snapshots are %d×%d, this one %d×%d", n, t.prevV.RawMatrix().Rows, d.Visible, d.Hidden)
		}
		var ou, ov mat.Dense
		ou.Mul(d.U.T(), t.prevU) // ou[α][β] = u_α·u'_β
		ov.Mul(d.V.T(), t.prevV)
		signed := mat.NewDense(r, r, nil)
		signed.Add(&ou, &ov)
		cost := make([]float64, r*r)
		for i, s := range signed.RawMatrix().Data {
			cost[i] = 1 - math.Abs(s)/2
		}
		from := assign(cost, r)
		for a, b := range from {
			s := signed.At(a, b)
			m := Match{ID: t.prevIDs[b], Overlap: math.Abs(s) / 2}
			if s < 0 {
				d.flip(a)
				m.Flags |= Flipped
			}
			if m.Overlap < t.MinOverlap {
				m.Flags |= LowOverlap
			}
			out[a] = m
		}
		// Any inversion of previous ranks between two modes is a crossing
		// of their σ.
		for a := 0; a < r; a++ {
			for b := a + 1; b < r; b++ {
				if from[a] > from[b] {
					out[a].Flags |= Reordered
					out[b].Flags |= Reordered
				}
			}
		}
		for a := range out {
			id := out[a].ID
			out[a].InitU = math.Abs(mat.Dot(d.U.ColView(a), t.initU.ColView(id)))
			out[a].InitV = math.Abs(mat.Dot(d.V.ColView(a), t.initV.ColView(id)))
		}
	}
	for a := 0; a+1 < r; a++ {
		s0, s1 := d.Sigma[a], d.Sigma[a+1]
		if math.Abs(s0-s1) <= t.DegenerateTol*math.Max(s0, s1) {
			out[a].Flags |= NearDegenerate
			out[a+1].Flags |= NearDegenerate
		}
	}
	t.prevU, t.prevV = mat.DenseCopyOf(d.U), mat.DenseCopyOf(d.V)
	t.prevIDs = make([]int, r)
	for a, m := range out {
		t.prevIDs[a] = m.ID
	}
	return out, nil
}

// flip negates the singular pair of mode a and its reciprocal biases.
func (d *Decomposition) flip(a int) {
	flipColumn(d.U, a)
	flipColumn(d.V, a)
	d.A0[a], d.B0[a] = -d.A0[a], -d.B0[a]
}
