package spectral

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// correlatedData draws count vectors μ + A z (z standard normal) with a
// well-separated covariance spectrum, rounded to float32.
func correlatedData(r *rand.Rand, n, count int) [][]float32 {
	a := mat.NewDense(n, n, nil)
	basis := orthonormal(r, n, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a.Set(i, j, basis.At(i, j)*math.Pow(0.75, float64(j))*3)
		}
	}
	data := make([][]float32, count)
	z := make([]float64, n)
	for e := range data {
		for i := range z {
			z[i] = r.NormFloat64()
		}
		row := make([]float32, n)
		for i := range row {
			s := 100 + float64(i) // a large mean tests the centring
			for j := 0; j < n; j++ {
				s += a.At(i, j) * z[j]
			}
			row[i] = float32(s)
		}
		data[e] = row
	}
	return data
}

func TestCovarianceMatchesTwoPass(t *testing.T) {
	const n, count = 15, 700 // two full batches and a partial one
	r := rng.New(15, 0, "covariance")
	data := correlatedData(r, n, count)
	mean := make([]float64, n)
	for _, row := range data {
		for i, x := range row {
			mean[i] += float64(x) / count
		}
	}
	want := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s := 0.0
			for _, row := range data {
				s += (float64(row[i]) - mean[i]) * (float64(row[j]) - mean[j])
			}
			want.SetSym(i, j, s/(count-1))
		}
	}
	c := NewCovariance(n)
	for _, row := range data {
		c.Add(row)
	}
	if c.Count() != count {
		t.Fatalf("count %d", c.Count())
	}
	if e := maxAbsDiff(c.Matrix(), want); e > 1e-12*mat.Norm(want, math.Inf(1)) {
		t.Errorf("covariance differs from the two-pass one by %g", e)
	}
	if !floats.EqualApprox(c.Mean(), mean, 1e-12) {
		t.Errorf("mean %v, want %v", c.Mean(), mean)
	}
}

