package spectral

import (
	"fmt"
	"testing"

	_ "github.com/rbmkit/rbmkit/backend" // OpenBLAS under -tags openblas
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// BenchmarkDecompose times the SVD of a Gaussian N(0, 0.01²) W (float32
// converted to float64, as in Decompose) on MNIST-sized shapes, values
// only and with thin vectors. bench/ compares it with numpy.linalg.svd.
func BenchmarkDecompose(b *testing.B) {
	for _, sh := range []struct{ n, m int }{{784, 500}, {784, 2000}} {
		model := gaussianModel(rng.New(20, 0, "bench"), sh.n, sh.m, rbm.Bernoulli, 0.01, 0)
		for _, vectors := range []bool{false, true} {
			name := "values"
			if vectors {
				name = "vectors"
			}
			b.Run(fmt.Sprintf("%dx%d/%s", sh.n, sh.m, name), func(b *testing.B) {
				for b.Loop() {
					if _, err := Decompose(model, vectors); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkTrackerNext times matching one 784×500 snapshot to the
// previous one (overlap products and the Hungarian assignment).
func BenchmarkTrackerNext(b *testing.B) {
	r := rng.New(21, 0, "bench tracker")
	model := gaussianModel(r, 784, 500, rbm.Bernoulli, 0.01, 0)
	d, _ := Decompose(model, true)
	for i := range model.W {
		model.W[i] += float32(1e-4 * r.NormFloat64())
	}
	d2, _ := Decompose(model, true)
	t := NewTracker()
	t.Next(d)
	for b.Loop() {
		t.Next(d2)
	}
}

// BenchmarkReciprocalStats times projecting 1024 random binary
// configurations on all modes of a 784×500 model.
func BenchmarkReciprocalStats(b *testing.B) {
	r := rng.New(22, 0, "bench reciprocal")
	model := gaussianModel(r, 784, 500, rbm.Bernoulli, 0.01, 0)
	d, _ := Decompose(model, true)
	data := make([][]float32, 1024)
	for e := range data {
		data[e] = to32(configuration(r, 784, rbm.Bernoulli))
	}
	for b.Loop() {
		st, _ := NewReciprocalStats(d, model, 0)
		for _, v := range data {
			st.Add(v)
		}
		st.Samples()
	}
}

// BenchmarkPCA times the covariance of 10 000 random binary 784-pixel
// vectors and its top 50 principal components.
func BenchmarkPCA(b *testing.B) {
	r := rng.New(23, 0, "bench pca")
	data := make([][]float32, 10000)
	for e := range data {
		data[e] = to32(configuration(r, 784, rbm.Bernoulli))
	}
	for b.Loop() {
		if _, err := PCA(data, 50); err != nil {
			b.Fatal(err)
		}
	}
}
