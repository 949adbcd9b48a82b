package binprod

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomBinary returns a rows×cols 0/1 matrix with ones at the given
// density, and a few all-zero rows.
func randomBinary(r *rand.Rand, rows, cols int, density float64) []float32 {
	x := make([]float32, rows*cols)
	for i := range x {
		if r.Float64() < density {
			x[i] = 1
		}
	}
	if rows > 2 {
		clear(x[cols : 2*cols])
	}
	return x
}

func randomDense(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	return x
}

// Mul agrees with the textbook triple loop in float64, to float32 rounding
// of the sums, across widths that exercise the 64- and 8-column kernels
// and the scalar tail, strides wider than the width, and alpha/beta.
func TestMulMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		rows, cols, width, stride int
		density                   float64
		alpha, beta               float32
	}{
		{1, 1, 1, 1, 1, 1, 0},
		{5, 9, 7, 7, 0.5, 1, 0},
		{7, 30, 8, 8, 0.2, 1, 0},
		{3, 40, 63, 70, 0.3, 1, 0},
		{9, 784, 64, 64, 0.13, 1, 0},
		{20, 784, 500, 500, 0.13, 1, 0},
		{20, 100, 65, 65, 0.9, -0.5, 0.9},
		{33, 200, 500, 512, 0.3, 0.01, 0.5},
		{4, 50, 130, 130, 0, 2, 1},
	} {
		t.Run(fmt.Sprintf("%dx%d·%dx%d", c.rows, c.cols, c.cols, c.width), func(t *testing.T) {
			x := randomBinary(r, c.rows, c.cols, c.density)
			src := randomDense(r, (c.cols-1)*c.stride+c.width)
			dst := randomDense(r, c.rows*c.width)
			before := append([]float32(nil), dst...)
			var o Ones
			o.Set(x, c.rows, c.cols)
			Mul(dst, &o, src, c.width, c.stride, c.alpha, c.beta)
			for i := range c.rows {
				for j := range c.width {
					want, mag := float64(c.beta)*float64(before[i*c.width+j]), 1.0
					for k := range c.cols {
						if x[i*c.cols+k] == 1 {
							s := float64(src[k*c.stride+j])
							want += float64(c.alpha) * s
							mag += math.Abs(s)
						}
					}
					if got := float64(dst[i*c.width+j]); math.Abs(got-want) > 1e-6*mag*math.Max(1, math.Abs(float64(c.alpha))) {
						t.Fatalf("dst[%d,%d] = %v, want %v", i, j, got, want)
					}
				}
			}
		})
	}
}

// The assembly kernel and the Go loop add in the same order: the same
// bits (on a machine without AVX2 both runs take the Go path), for widths
// whose last slab is partial (run through the overlapping window) and
// with the update of a second matrix.
func TestKernelsAgreeBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randomBinary(r, 50, 784, 0.15)
	var o Ones
	o.Set(x, 50, 784)
	for _, width := range []int{500, 64, 65, 130, 40} {
		src := randomDense(r, 784*width)
		for _, c := range []struct {
			beta, gamma float32
			update      bool
		}{{0, 0, false}, {0.7, 0, false}, {0.5, 0, true}, {0.5, -0.01, true}} {
			init, initW := randomDense(r, 50*width), randomDense(r, 50*width)
			fast, slow := append([]float32(nil), init...), append([]float32(nil), init...)
			var fastW, slowW []float32
			if c.update {
				fastW, slowW = append([]float32(nil), initW...), append([]float32(nil), initW...)
			}
			MulUpdate(fast, &o, src, width, width, 0.3, c.beta, fastW, c.gamma)
			saved := haveAVX2
			haveAVX2 = false
			MulUpdate(slow, &o, src, width, width, 0.3, c.beta, slowW, c.gamma)
			haveAVX2 = saved
			for i := range fast {
				if math.Float32bits(fast[i]) != math.Float32bits(slow[i]) {
					t.Fatalf("width %d %+v: entry %d: kernel %v, Go %v", width, c, i, fast[i], slow[i])
				}
				if c.update && math.Float32bits(fastW[i]) != math.Float32bits(slowW[i]) {
					t.Fatalf("width %d %+v: w entry %d: kernel %v, Go %v", width, c, i, fastW[i], slowW[i])
				}
			}
		}
	}
}

