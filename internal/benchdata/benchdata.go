package benchdata

import (
	"os"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/idx"
	"github.com/rbmkit/rbmkit/internal/mnist"
	"github.com/rbmkit/rbmkit/rbm"
)

// LastModel returns the last snapshot of the checkpoint stream at path as
// a Bernoulli model, failing tb if there is none (benchmarks on trained
// models: bench/gibbs.sh, bench/ais.sh).
func LastModel(tb testing.TB, path string) *rbm.Model {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader[format.Snapshot](f, path)
	if err != nil {
		tb.Fatal(err)
	}
	h := rd.Header()
	var m *rbm.Model
	for rd.Next() {
		s := rd.Row()
		m = &rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: rbm.Bernoulli,
			W: append([]float32(nil), s.W...), A: append([]float32(nil), s.A...), B: append([]float32(nil), s.B...)}
	}
	if err := rd.Err(); err != nil || m == nil {
		tb.Fatalf("%s: no snapshot (%v)", path, err)
	}
	return m
}

// Digits returns the first count images of the IDX file name (e.g.
// "train10k-images-idx3-ubyte.gz"; all of them when count ≤ 0), binarized
// at 128 as rbm-data does by default.
func Digits(tb testing.TB, name string, count int) [][]bool {
	tb.Helper()
	f, err := os.Open(mnist.File(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	images, err := idx.ReadImages(f, name)
	if err != nil {
		tb.Fatal(err)
	}
	size := images.Rows * images.Cols
	n := len(images.Pixels) / size
	if count > 0 {
		n = min(n, count)
	}
	out := make([][]bool, n)
	for k := range out {
		out[k] = make([]bool, size)
		for i, p := range images.Pixels[k*size : (k+1)*size] {
			out[k][i] = p >= 128
		}
	}
	return out
}