func TestPCAMatchesSVDOfCentredData(t *testing.T) {
	const n, count, k = 12, 500, 5
	r := rng.New(16, 0, "pca")
	data := correlatedData(r, n, count)
	p, err := PCA(data, k)
	if err != nil {
		t.Fatal(err)
	}
	// The principal axes are the right singular vectors of the centred
	// data matrix, and the variances its squared singular values/(n−1).
	x := mat.NewDense(count, n, nil)
	for e, row := range data {
		for i, v := range row {
			x.Set(e, i, float64(v)-p.Mean[i])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(x, mat.SVDThin) {
		t.Fatal("SVD failed")
	}
	s := svd.Values(nil)
	var vt mat.Dense
	svd.VTo(&vt)
	total := 0.0
	for _, sv := range s {
		total += sv * sv / (count - 1)
	}
	if math.Abs(p.TotalVariance-total) > 1e-10*total {
		t.Errorf("total variance %g, want %g", p.TotalVariance, total)
	}
	for b := 0; b < k; b++ {
		if want := s[b] * s[b] / (count - 1); math.Abs(p.Variances[b]-want) > 1e-10*want {
			t.Errorf("variance %d: %g, want %g", b, p.Variances[b], want)
		}
		if o := math.Abs(mat.Dot(p.Vectors.ColView(b), vt.ColView(b))); o < 1-1e-9 {
			t.Errorf("component %d: overlap %g with the singular vector", b, o)
		}
		col := mat.Col(nil, b, p.Vectors)
		if col[floats.MaxIdx(absAll(col))] <= 0 {
			t.Errorf("component %d: largest entry not positive", b)
		}
	}
	if _, err := PCA(data, 0); err == nil {
		t.Error("PCA accepted k = 0")
	}
	if _, err := PCA(data[:1], 2); err == nil {
		t.Error("PCA accepted a single vector")
	}
	if _, err := PCA(nil, 2); err == nil {
		t.Error("PCA accepted no data")
	}
}

func TestPCOverlapFindsPlantedComponents(t *testing.T) {
	const n, m, count, k = 12, 8, 500, 4
	r := rng.New(17, 0, "pc overlap")
	p, err := PCA(correlatedData(r, n, count), k)
	if err != nil {
		t.Fatal(err)
	}
	// A model whose strongest mode is PC 1 and second strongest PC 0.
	u := orthonormal(r, n, m, mat.Col(nil, 1, p.Vectors), mat.Col(nil, 0, p.Vectors))
	v := orthonormal(r, m, m)
	sigma := make([]float64, m)
	for a := range sigma {
		sigma[a] = float64(m - a)
	}
	model, _ := planted(r, u, v, sigma, rbm.Bernoulli, 0)
	d, _ := Decompose(model, true)
	o := d.PCOverlap(p)
	for a := 0; a < d.Rank; a++ {
		inSpan := 0.0
		for b := 0; b < k; b++ {
			want := mat.Dot(d.U.ColView(a), p.Vectors.ColView(b))
			if math.Abs(o.Overlap.At(a, b)-want) > 1e-12 {
				t.Fatalf("overlap (%d,%d) = %g, want %g", a, b, o.Overlap.At(a, b), want)
			}
			inSpan += want * want
		}
		if math.Abs(o.InSpan[a]-math.Sqrt(inSpan)) > 1e-12 {
			t.Errorf("mode %d: InSpan %g, want %g", a, o.InSpan[a], math.Sqrt(inSpan))
		}
	}
	for a, want := range []int{1, 0} {
		if o.Best[a] != want || math.Abs(o.BestOverlap[a]-1) > 1e-5 || math.Abs(o.InSpan[a]-1) > 1e-5 {
			t.Errorf("mode %d: best PC %d (overlap %g, in span %g), want PC %d", a, o.Best[a], o.BestOverlap[a], o.InSpan[a], want)
		}
	}
}

func TestIPR(t *testing.T) {
	const n = 2000
	r := rng.New(18, 0, "ipr")
	haar := orthonormal(r, n, 50)
	uniform := mat.NewDense(n, 1, nil)
	unit := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		uniform.Set(i, 0, 1/math.Sqrt(n))
	}
	unit.Set(17, 0, -1)
	for _, c := range []struct {
		name string
		x    mat.Matrix
		want float64
		tol  float64
	}{
		{"unit vector", unit, 1, 1e-15},
		{"uniform", uniform, 1.0 / n, 1e-15},
		// E Σu⁴ = 3/(n+2) for a uniformly random unit vector.
		{"haar (mean of 50)", haar, 3.0 / (n + 2), 0.05 * 3 / n},
	} {
		got := floats.Sum(IPR(c.x))
		_, cols := c.x.Dims()
		got /= float64(cols)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: IPR %g, want %g", c.name, got, c.want)
		}
	}
}

func TestOverlapWithReference(t *testing.T) {
	r := rng.New(19, 0, "overlap")
	model := gaussianModel(r, 10, 6, rbm.Bernoulli, 1, 0)
	d, _ := Decompose(model, true)
	u, v := d.Overlap(d, nil)
	for a := range u {
		if math.Abs(u[a]-1) > 1e-12 || math.Abs(v[a]-1) > 1e-12 {
			t.Errorf("self overlap of mode %d: %g, %g", a, u[a], v[a])
		}
	}
	// A reference with its modes permuted and negated: refMode undoes it.
	perm := []int{3, 0, 5, 1, 4, 2}
	ref := &Decomposition{Visible: 10, Hidden: 6, Rank: 6, U: mat.NewDense(10, 6, nil), V: mat.NewDense(6, 6, nil)}
	for a, b := range perm {
		ref.U.SetCol(b, mat.Col(nil, a, d.U))
		ref.V.SetCol(b, mat.Col(nil, a, d.V))
		if a%2 == 0 {
			flipColumn(ref.U, b)
			flipColumn(ref.V, b)
		}
	}
	u, v = d.Overlap(ref, perm)
	for a := range u {
		if math.Abs(u[a]-1) > 1e-12 || math.Abs(v[a]-1) > 1e-12 {
			t.Errorf("permuted overlap of mode %d: %g, %g", a, u[a], v[a])
		}
	}
	u, _ = d.Overlap(ref, nil)
	if math.Abs(u[0]-1) < 1e-6 {
		t.Error("overlap ignores the reference's order")
	}
}
