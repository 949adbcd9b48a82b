package fields

import (
	"math"
	"runtime"
	"testing"

	"github.com/rbmkit/rbmkit/internal/binprod"
	"github.com/rbmkit/rbmkit/internal/fields/fieldstest"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// states returns rows×width binary unit values (off: 0, or −1 for spins),
// each on with probability p.
func states(rows, width int, p float64, units rbm.Units, seed uint64) []float32 {
	r := rng.New(seed, 0, "fields-states")
	x := make([]float32, rows*width)
	for i := range x {
		switch {
		case r.Float64() < p:
			x[i] = 1
		case units == rbm.Spin:
			x[i] = -1
		}
	}
	return x
}

func model(n, m int, units rbm.Units, seed uint64) *rbm.Model {
	md := rbm.New(n, m, units)
	r := rng.New(seed, 0, "fields-model")
	for i := range md.W {
		md.W[i] = float32(r.NormFloat64())
	}
	return md
}

// naive returns x·B (rows×k by k×cols, B given as b(l, j)) two ways: in
// float64, with the sum of |terms| per entry (the scale of its rounding),
// and as float32 sums of the selected rows in ascending order, the row
// sums' promise.
func naive(x []float32, rows, k, cols int, b func(l, j int) float32) (f64, abs []float64, asc []float32) {
	f64, abs, asc = make([]float64, rows*cols), make([]float64, rows*cols), make([]float32, rows*cols)
	for r := range rows {
		for j := range cols {
			var s, a float64
			var s32 float32
			for l := range k {
				xl := x[r*k+l]
				t := float64(xl) * float64(b(l, j))
				s += t
				a += math.Abs(t)
				if xl != 0 {
					s32 += b(l, j)
				}
			}
			f64[r*cols+j], abs[r*cols+j], asc[r*cols+j] = s, a, s32
		}
	}
	return f64, abs, asc
}

// Both routes against an independent float64 product, within float32
// rounding of the sum of |terms| (k·2⁻²⁴·Σ|t|, a bound on any summation
// order); the row sums bit for bit against a plain ascending float32 sum
// (binprod's promise); and the route taken where it must be.
func TestRoutesMatchProduct(t *testing.T) {
	for _, c := range []struct {
		name         string
		n, m, rows   int
		p            float64
		units        rbm.Units
		wantSparse   bool // the Bernoulli states below every build's switch
		wantDenseAll bool // spins and dense states: always GEMM
	}{
		{"sparse", 100, 70, 45, 0.1, rbm.Bernoulli, true, false},
		{"odd shapes", 33, 129, 7, 0.05, rbm.Bernoulli, true, false},
		{"one row", 784, 64, 1, 0.13, rbm.Bernoulli, true, false},
		{"dense", 90, 40, 50, 0.9, rbm.Bernoulli, false, binprod.SparseBelow < 1},
		{"spin", 60, 50, 40, 0.1, rbm.Spin, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			md := model(c.n, c.m, c.units, 1)
			v := states(c.rows, c.n, c.p, c.units, 2)
			h := states(c.rows, c.m, c.p, c.units, 3)
			for _, dir := range []struct {
				name     string
				x        []float32
				k, cols  int
				b        func(l, j int) float32
				run      func(f *Fields, dst []float32)
				fieldsOf int
			}{
				{"hidden", v, c.n, c.m, func(l, j int) float32 { return md.W[l*c.m+j] },
					func(f *Fields, dst []float32) { f.Hidden(dst, v, c.rows) }, c.n},
				{"visible", h, c.m, c.n, func(l, j int) float32 { return md.W[j*c.m+l] },
					func(f *Fields, dst []float32) { f.Visible(dst, h, c.rows) }, c.m},
			} {
				f64, abs, asc := naive(dir.x, c.rows, dir.k, dir.cols, dir.b)
				f := New(md, 16)
				sparse := f.Ones(dir.x, c.rows, dir.k) != nil
				if c.wantSparse && !sparse {
					t.Errorf("%s: states at density %v took the GEMM route", dir.name, c.p)
				}
				if c.wantDenseAll && sparse {
					t.Errorf("%s: took the row sums", dir.name)
				}
				for _, dense := range []bool{false, true} {
					f.Dense = dense
					got := make([]float32, c.rows*dir.cols)
					dir.run(f, got)
					for i, g := range got {
						tol := float64(dir.k) * 0x1p-24 * abs[i]
						if d := math.Abs(float64(g) - f64[i]); d > tol {
							t.Fatalf("%s dense=%v: [%d] = %v, want %v ± %.3g", dir.name, dense, i, g, f64[i], tol)
						}
						if sparse && !dense && g != asc[i] {
							t.Fatalf("%s row sums: [%d] = %v, the ascending float32 sum is %v", dir.name, i, g, asc[i])
						}
					}
				}
			}
		})
	}
}

