package rbmsvd

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// crossingOverlap is the matched overlap below which a mode's identity is
// ambiguous (flagged as crossing).
const crossingOverlap = 0.7

// tracker gives each singular direction a stable id across snapshots: a
// mode keeps the id of the previous snapshot's mode whose singular vectors
// it overlaps most, (|u·u'| + |v·v'|)/2, assigned greedily from the
// largest overlap down. Ids follow vectors, not ranks, so two modes whose
// σ cross keep their ids; a mode matched with a small overlap, or whose
// rank order changed against its neighbours, is flagged.
type tracker struct {
	prevU, prevV *mat.Dense
	prevIDs      []int64
}

type match struct {
	id       int64
	overlap  float64
	crossing bool
}

func (t *tracker) next(u, v *mat.Dense) []match {
	_, r := u.Dims()
	out := make([]match, r)
	if t.prevU == nil {
		for b := range out {
			out[b] = match{id: int64(b), overlap: math.NaN()}
		}
	} else {
		var ou, ov mat.Dense
		ou.Mul(t.prevU.T(), u)
		ov.Mul(t.prevV.T(), v)
		type pair struct {
			a, b int
			c    float64
		}
		pairs := make([]pair, 0, r*r)
		for a := 0; a < r; a++ {
			for b := 0; b < r; b++ {
				pairs = append(pairs, pair{a, b, (math.Abs(ou.At(a, b)) + math.Abs(ov.At(a, b))) / 2})
			}
		}
		slices.SortStableFunc(pairs, func(x, y pair) int { return cmp.Compare(y.c, x.c) })
		from := make([]int, r)
		usedA, usedB := make([]bool, r), make([]bool, r)
		for _, p := range pairs {
			if !usedA[p.a] && !usedB[p.b] {
				usedA[p.a], usedB[p.b] = true, true
				from[p.b] = p.a
				out[p.b] = match{id: t.prevIDs[p.a], overlap: p.c, crossing: p.c < crossingOverlap}
			}
		}
		// A mode whose previous rank is out of order with a neighbour's
		// crossed it.
		for b := 0; b+1 < r; b++ {
			if from[b] > from[b+1] {
				out[b].crossing, out[b+1].crossing = true, true
			}
		}
	}
	t.prevU, t.prevV = mat.DenseCopyOf(u), mat.DenseCopyOf(v)
	t.prevIDs = make([]int64, r)
	for b, m := range out {
		t.prevIDs[b] = m.id
	}
	return out
}
