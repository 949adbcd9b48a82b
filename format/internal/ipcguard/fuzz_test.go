package ipcguard_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// FuzzReader feeds arbitrary bytes to the typed readers: they may reject
// them, but must not panic, and whatever rows they accept must satisfy the
// header's shape.
//
// Its inputs are kilobytes, which Go's minimizer (run on every input that
// finds new coverage, 60 s at most by default, uncounted) takes minutes
// to shrink: fuzz with -fuzzminimizetime=1000x, as make fuzz does, or a
// brief run does nothing but minimize its first find.
func FuzzReader(f *testing.F) {
	f.Add(encode(f, testHeader(6, 4), sampleSnapshots(6, 4, 2)))
	f.Add(encode(f, testHeader(6, 4), sampleSnapshots(6, 4, 2), format.WithCompression(format.Zstd)))
	f.Add(encode(f, testHeader(6, 4), sampleSnapshots(6, 4, 1), format.WithCompression(format.LZ4)))
	f.Add(arrowFile(f, encode(f, testHeader(6, 0), []format.Example{{V: make([]bool, 6), Label: 3}})))
	f.Add(encode(f, testHeader(6, 0), []format.Example{{V: make([]bool, 6), Label: 3}}))
	f.Add(encode(f, testHeader(6, 4), []format.Mode{{Sigma: 1, U: make([]float64, 6), V: make([]float64, 4)}}))
	f.Add([]byte{})
	for _, name := range []string{"checkpoint-v1.arrows", "stack-v1.arrows"} { // format version 1
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := format.NewReader[format.Snapshot](bytes.NewReader(data), "fuzz"); err == nil {
			h := r.Header()
			for r.Next() {
				s := r.Row()
				if len(s.W) != h.Visible*h.Hidden || len(s.A) != h.Visible || len(s.B) != h.Hidden {
					t.Fatalf("accepted a snapshot of %d/%d/%d values for shape %d×%d", len(s.W), len(s.A), len(s.B), h.Visible, h.Hidden)
				}
			}
			r.Close()
		}
		if r, err := format.NewReader[format.Example](bytes.NewReader(data), "fuzz"); err == nil {
			for r.Next() {
				if len(r.Row().V) != r.Header().Visible {
					t.Fatalf("accepted an example of %d values for %d visible units", len(r.Row().V), r.Header().Visible)
				}
			}
			r.Close()
		}
		if s, err := format.OpenStream(bytes.NewReader(data), "fuzz"); err == nil {
			for s.Next() {
			}
			s.Close()
		}
	})
}
