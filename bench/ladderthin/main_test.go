package main

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// ladder is a 2×1 ladder stream of rungs at steps 0, 2, …, 12 whose
// parameters are the step (W = (s, −s), a = (s/2, 0), b = 1), each with a
// recorded acceptance of 0.3 (NaN at rung 0), with the ladder columns
// given (format.LadderColumns unless cols).
func ladder(t *testing.T, cols ...string) []byte {
	t.Helper()
	if cols == nil {
		cols = format.LadderColumns
	}
	var buf bytes.Buffer
	h := format.Header{Visible: 2, Hidden: 1, Units: "bernoulli"}
	w, err := format.NewWriter[format.Snapshot](&buf, h, format.Include(cols...))
	if err != nil {
		t.Fatal(err)
	}
	for k := range 7 {
		s := float32(2 * k)
		acc, pairs := 0.3, 20.0
		if k == 0 {
			acc, pairs = math.NaN(), math.NaN()
		}
		row := format.Snapshot{Epoch: int64(k / 3), Step: int64(2 * k), W: []float32{s, -s}, A: []float32{s / 2, 0}, B: []float32{1},
			ReconError: math.NaN(), PseudoLogLik: math.NaN(), TopSigma: []float64{}, Rung: int64(k), LadderAcceptance: acc, LadderPairs: pairs}
		if err := w.Write(&row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestThinAndFill(t *testing.T) {
	for _, c := range []struct {
		name  string
		o     options
		steps []int64
		w0    []float32 // W[0] of each output row: the position along the line
		known []bool    // whether the row's recorded acceptance is kept
	}{
		{"copy", options{every: 1, upto: -1}, []int64{0, 2, 4, 6, 8, 10, 12}, []float32{0, 2, 4, 6, 8, 10, 12},
			[]bool{false, true, true, true, true, true, true}},
		{"every 3", options{every: 3, upto: -1}, []int64{0, 6, 12}, []float32{0, 6, 12}, []bool{false, false, false}},
		{"every 4 keeps the last", options{every: 4, upto: -1}, []int64{0, 8, 12}, []float32{0, 8, 12}, []bool{false, false, false}},
		{"every 2 from step 4", options{every: 2, from: 4, upto: -1}, []int64{0, 2, 4, 8, 12}, []float32{0, 2, 4, 8, 12},
			[]bool{false, true, true, false, false}},
		{"segment", options{every: 1, since: 4, upto: 8}, []int64{4, 6, 8}, []float32{4, 6, 8}, []bool{false, true, true}},
		{"segment filled", options{every: 1, since: 4, upto: 8, fill: 3}, []int64{4, 4, 4, 4, 6, 6, 6, 6, 8},
			[]float32{4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8}, []bool{false, false, false, false, false, false, false, false, false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(c.o, bytes.NewReader(ladder(t)), &out); err != nil {
				t.Fatal(err)
			}
			rd, err := format.NewReader[format.Snapshot](&out, "out")
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			var steps []int64
			var w0 []float32
			var known []bool
			for rd.Next() {
				s := rd.Row()
				if s.Rung != int64(len(steps)) {
					t.Errorf("row %d is rung %d", len(steps), s.Rung)
				}
				// Every parameter lies on the line: W = (x, −x), a = (x/2, 0), b = 1.
				x := s.W[0]
				if s.W[1] != -x || math.Abs(float64(s.A[0]-x/2)) > 1e-6 || s.A[1] != 0 || s.B[0] != 1 {
					t.Errorf("row %d: W %v a %v b %v off the line", len(steps), s.W, s.A, s.B)
				}
				steps, w0 = append(steps, s.Step), append(w0, x)
				known = append(known, !math.IsNaN(s.LadderAcceptance))
				// The pairs' effective number goes with its acceptance.
				if math.IsNaN(s.LadderPairs) != math.IsNaN(s.LadderAcceptance) || !math.IsNaN(s.LadderPairs) && s.LadderPairs != 20 {
					t.Errorf("row %d: acceptance %v with pairs %v", len(steps)-1, s.LadderAcceptance, s.LadderPairs)
				}
			}
			if err := rd.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(steps, c.steps) || !slices.Equal(known, c.known) {
				t.Errorf("steps %v, acceptance kept %v; want %v, %v", steps, known, c.steps, c.known)
			}
			for i := range w0 {
				if i < len(c.w0) && math.Abs(float64(w0[i]-c.w0[i])) > 1e-6 {
					t.Errorf("W[0] %v, want %v", w0, c.w0)
					break
				}
			}
		})
	}
	if err := run(options{every: 0, upto: -1}, bytes.NewReader(ladder(t)), &bytes.Buffer{}); err == nil {
		t.Error("-every 0 accepted")
	}
}

// TestOldLadderPairs: a ladder stream written before the ladder_pairs
// column gives NaN pairs (not measured), not the reader's 0.
func TestOldLadderPairs(t *testing.T) {
	var out bytes.Buffer
	if err := run(options{every: 1, upto: -1}, bytes.NewReader(ladder(t, "rung", "ladder_acceptance")), &out); err != nil {
		t.Fatal(err)
	}
	rd, err := format.NewReader[format.Snapshot](&out, "out")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	n := 0
	for rd.Next() {
		if p := rd.Row().LadderPairs; !math.IsNaN(p) {
			t.Errorf("row %d: pairs %v from a stream without the column", n, p)
		}
		n++
	}
	if err := rd.Err(); err != nil || n != 7 {
		t.Fatalf("%d rows, err %v", n, err)
	}
}
