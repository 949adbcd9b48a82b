package fields

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/rbmkit/rbmkit/internal/binprod"
	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
)

// Fields computes the fields of binary states of one model. The model is
// used, not copied: call Changed after changing its W in place. Its
// methods are not safe for concurrent use.
type Fields struct {
	model *rbm.Model
	probe int
	// Dense forces the GEMM route (tests check the row sums against it).
	Dense bool

	ones, onesT binprod.Ones
	wt          []float32 // Wᵀ, M×N row-major, valid while wtValid
	wtValid     bool
	shared      []float32 // Wᵀ made by another Fields (Share), until Changed
}

// New returns the fields of m's states; probe (≥ 1) is the number of rows
// looked at before a full scan of the states' density.
func New(m *rbm.Model, probe int) *Fields {
	return &Fields{model: m, probe: max(probe, 1)}
}

// Model returns the model whose fields are computed.
func (f *Fields) Model() *rbm.Model { return f.model }

// Changed says that W was changed in place: Wᵀ is made again when next
// needed.
func (f *Fields) Changed() { f.wtValid, f.shared = false, nil }

// Share hands over wt, the transpose (M×N row-major) of the model's
// current W made elsewhere (another Fields of the same weights, see Kept),
// so that the sparse visible products read it instead of transposing W
// again; it is read, never written, until Changed. A transpose is an exact
// copy, so the products' bits are those of a Wᵀ made here.
func (f *Fields) Share(wt []float32) {
	m := f.model
	if len(wt) != m.Visible*m.Hidden {
		panic("fields: shared Wᵀ of the wrong size")
	}
	f.shared = wt
}

// Kept returns the Wᵀ made since the last Changed (a view, rewritten after
// the next Changed), or nil if none was made. A caller that changes W in
// place and has not yet called Changed gets the transpose of W before the
// change.
func (f *Fields) Kept() []float32 {
	if f.shared != nil {
		return f.shared
	}
	if !f.wtValid {
		return nil
	}
	return f.wt
}

// Ones records the ones of rows of binary states x (rows×width) and
// returns them if they are sparse enough for row sums, or nil if the
// product should be a GEMM. The pattern is valid until the next call of
// any method.
func (f *Fields) Ones(x []float32, rows, width int) *binprod.Ones {
	if f.Dense || f.model.Units == rbm.Spin ||
		binprod.Density(x[:min(rows, f.probe)*width]) > binprod.SparseBelow+0.05 {
		return nil
	}
	f.ones.Set(x, rows, width)
	if f.ones.Density() >= binprod.SparseBelow {
		return nil
	}
	return &f.ones
}

// OnesT is Ones, returning the pattern of the transpose of x instead: for
// each of the width columns, the rows with that unit on (the trainer's
// gradient vᵀh sums rows of h by it).
func (f *Fields) OnesT(x []float32, rows, width int) *binprod.Ones {
	o := f.Ones(x, rows, width)
	if o == nil {
		return nil
	}
	o.Transpose(&f.onesT)
	return &f.onesT
}

// Hidden sets dst = v·W (rows×M) for rows of binary visible states v
// (rows×N): the hidden fields without the biases.
func (f *Fields) Hidden(dst, v []float32, rows int) {
	m := f.model
	if o := f.Ones(v, rows, m.Visible); o != nil {
		binprod.Mul(dst, o, m.W, m.Hidden, m.Hidden, 1, 0)
		return
	}
	f.HiddenGEMM(dst, v, rows)
}

// Visible sets dst = h·Wᵀ (rows×N) for rows of binary hidden states h
// (rows×M): the visible fields without the biases.
func (f *Fields) Visible(dst, h []float32, rows int) {
	m := f.model
	if o := f.Ones(h, rows, m.Hidden); o != nil {
		binprod.Mul(dst, o, f.Transposed(), m.Visible, m.Visible, 1, 0)
		return
	}
	f.VisibleGEMM(dst, h, rows)
}

// HiddenGEMM sets dst = x·W by GEMM, for any x (rows×N), binary or not.
func (f *Fields) HiddenGEMM(dst, x []float32, rows int) {
	m := f.model
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, general(x, rows, m.Visible), general(m.W, m.Visible, m.Hidden),
		0, general(dst, rows, m.Hidden))
}

// VisibleGEMM sets dst = x·Wᵀ by GEMM, for any x (rows×M), binary or not
// (such as the trainer's hidden means).
func (f *Fields) VisibleGEMM(dst, x []float32, rows int) {
	m := f.model
	blas32.Gemm(blas.NoTrans, blas.Trans, 1, general(x, rows, m.Hidden), general(m.W, m.Visible, m.Hidden),
		0, general(dst, rows, m.Visible))
}

// Transposed returns Wᵀ, M×N row-major, made once and again after Changed
// (or the one handed over by Share).
func (f *Fields) Transposed() []float32 {
	if f.shared != nil {
		return f.shared
	}
	if !f.wtValid {
		m := f.model
		f.wt = Transpose(f.wt, m.W, m.Visible, m.Hidden)
		f.wtValid = true
	}
	return f.wt
}

// Transpose returns the transpose (cols×rows) of the rows×cols matrix a,
// into dst if it is large enough, by 32×32 tiles on the worker pool.
func Transpose(dst, a []float32, rows, cols int) []float32 {
	if len(dst) < rows*cols {
		dst = make([]float32, rows*cols)
	}
	const tile = 32
	par.Blocks(rows, tile, func(_, lo, hi int) {
		for c0 := 0; c0 < cols; c0 += tile {
			c1 := min(c0+tile, cols)
			for i := lo; i < hi; i++ {
				row := a[i*cols : (i+1)*cols]
				for j := c0; j < c1; j++ {
					dst[j*rows+i] = row[j]
				}
			}
		}
	})
	return dst[:rows*cols]
}

func general(d []float32, rows, cols int) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: d}
}
