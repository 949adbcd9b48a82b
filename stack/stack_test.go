package stack

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/rbmkit/rbmkit/format"
)

// spectrum writes a spectrum stream of a run with hidden units M: modes
// rows per snapshot, sigma = 10·replica + rank, vectors when asked.
func spectrum(t *testing.T, m, replica, snapshots int, vectors bool, extra map[string]string) []byte {
	t.Helper()
	const n = 4
	h := format.Header{Visible: n, Hidden: m, Units: "bernoulli", Seed: uint64(100 + replica), Replica: replica,
		ImageShape: []int{2, 2}, Provenance: []format.Step{{Tool: "rbm-svd", Version: "0", Args: []string{"-m", string(rune('0' + m))}}}}
	for k, v := range extra {
		h.Set(k, v)
	}
	var opts []format.WriterOption
	if !vectors {
		opts = append(opts, format.Omit("u", "v"))
	}
	opts = append(opts, format.WithBatchRows(3)) // several batches per run
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Mode](&buf, h, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for s := range snapshots {
		for r := range min(n, m) {
			row := format.Mode{Snapshot: int64(s), Epoch: int64(s), Rank: int64(r), ModeID: int64(r),
				Sigma: float64(10*replica + r), IPRU: 0.25, U: make([]float64, n), V: make([]float64, m)}
			row.U[r] = 1
			row.V[r] = 1
			if err := w.Write(&row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte, name string) *format.Stream {
	t.Helper()
	s, err := format.OpenStream(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// stacked stacks the inputs and reads the result back as a table.
func stacked(t *testing.T, opt Options, ins ...*format.Stream) (*format.Stream, []byte) {
	t.Helper()
	st, err := New(ins, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := st.Write(&out, opt.Compression); err != nil {
		t.Fatal(err)
	}
	return open(t, out.Bytes(), "stack"), out.Bytes()
}

// table collects the int64/uint64/float64 columns of a stream by name.
func table(t *testing.T, s *format.Stream) map[string][]float64 {
	t.Helper()
	cols := map[string][]float64{}
	for s.Next() {
		rec := s.Record()
		for i, f := range rec.Schema().Fields() {
			switch a := rec.Column(i).(type) {
			case *array.Int64:
				for _, v := range a.Int64Values() {
					cols[f.Name] = append(cols[f.Name], float64(v))
				}
			case *array.Uint64:
				for _, v := range a.Uint64Values() {
					cols[f.Name] = append(cols[f.Name], float64(v))
				}
			case *array.Float64:
				cols[f.Name] = append(cols[f.Name], a.Float64Values()...)
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return cols
}

func TestStackRowsAndIdentity(t *testing.T) {
	// Three runs: two replicas of M = 3 and one of M = 2, 2 snapshots each.
	a := spectrum(t, 3, 0, 2, false, map[string]string{"svd": "x", "train": "lr=0.1"})
	b := spectrum(t, 3, 1, 2, false, map[string]string{"svd": "x", "train": "lr=0.2"})
	c := spectrum(t, 2, 4, 2, false, map[string]string{"svd": "x", "train": "lr=0.1"})
	out, _ := stacked(t, Options{Step: format.Step{Tool: "rbm-stack"}},
		open(t, a, "a"), open(t, b, "b"), open(t, c, "c"))

	h := out.Header()
	if h.Kind != format.KindSpectrum || h.Visible != 4 || h.Units != "bernoulli" || len(h.ImageShape) != 2 {
		t.Errorf("shared header not kept: %+v", h)
	}
	if h.Hidden != 0 || h.Replica != 0 || h.Seed != 0 {
		t.Errorf("values that differ between runs must be 0 in the header: M %d replica %d seed %d", h.Hidden, h.Replica, h.Seed)
	}
	if v, _ := h.Get("svd"); v != "x" {
		t.Errorf("a key all runs share stays in the header, got %q", v)
	}
	if _, ok := h.Get("train"); ok {
		t.Error("a key that differs between runs must leave the header")
	}
	if len(h.Provenance) != 1 || h.Provenance[0].Tool != "rbm-stack" {
		t.Errorf("provenance %+v", h.Provenance)
	}
	runs, err := h.Runs()
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	for i, want := range []format.StackedRun{{Run: 0, Source: "a", Hidden: 3, Replica: 0, Seed: 100},
		{Run: 1, Source: "b", Hidden: 3, Replica: 1, Seed: 101}, {Run: 2, Source: "c", Hidden: 2, Replica: 4, Seed: 104}} {
		got := runs[i]
		if got.Run != want.Run || got.Source != want.Source || got.Hidden != want.Hidden || got.Replica != want.Replica || got.Seed != want.Seed {
			t.Errorf("run %d: %+v, want %+v", i, got, want)
		}
		if len(got.Provenance) != 1 || got.Provenance[0].Tool != "rbm-svd" || got.Extra["rbm.train"] == "" {
			t.Errorf("run %d keeps its provenance and its own keys: %+v", i, got)
		}
	}

	cols := table(t, out)
	// Rows in input order: each run's rows under its identity, values as written.
	var want = map[string][]float64{}
	for _, r := range []struct{ run, m, replica, seed int }{{0, 3, 0, 100}, {1, 3, 1, 101}, {2, 2, 4, 104}} {
		for s := range 2 {
			for rank := range min(4, r.m) {
				want["run"] = append(want["run"], float64(r.run))
				want["hidden"] = append(want["hidden"], float64(r.m))
				want["replica"] = append(want["replica"], float64(r.replica))
				want["seed"] = append(want["seed"], float64(r.seed))
				want["snapshot"] = append(want["snapshot"], float64(s))
				want["sigma"] = append(want["sigma"], float64(10*r.replica+rank))
			}
		}
	}
	for name, w := range want {
		if got := cols[name]; !equal(got, w) {
			t.Errorf("column %s = %v, want %v", name, got, w)
		}
	}
	if names := out.Schema().Fields(); names[0].Name != "run" || names[4].Name != "snapshot" {
		t.Errorf("identity columns first, then the kind's own: %v", out.Schema())
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTypedReadersRefuseStacks(t *testing.T) {
	_, data := stacked(t, Options{}, open(t, spectrum(t, 3, 0, 1, false, nil), "a"), open(t, spectrum(t, 3, 1, 1, false, nil), "b"))
	_, err := format.NewReader[format.Mode](bytes.NewReader(data), "all.arrows")
	if err == nil || !strings.Contains(err.Error(), "all.arrows: a stack of 2 runs' spectrum streams") {
		t.Errorf("a single-run reader must refuse a stack: %v", err)
	}
	// Nor can a stack be stacked again.
	if _, err := New([]*format.Stream{open(t, data, "all.arrows")}, Options{}); err == nil || !strings.Contains(err.Error(), "already a stack") {
		t.Errorf("stack of a stack: %v", err)
	}
}

func TestColumnsAndDrop(t *testing.T) {
	// Vectors of M = 3 and M = 2 have different list sizes.
	a := spectrum(t, 3, 0, 1, true, nil)
	b := spectrum(t, 2, 1, 1, true, nil)
	if _, err := New([]*format.Stream{open(t, a, "a"), open(t, b, "b")}, Options{}); err == nil ||
		!strings.Contains(err.Error(), `b: column "v" is not typed as in a`) || !strings.Contains(err.Error(), "-drop v") {
		t.Errorf("mismatched vector sizes: %v", err)
	}
	out, _ := stacked(t, Options{Drop: []string{"v"}}, open(t, a, "a"), open(t, b, "b"))
	if out.Schema().HasField("v") || !out.Schema().HasField("u") {
		t.Errorf("-drop v: %v", out.Schema())
	}
	out, _ = stacked(t, Options{Columns: []string{"sigma", "epoch"}}, open(t, a, "a"), open(t, b, "b"))
	var names []string
	for _, f := range out.Schema().Fields() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "run,hidden,replica,seed,sigma,epoch" {
		t.Errorf("-columns sigma,epoch gives %s", got)
	}
	if cols := table(t, out); !equal(cols["sigma"], []float64{0, 1, 2, 10, 11}) {
		t.Errorf("sigma %v", cols["sigma"])
	}
	// The same run of vectors stacks with its tensor columns intact.
	out, _ = stacked(t, Options{}, open(t, a, "a"), open(t, spectrum(t, 3, 2, 1, true, nil), "c"))
	n := 0
	for out.Next() {
		u := out.Record().Column(out.Schema().FieldIndices("u")[0]).(*array.FixedSizeList)
		vals := u.ListValues().(*array.Float64).Float64Values()
		for row := range int(out.Record().NumRows()) {
			if vals[row*4+row%3] != 1 {
				t.Errorf("u of row %d: %v", n, vals[row*4:row*4+4])
			}
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d rows, want 6", n)
	}
}

func TestErrors(t *testing.T) {
	spec := spectrum(t, 3, 0, 1, false, nil)
	spin := format.Header{Visible: 4, Hidden: 3, Units: "spin"}
	var spinBuf bytes.Buffer
	w, _ := format.NewWriter[format.Mode](&spinBuf, spin, format.Omit("u", "v"))
	w.Close()
	wide := format.Header{Visible: 5, Hidden: 3, Units: "bernoulli"}
	var wideBuf bytes.Buffer
	w, _ = format.NewWriter[format.Mode](&wideBuf, wide, format.Omit("u", "v"))
	w.Close()
	var data bytes.Buffer
	dw, _ := format.NewWriter[format.Example](&data, format.Header{Visible: 4})
	dw.Close()
	for _, tc := range []struct {
		name string
		ins  [][]byte
		opt  Options
		want string
	}{
		{"kinds", [][]byte{spec, data.Bytes()}, Options{}, "a is a spectrum stream but b is a dataset stream"},
		{"units", [][]byte{spec, spinBuf.Bytes()}, Options{}, "a has bernoulli units but b has spin: a stack holds one unit convention"},
		{"visible", [][]byte{spec, wideBuf.Bytes()}, Options{}, "a has N = 4 visible units but b has 5"},
		{"missing column", [][]byte{spectrum(t, 3, 0, 1, true, nil), spec}, Options{}, `b: columns "u", "v" are missing, but a has them: leave them out with -drop u,v`},
		{"unknown column", [][]byte{spec}, Options{Columns: []string{"sigma", "nope"}}, `no column "nope"`},
		{"unknown drop", [][]byte{spec}, Options{Drop: []string{"nope"}}, `no column "nope" to drop`},
		{"nothing left", [][]byte{spec}, Options{Columns: []string{"sigma"}, Drop: []string{"sigma"}}, "no column left"},
	} {
		var ins []*format.Stream
		for i, d := range tc.ins {
			ins = append(ins, open(t, d, string(rune('a'+i))))
		}
		if _, err := New(ins, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Error("no input must fail")
	}
}

func TestEmptyAndTruncatedInputs(t *testing.T) {
	var empty bytes.Buffer
	w, _ := format.NewWriter[format.Mode](&empty, format.Header{Visible: 4, Hidden: 3, Units: "bernoulli"}, format.Omit("u", "v"))
	w.Close()
	out, _ := stacked(t, Options{}, open(t, empty.Bytes(), "a"), open(t, empty.Bytes(), "b"))
	if cols := table(t, out); len(cols["run"]) != 0 || out.Schema().Field(0).Name != "run" {
		t.Errorf("a stack of empty runs is an empty table with its schema: %v", cols)
	}
	full := spectrum(t, 3, 0, 4, false, nil)
	cut := full[:len(full)-8] // no end-of-stream marker
	st, err := New([]*format.Stream{open(t, full, "a"), open(t, cut, "b")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(&bytes.Buffer{}, format.None); err == nil || !strings.Contains(err.Error(), "b: truncated") {
		t.Errorf("a truncated input must fail the stack: %v", err)
	}
}

func TestRunsJSONIsPlain(t *testing.T) {
	// Python readers decode rbm.runs with json.loads: check the keys.
	_, data := stacked(t, Options{}, open(t, spectrum(t, 3, 0, 1, false, nil), "a"))
	s := open(t, data, "x")
	raw, _ := s.Header().Get(format.KeyRuns)
	var runs []map[string]any
	if err := json.Unmarshal([]byte(raw), &runs); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"run", "source", "hidden", "replica", "seed", "provenance"} {
		if _, ok := runs[0][k]; !ok {
			t.Errorf("rbm.runs lacks %q: %s", k, raw)
		}
	}
}

// A stack never carries what its inputs' own readers refuse: a checkpoint
// with non-finite weights (which the checkpoint reader refuses row by row)
// fails the stack as it passes, and the stack's output is not a stream.
func TestRefusesWhatReadersRefuse(t *testing.T) {
	h := format.Header{Visible: 2, Hidden: 1, Units: "bernoulli"}
	checkpoint := func(w0 float32) []byte {
		var buf bytes.Buffer
		w, err := format.NewWriter[format.Snapshot](&buf, h)
		if err != nil {
			t.Fatal(err)
		}
		for e := range 3 {
			s := format.Snapshot{Epoch: int64(e), W: []float32{1, 2}, A: []float32{0, 0}, B: []float32{0}}
			if e == 2 {
				s.W[0] = w0
			}
			if err := w.Write(&s); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	bad := checkpoint(float32(math.NaN()))
	rd, _ := format.NewReader[format.Snapshot](bytes.NewReader(bad), "bad")
	for rd.Next() {
	}
	if rd.Err() == nil {
		t.Fatal("the checkpoint reader accepts the NaN weight: the test shows nothing")
	}
	for _, c := range []struct {
		data []byte
		ok   bool
	}{{checkpoint(3), true}, {bad, false}} {
		st, err := New([]*format.Stream{open(t, checkpoint(1), "a"), open(t, c.data, "b")}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.Write(io.Discard, format.None)
		if (err == nil) != c.ok || !c.ok && !strings.Contains(err.Error(), "non-finite") {
			t.Errorf("ok %v: %v", c.ok, err)
		}
	}
}
