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