// Wᵀ is made again after Changed and only then: a changed W without
// Changed leaves the stale transpose (so the cache is real), and with
// Changed the visible fields are those of a fresh Fields bit for bit.
func TestChangedInvalidatesTranspose(t *testing.T) {
	const n, m, rows = 50, 40, 20
	md := model(n, m, rbm.Bernoulli, 4)
	h := states(rows, m, 0.1, rbm.Bernoulli, 5)
	f := New(md, 8)
	if f.Ones(h, rows, m) == nil {
		t.Fatal("10% ones took the GEMM route: the test cannot see the transpose")
	}
	before := make([]float32, rows*n)
	f.Visible(before, h, rows)
	for i := range md.W {
		md.W[i] *= -0.5
	}
	stale, fresh, want := make([]float32, rows*n), make([]float32, rows*n), make([]float32, rows*n)
	f.Visible(stale, h, rows)
	if !fieldstest.Same(stale, before) {
		t.Fatal("the transpose was remade without Changed: the test cannot see the cache")
	}
	f.Changed()
	f.Visible(fresh, h, rows)
	New(md, 8).Visible(want, h, rows)
	if !fieldstest.Same(fresh, want) {
		t.Fatal("after Changed the visible fields are not those of the changed W")
	}
	if fieldstest.Same(fresh, before) {
		t.Fatal("changing W did not change the fields")
	}
	wt := Transpose(nil, md.W, n, m)
	if !fieldstest.Same(f.Transposed(), wt) {
		t.Fatal("Transposed is not Wᵀ")
	}
}

// A Wᵀ handed over by Share is read instead of one made here (a wrong
// one, here the transpose of another W, shows in the fields), gives the
// bits of one made here when it is the transpose, and is dropped by
// Changed; Kept returns Wᵀ only once made, the one before an in-place
// change until Changed.
func TestShareAndKept(t *testing.T) {
	const n, m, rows = 50, 40, 20
	md, other := model(n, m, rbm.Bernoulli, 4), model(n, m, rbm.Bernoulli, 9)
	h := states(rows, m, 0.1, rbm.Bernoulli, 5)
	own, got := make([]float32, rows*n), make([]float32, rows*n)
	New(md, 8).Visible(own, h, rows)

	f := New(md, 8)
	if f.Kept() != nil {
		t.Fatal("Kept returned a Wᵀ before any was made")
	}
	f.Share(Transpose(nil, other.W, n, m))
	f.Visible(got, h, rows)
	if fieldstest.Same(got, own) {
		t.Fatal("the shared Wᵀ was not read")
	}
	f.Changed()
	if f.Kept() != nil {
		t.Fatal("Changed kept the shared Wᵀ")
	}
	f.Visible(got, h, rows)
	if !fieldstest.Same(got, own) {
		t.Fatal("after Changed the fields are not those of W")
	}

	g := New(md, 8)
	g.Share(f.Kept())
	g.Visible(got, h, rows)
	if !fieldstest.Same(got, own) {
		t.Fatal("a shared exact Wᵀ gives other bits than one made here")
	}
	before := Transpose(nil, md.W, n, m)
	for i := range md.W {
		md.W[i] *= -0.5
	}
	if !fieldstest.Same(f.Kept(), before) {
		t.Fatal("Kept is not the transpose of W before the in-place change")
	}
}

// Both routes give the same bits at GOMAXPROCS 1 and 2, on shapes large
// enough for the worker pool to split them.
func TestSameBitsAcrossGOMAXPROCS(t *testing.T) {
	const n, m, rows = 300, 200, 64
	md := model(n, m, rbm.Bernoulli, 6)
	v := states(rows, n, 0.12, rbm.Bernoulli, 7)
	h := states(rows, m, 0.2, rbm.Bernoulli, 8)
	run := func(procs int, dense bool) []float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		f := New(md, 16)
		f.Dense = dense
		out := make([]float32, rows*m+rows*n)
		f.Hidden(out[:rows*m], v, rows)
		f.Visible(out[rows*m:], h, rows)
		return out
	}
	for _, dense := range []bool{false, true} {
		if !fieldstest.Same(run(1, dense), run(2, dense)) {
			t.Errorf("dense=%v: the fields differ between GOMAXPROCS 1 and 2", dense)
		}
	}
}
