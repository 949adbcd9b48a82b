package binprod

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/internal/par"
)

// SparseBelow is the density of ones below which Mul beats the build's
// sgemm, where callers should switch: with OpenBLAS the row sums win up to
// about 40% ones; gonum's pure-Go sgemm is several times slower than the
// row sums at every density, so there they always win (docs/performance.md;
// go test [-tags openblas] -bench Mul ./internal/binprod, in the shapes of
// a training step and a Gibbs sweep).
// The value follows the same build tag as package backend, which it does
// not import (a package below may not reach up a floor for a name).
var SparseBelow = sparseBelow

// Ones lists, for each row of a binary matrix, the columns that are 1: a
// compressed sparse row pattern without values.
type Ones struct {
	Rows, Cols int
	start      []int32 // row r's columns are idx[start[r]:start[r+1]]
	idx        []int32
}

// Set records the ones of x, rows×cols row-major, whose entries are 0 or
// 1 (any non-zero counts as 1), reusing o's storage.
func (o *Ones) Set(x []float32, rows, cols int) {
	o.Rows, o.Cols = rows, cols
	if cap(o.idx) < rows*cols {
		o.idx = make([]int32, rows*cols)
	}
	o.idx = o.idx[:rows*cols]
	o.start = append(o.start[:0], 0)
	n := 0
	for r := range rows {
		for i, v := range x[r*cols : (r+1)*cols] {
			// Branch-free: write every index, advance past the ones. The
			// bits of any non-zero float32 other than −0 have b|−b < 0.
			o.idx[n] = int32(i)
			b := int32(math.Float32bits(v))
			n += int(uint32(b|-b) >> 31)
		}
		o.start = append(o.start, int32(n))
	}
	o.idx = o.idx[:n]
}

// Density returns the fraction of non-zero entries of x: callers look at
// a sample of rows first, so that clearly dense states skip Set.
func Density(x []float32) float64 {
	on := 0
	for _, v := range x {
		b := int32(math.Float32bits(v))
		on += int(uint32(b|-b) >> 31)
	}
	return float64(on) / float64(max(len(x), 1))
}

// Density returns the fraction of entries that are 1.
func (o *Ones) Density() float64 {
	if o.Rows*o.Cols == 0 {
		return 0
	}
	return float64(len(o.idx)) / float64(o.Rows*o.Cols)
}

// Row returns the columns that are 1 in row r, ascending.
func (o *Ones) Row(r int) []int32 { return o.idx[o.start[r]:o.start[r+1]] }

// Transpose sets t to the pattern of o's transpose: for each column of o,
// the rows that have a 1 there, ascending.
func (o *Ones) Transpose(t *Ones) {
	t.Rows, t.Cols = o.Cols, o.Rows
	count := make([]int32, o.Cols+1)
	for _, i := range o.idx {
		count[i+1]++
	}
	for i := range o.Cols {
		count[i+1] += count[i]
	}
	t.start = append(t.start[:0], count...)
	t.idx = append(t.idx[:0], make([]int32, len(o.idx))...)
	next := count[:o.Cols]
	for r := range o.Rows {
		for _, i := range o.Row(r) {
			t.idx[next[i]] = int32(r)
			next[i]++
		}
	}
}

// Mul sets dst = alpha·X·S + beta·dst, where X is the binary matrix o
// (Rows×Cols) and S is src, Cols×width row-major with the given stride; dst
// is Rows×width with stride width. Each entry is a sum over the ones of
// its row in ascending column order. dst is not read when beta is 0.
// Work is split over column slabs of 64, each summed for every row while
// its part of src stays in cache.
func Mul(dst []float32, o *Ones, src []float32, width, stride int, alpha, beta float32) {
	MulUpdate(dst, o, src, width, stride, alpha, beta, nil, 0)
}

// MulUpdate is Mul with a second matrix w shaped like dst: it sets dst =
// alpha·X·S + beta·dst + gamma·w and then w += dst, in one pass (a
// momentum step: velocity dst, weights w, weight decay −gamma). With w
// nil it is Mul.
func MulUpdate(dst []float32, o *Ones, src []float32, width, stride int, alpha, beta float32, w []float32, gamma float32) {
	if width > stride || len(src) < (o.Cols-1)*stride+width || len(dst) < o.Rows*width || (w != nil && len(w) < o.Rows*width) {
		panic(fmt.Sprintf("binprod: %d×%d pattern, src %d (width %d, stride %d), dst %d, w %d", o.Rows, o.Cols, len(src), width, stride, len(dst), len(w)))
	}
	par.Blocks(width, slab, func(_, lo, hi int) {
		for r := range o.Rows {
			var wr []float32
			if w != nil {
				wr = w[r*width+lo : r*width+hi]
			}
			sumRows(dst[r*width+lo:r*width+hi], src, lo, stride, o.Row(r), alpha, beta, wr, gamma)
		}
	})
}

// slab is the width of the column slabs of Mul: eight AVX2 registers.
const slab = 64

// sumRows sets d[j] = (alpha·Σ_k src[idx[k]·stride + col + j] + beta·d[j])
// + gamma·w[j], then w[j] += d[j] (w nil: neither), for j < len(d) ≤ 64,
// adding in the order of idx. A slab narrower than 64 (the last of a row)
// runs the kernel on the 64 columns ending at its end, through a copy,
// and keeps its own lanes: the lanes before it are computed twice, the
// same way, and dropped.
func sumRows(d, src []float32, col, stride int, idx []int32, alpha, beta float32, w []float32, gamma float32) {
	var ip *int32
	if len(idx) > 0 {
		ip = &idx[0]
	}
	switch {
	case !haveAVX2 || col+len(d) < slab:
		sumScalar(d, src[col:], stride, idx, alpha, beta, w, gamma)
	case len(d) == slab:
		var wp *float32
		if w != nil {
			wp = &w[0]
		}
		sum64(&d[0], &src[col], stride, ip, len(idx), alpha, beta, wp, gamma)
	default:
		shift := slab - len(d)
		var dt, wt [slab]float32
		copy(dt[shift:], d)
		var wp *float32
		if w != nil {
			copy(wt[shift:], w)
			wp = &wt[0]
		}
		sum64(&dt[0], &src[col-shift], stride, ip, len(idx), alpha, beta, wp, gamma)
		copy(d, dt[shift:])
		if w != nil {
			copy(w, wt[shift:])
		}
	}
}

// sumScalar is sumRows in Go: the same additions in the same order (for
// each column, ascending in idx), so the same bits as the assembly. It
// walks src row by row into a small accumulator for cache locality. The
// explicit float32 conversions keep the compiler from fusing a multiply
// and an add.
func sumScalar(dst, src []float32, stride int, idx []int32, alpha, beta float32, w []float32, gamma float32) {
	keep := math.Float32bits(beta) != 0
	decay := math.Float32bits(gamma) != 0 && w != nil
	var acc [slab]float32
	for lo := 0; lo < len(dst); lo += slab {
		a := acc[:min(slab, len(dst)-lo)]
		clear(a)
		for _, i := range idx {
			row := src[int(i)*stride+lo:]
			for j := range a {
				a[j] += row[j]
			}
		}
		d := dst[lo : lo+len(a)]
		for j, x := range a {
			out := float32(x * alpha)
			if keep {
				out += float32(beta * d[j])
			}
			if decay {
				out += float32(gamma * w[lo+j])
			}
			d[j] = out
			if w != nil {
				w[lo+j] += out
			}
		}
	}
}
