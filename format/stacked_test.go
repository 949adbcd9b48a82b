package format

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// stackHeader is a header listing runs of these hidden sizes.
func stackHeader(t *testing.T, hidden ...int) Header {
	t.Helper()
	h := Header{Visible: 4, Units: "bernoulli"}
	var runs []StackedRun
	for k, m := range hidden {
		runs = append(runs, StackedRun{Run: k, Source: "run", Hidden: m, Replica: k, Seed: uint64(10 + k)})
	}
	b, err := json.Marshal(runs)
	if err != nil {
		t.Fatal(err)
	}
	h.Set(KeyRuns, string(b))
	return h
}

func TestStackWriterReader(t *testing.T) {
	h := stackHeader(t, 2, 3)
	if _, err := NewStackWriter[Mode](&bytes.Buffer{}, h); err == nil || !strings.Contains(err.Error(), `column "v"`) {
		t.Fatalf("vectors of runs of different M: %v", err)
	}
	if _, err := NewWriter[Mode](&bytes.Buffer{}, h); err == nil || !strings.Contains(err.Error(), "NewStackWriter") {
		t.Fatalf("NewWriter of a stack header: %v", err)
	}
	var buf bytes.Buffer
	w, err := NewStackWriter[Mode](&buf, h, Omit("u", "v"), WithBatchRows(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []int{0, 0, 0, 1, 1} {
		if err := w.Write(run, &Mode{Rank: int64(run), Sigma: float64(10 * run)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write(2, &Mode{}); err == nil {
		t.Fatal("a run the header does not list was written")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := NewReader[Mode](bytes.NewReader(buf.Bytes()), "s"); err == nil || !strings.Contains(err.Error(), "a stack of 2 runs") {
		t.Fatalf("single-run reader: %v", err)
	}
	if _, err := NewStackReader[Fit](bytes.NewReader(buf.Bytes()), "s"); err == nil || !strings.Contains(err.Error(), "expected a stack of mpfit streams, got a stack of spectrum streams") {
		t.Fatalf("wrong kind: %v", err)
	}
	rd, err := NewStackReader[Mode](bytes.NewReader(buf.Bytes()), "s")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if s := rd.s.Schema(); s.Field(0).Name != "run" || s.Field(3).Name != "seed" || s.Field(4).Name != "snapshot" {
		t.Fatalf("schema %v", s)
	}
	var got []int
	for rd.Next() {
		if rh := rd.RunHeader(); rd.Row().Sigma != float64(10*rd.Run()) || rh.Hidden != 2+rd.Run() || rh.Seed != uint64(10+rd.Run()) {
			t.Fatalf("row %+v of run %d, header %+v", rd.Row(), rd.Run(), rh)
		}
		got = append(got, rd.Run())
	}
	if err := rd.Err(); err != nil || len(got) != 5 || got[2] != 0 || got[3] != 1 || len(rd.Runs()) != 2 {
		t.Fatalf("runs %v, err %v", got, err)
	}

	// Runs of one M share vectors, checked against each run's shape.
	buf.Reset()
	w, err = NewStackWriter[Mode](&buf, stackHeader(t, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(1, &Mode{U: make([]float64, 4), V: make([]float64, 3)}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	rd2, err := NewStackReader[Mode](bytes.NewReader(buf.Bytes()), "s")
	if err != nil {
		t.Fatal(err)
	}
	defer rd2.Close()
	if !rd2.Next() || rd2.Run() != 1 || len(rd2.Row().V) != 3 {
		t.Fatalf("vectors: %v", rd2.Err())
	}

	// One run's stream is not a stack.
	buf.Reset()
	w1, _ := NewWriter[Mode](&buf, Header{Visible: 4, Hidden: 2, Units: "bernoulli"}, Omit("u", "v"))
	w1.Close()
	if _, err := NewStackReader[Mode](bytes.NewReader(buf.Bytes()), "one"); err == nil || !strings.Contains(err.Error(), "not a stack of runs") {
		t.Fatalf("one run: %v", err)
	}
}

// Checkpoints stack with their matrix W when the runs share M, and the
// probe of runs of different M names W as written (nested lists).
func TestStackedCheckpoints(t *testing.T) {
	if _, err := NewStackWriter[Snapshot](&bytes.Buffer{}, stackHeader(t, 2, 3)); err == nil ||
		!strings.Contains(err.Error(), `column "W" is fixed_size_list<item: fixed_size_list<item: float32>[2]>[4] for run 0`) {
		t.Fatalf("W of runs of different M: %v", err)
	}
	var buf bytes.Buffer
	w, err := NewStackWriter[Snapshot](&buf, stackHeader(t, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	snaps := sampleSnapshots(4, 3, 2)
	for k := range snaps {
		if err := w.Write(1-k, &snaps[k]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rd, err := NewStackReader[Snapshot](bytes.NewReader(buf.Bytes()), "s")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for k := 0; rd.Next(); k++ {
		if got := deepCopy(*rd.Row()); rd.Run() != 1-k || !reflect.DeepEqual(got, snaps[k]) {
			t.Fatalf("row %d of run %d: %+v, want %+v", k, rd.Run(), got, snaps[k])
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestReadStackTable: some columns of a stack, read as numbers, strings, a
// list's first value and NaN for an empty list, with the run identity
// columns, and checked as the typed readers check a stack.
func TestReadStackTable(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewStackWriter[Snapshot](&buf, stackHeader(t, 3, 3), WithBatchRows(2))
	if err != nil {
		t.Fatal(err)
	}
	for k, run := range []int{0, 0, 1} {
		s := Snapshot{Epoch: int64(5 * k), ReconError: 0.25 * float64(k), W: make([]float32, 12), A: make([]float32, 4), B: make([]float32, 3)}
		if k > 0 {
			s.TopSigma = []float64{float64(k) + 0.5, 1}
		}
		if err := w.Write(run, &s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	tab, err := ReadStackTable(bytes.NewReader(data), "s", KindCheckpoint, []string{"epoch", "top_sigma", "recon_error"}, []string{"logz", "step"})
	if err != nil {
		t.Fatal(err)
	}
	num := func(c string) []float64 { return tab.Num[c] }
	if tab.Rows != 3 || len(tab.Runs) != 2 || tab.Runs[1].Replica != 1 ||
		!reflect.DeepEqual(num("hidden"), []float64{3, 3, 3}) || !reflect.DeepEqual(num("replica"), []float64{0, 0, 1}) || !reflect.DeepEqual(num("run"), []float64{0, 0, 1}) ||
		!reflect.DeepEqual(num("epoch"), []float64{0, 5, 10}) || !reflect.DeepEqual(num("recon_error"), []float64{0, 0.25, 0.5}) ||
		!reflect.DeepEqual(num("step"), []float64{0, 0, 0}) || tab.Num["logz"] != nil {
		t.Fatalf("table %d rows, runs %+v, columns %v", tab.Rows, tab.Runs, tab.Num)
	}
	if ts := num("top_sigma"); len(ts) != 3 || ts[0] == ts[0] || ts[1] != 1.5 || ts[2] != 2.5 {
		t.Fatalf("top_sigma's first values %v, want NaN, 1.5, 2.5", ts)
	}
	if _, err := ReadStackTable(bytes.NewReader(data), "s", KindCheckpoint, []string{"pseudo_lik"}, nil); err == nil || !strings.Contains(err.Error(), `checkpoint stack has no column "pseudo_lik"`) {
		t.Fatalf("a missing column: %v", err)
	}
	if _, err := ReadStackTable(bytes.NewReader(data), "s", KindSpectrum, nil, nil); err == nil || !strings.Contains(err.Error(), "expected a stack of spectrum streams, got a stack of checkpoint streams") {
		t.Fatalf("wrong kind: %v", err)
	}

	buf.Reset()
	h := Header{Visible: 4, Hidden: 2, Units: "bernoulli"}
	if err := WriteAll(&buf, h, []Estimate{{Method: "ais", Quantity: "logz", Value: 3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadStackTable(bytes.NewReader(buf.Bytes()), "one", KindFreeEnergy, nil, nil); err == nil || !strings.Contains(err.Error(), "one: a freeenergy stream of one run, not a stack of runs") {
		t.Fatalf("one run's stream: %v", err)
	}
	buf.Reset()
	w2, err := NewStackWriter[Estimate](&buf, stackHeader(t, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Write(0, &Estimate{Method: "ais", Quantity: "logz", Value: 3}); err != nil {
		t.Fatal(err)
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	tab, err = ReadStackTable(bytes.NewReader(buf.Bytes()), "s", KindFreeEnergy, []string{"method", "quantity", "value", "converged"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Str["method"], []string{"ais"}) || !reflect.DeepEqual(tab.Str["quantity"], []string{"logz"}) ||
		!reflect.DeepEqual(tab.Num["value"], []float64{3}) || !reflect.DeepEqual(tab.Num["converged"], []float64{0}) {
		t.Fatalf("strings %v, numbers %v", tab.Str, tab.Num)
	}
}
