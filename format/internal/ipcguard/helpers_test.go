package ipcguard_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// testHeader and sampleSnapshots are format's test fixtures (stream_test.go),
// which wrote the seed corpus and the version-1 files in format/testdata.
func testHeader(n, m int) format.Header {
	h := format.Header{Visible: n, Hidden: m, Units: "bernoulli", Seed: 7, Replica: 3,
		Provenance: []format.Step{{Tool: "test", Version: "0", Args: []string{"-x", "1"}}},
		Extra:      map[string]string{"rbm.note": "hello"}}
	if n%2 == 0 { // an image shape must hold the n pixels
		h.ImageShape = []int{2, n / 2}
	}
	return h
}

func sampleSnapshots(n, m, count int) []format.Snapshot {
	var out []format.Snapshot
	for e := 0; e < count; e++ {
		s := format.Snapshot{Epoch: int64(e), Step: int64(10 * e), W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m),
			ReconError: 0.5 / float64(e+1), PseudoLogLik: -float64(e), TopSigma: []float64{3, 2, 1}[:e%3+1]}
		for i := range s.W {
			s.W[i] = float32(math.Sin(float64(i + e)))
		}
		for i := range s.A {
			s.A[i] = float32(i) - 0.5
		}
		for j := range s.B {
			s.B[j] = -float32(j)
		}
		if e == count-1 {
			s.State = []byte("resume-state")
		}
		out = append(out, s)
	}
	return out
}

func encode[T any](t testing.TB, h format.Header, rows []T, opts ...format.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := format.WriteAll(&buf, h, rows, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decode reads every example of a stream, copying each row (a reader's row
// is valid until its next call to Next).
func decode(t testing.TB, data []byte) []format.Example {
	t.Helper()
	r, err := format.NewReader[format.Example](bytes.NewReader(data), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []format.Example
	for r.Next() {
		e := *r.Row()
		e.V = append([]bool(nil), e.V...)
		out = append(out, e)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readAll[T any](data []byte) error {
	r, err := format.NewReader[T](bytes.NewReader(data), "stdin")
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
	}
	return r.Err()
}
