package spectral

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/rbm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// reciprocalBatch is the number of configurations ReciprocalStats buffers
// before projecting them with matrix products.
const reciprocalBatch = 256

// ReciprocalStats streams configurations v and collects, for the first k
// modes, the visible reciprocal variables x_α = u_α·v and the hidden ones
// y_α = v_α·E[h|v], where E[h|v] is the model's conditional mean
// (σ(b + Wᵀv) for Bernoulli units, tanh(b + Wᵀv) for spins). Using the
// conditional mean rather than a sampled h removes the hidden layer's
// sampling noise.
//
// Configurations are buffered and projected by batches of 256 with matrix
// products: the hidden field b + Wᵀv in float32 (blas32, like the rest of
// rbmkit's activations), the projections in float64 (blas64). The samples
// are kept, for the KS statistics: memory is 2·n·k float64, 16·n·k bytes
// (60 000 examples × 50 modes: 48 MB).
type ReciprocalStats struct {
	dec   *Decomposition
	model *rbm.Model
	k     int
	vb32  []float32 // batch of visible configurations, rows×N
	rows  int
	field []float32 // rows×M hidden fields
	vb64  []float64 // rows×N
	hb64  []float64 // rows×M conditional means
	xb    []float64 // rows×k
	yb    []float64 // rows×k
	x, y  [][]float64
}

// NewReciprocalStats prepares the statistics of the first k modes of dec
// (k ≤ 0 or k > r: all r) for configurations of model, which must be the
// model dec was computed from (with vectors).
func NewReciprocalStats(dec *Decomposition, model *rbm.Model, k int) (*ReciprocalStats, error) {
	if !dec.HasVectors() {
		return nil, fmt.Errorf("spectral: reciprocal variables need singular vectors")
	}
	if err := model.Check(); err != nil {
		return nil, err
	}
	if model.Visible != dec.Visible || model.Hidden != dec.Hidden {
		return nil, fmt.Errorf("spectral: model is %d×%d, decomposition %d×%d", model.Visible, model.Hidden, dec.Visible, dec.Hidden)
	}
	if k <= 0 || k > dec.Rank {
		k = dec.Rank
	}
	n, m := dec.Visible, dec.Hidden
	return &ReciprocalStats{dec: dec, model: model, k: k,
		vb32: make([]float32, reciprocalBatch*n), field: make([]float32, reciprocalBatch*m),
		vb64: make([]float64, reciprocalBatch*n), hb64: make([]float64, reciprocalBatch*m),
		xb: make([]float64, reciprocalBatch*k), yb: make([]float64, reciprocalBatch*k),
		x: make([][]float64, k), y: make([][]float64, k)}, nil
}

// Modes returns k, the number of modes followed.
func (s *ReciprocalStats) Modes() int { return s.k }

// Add adds one visible configuration (length N, in the model's convention:
// 0/1 or ±1; fractional values such as grey levels are projected as they
// are).
func (s *ReciprocalStats) Add(v []float32) {
	n := s.dec.Visible
	if len(v) != n {
		panic(fmt.Sprintf("spectral: ReciprocalStats.Add of a configuration of length %d, want %d", len(v), n))
	}
	copy(s.vb32[s.rows*n:], v)
	s.rows++
	if s.rows == reciprocalBatch {
		s.flush()
	}
}

// flush projects the buffered configurations and appends their x and y.
func (s *ReciprocalStats) flush() {
	rows := s.rows
	if rows == 0 {
		return
	}
	n, m, r, k := s.dec.Visible, s.dec.Hidden, s.dec.Rank, s.k
	// Hidden fields F = V·W (+ b), float32.
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas32.General{Rows: rows, Cols: n, Stride: n, Data: s.vb32[:rows*n]},
		blas32.General{Rows: n, Cols: m, Stride: m, Data: s.model.W},
		0, blas32.General{Rows: rows, Cols: m, Stride: m, Data: s.field[:rows*m]})
	spin := s.model.Units == rbm.Spin
	for row := 0; row < rows; row++ {
		f := s.field[row*m : (row+1)*m]
		h := s.hb64[row*m : (row+1)*m]
		for j, x := range f {
			z := float64(x) + float64(s.model.B[j])
			if spin {
				h[j] = math.Tanh(z)
			} else {
				h[j] = rbm.Sigmoid(z)
			}
		}
	}
	for i, x := range s.vb32[:rows*n] {
		s.vb64[i] = float64(x)
	}
	// X = V·U_k and Y = H·V_k: the first k columns of U and V, in place.
	uk := blas64.General{Rows: n, Cols: k, Stride: r, Data: s.dec.U.RawMatrix().Data}
	vk := blas64.General{Rows: m, Cols: k, Stride: r, Data: s.dec.V.RawMatrix().Data}
	xb := blas64.General{Rows: rows, Cols: k, Stride: k, Data: s.xb[:rows*k]}
	yb := blas64.General{Rows: rows, Cols: k, Stride: k, Data: s.yb[:rows*k]}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: rows, Cols: n, Stride: n, Data: s.vb64[:rows*n]}, uk, 0, xb)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: rows, Cols: m, Stride: m, Data: s.hb64[:rows*m]}, vk, 0, yb)
	for a := 0; a < k; a++ {
		for row := 0; row < rows; row++ {
			s.x[a] = append(s.x[a], s.xb[row*k+a])
			s.y[a] = append(s.y[a], s.yb[row*k+a])
		}
	}
	s.rows = 0
}

// Count returns the number of configurations added.
func (s *ReciprocalStats) Count() int {
	if s.k == 0 {
		return s.rows
	}
	return len(s.x[0]) + s.rows
}

// ReciprocalResult holds, per mode α < k, the statistics of x_α and y_α.
type ReciprocalResult struct {
	X, Y []SampleStats
}

// Result returns the statistics of the configurations added so far (more
// may be added afterwards).
func (s *ReciprocalStats) Result() ReciprocalResult {
	s.flush()
	res := ReciprocalResult{X: make([]SampleStats, s.k), Y: make([]SampleStats, s.k)}
	for a := 0; a < s.k; a++ {
		res.X[a] = Describe(s.x[a])
		res.Y[a] = Describe(s.y[a])
	}
	return res
}

// Samples returns the collected x_α and y_α (mode-major: x[α][example]),
// shared with s: do not modify them.
func (s *ReciprocalStats) Samples() (x, y [][]float64) {
	s.flush()
	return s.x, s.y
}