// MulUpdate is the momentum step it promises: dst = alpha·X·S + beta·dst
// + gamma·w, then w += dst, against Mul and plain loops.
func TestMulUpdate(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	rows, cols, width := 30, 100, 130
	x := randomBinary(r, rows, cols, 0.2)
	src := randomDense(r, cols*width)
	var o Ones
	o.Set(x, rows, cols)
	vel, w := randomDense(r, rows*width), randomDense(r, rows*width)
	prod := make([]float32, rows*width)
	Mul(prod, &o, src, width, width, 1, 0)
	wantVel, wantW := make([]float64, len(vel)), make([]float64, len(w))
	const alpha, beta, gamma = 0.05, 0.9, -0.001
	for i := range vel {
		wantVel[i] = alpha*float64(prod[i]) + beta*float64(vel[i]) + gamma*float64(w[i])
		wantW[i] = float64(w[i]) + wantVel[i]
	}
	MulUpdate(vel, &o, src, width, width, alpha, beta, w, gamma)
	for i := range vel {
		if math.Abs(float64(vel[i])-wantVel[i]) > 1e-5 || math.Abs(float64(w[i])-wantW[i]) > 1e-5 {
			t.Fatalf("entry %d: velocity %v (want %v), w %v (want %v)", i, vel[i], wantVel[i], w[i], wantW[i])
		}
	}
}

// With beta = 0, dst's old contents (even NaN) do not leak into the result.
func TestBetaZeroIgnoresDst(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := randomBinary(r, 3, 20, 0.5)
	src := randomDense(r, 20*72)
	dst := make([]float32, 3*72)
	for i := range dst {
		dst[i] = float32(math.NaN())
	}
	var o Ones
	o.Set(x, 3, 20)
	Mul(dst, &o, src, 72, 72, 1, 0)
	for i, v := range dst {
		if v != v {
			t.Fatalf("dst[%d] is NaN", i)
		}
	}
}

func TestTransposeAndDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := randomBinary(r, 13, 29, 0.3)
	var o, tr Ones
	o.Set(x, 13, 29)
	o.Transpose(&tr)
	if tr.Rows != 29 || tr.Cols != 13 {
		t.Fatalf("transpose is %d×%d", tr.Rows, tr.Cols)
	}
	ones := 0
	for i := range 29 {
		var want []int32
		for rr := range 13 {
			if x[rr*29+i] == 1 {
				want = append(want, int32(rr))
				ones++
			}
		}
		if got := tr.Row(i); fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("column %d: rows %v, want %v", i, got, want)
		}
	}
	if got, want := o.Density(), float64(ones)/(13*29); got != want {
		t.Errorf("density %v, want %v", got, want)
	}
	if got, want := Density(x), float64(ones)/(13*29); got != want {
		t.Errorf("Density(x) = %v, want %v", got, want)
	}
}

func TestMulRejectsShortBuffers(t *testing.T) {
	var o Ones
	o.Set(make([]float32, 4*10), 4, 10)
	defer func() {
		if recover() == nil {
			t.Error("Mul with a short src did not panic")
		}
	}()
	Mul(make([]float32, 4*8), &o, make([]float32, 9*8), 8, 8, 1, 0)
}

// TestSetMatchesDefinition checks the pattern row by row against a plain
// scan, for shapes that Set cuts into one block and into many, reusing one
// Ones across shapes (a larger pattern, then smaller ones, then larger).
func TestSetMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var o Ones
	for _, c := range []struct {
		rows, cols int
		density    float64
	}{{1000, 784, 0.13}, {3, 5, 0.5}, {100, 500, 0.9}, {0, 7, 0.5}, {257, 64, 0.02}, {2000, 1000, 0.5}, {40, 1, 1}} {
		x := randomBinary(r, c.rows, c.cols, c.density)
		o.Set(x, c.rows, c.cols)
		if o.Rows != c.rows || o.Cols != c.cols {
			t.Fatalf("%d×%d: pattern is %d×%d", c.rows, c.cols, o.Rows, o.Cols)
		}
		ones := 0
		for row := range c.rows {
			var want []int32
			for i, v := range x[row*c.cols : (row+1)*c.cols] {
				if v != 0 {
					want = append(want, int32(i))
				}
			}
			ones += len(want)
			if got := o.Row(row); !slices.Equal(got, want) {
				t.Fatalf("%d×%d at %.2f: row %d has %v, want %v", c.rows, c.cols, c.density, row, got, want)
			}
		}
		if len(o.idx) != ones {
			t.Errorf("%d×%d: %d ones recorded, want %d", c.rows, c.cols, len(o.idx), ones)
		}
	}
}
