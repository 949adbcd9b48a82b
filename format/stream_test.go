package format

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func testHeader(n, m int) Header {
	h := Header{Visible: n, Hidden: m, Units: "bernoulli", Seed: 7, Replica: 3,
		Provenance: []Step{{Tool: "test", Version: "0", Args: []string{"-x", "1"}}},
		Extra:      map[string]string{"rbm.note": "hello"}}
	if n%2 == 0 { // an image shape must hold the n pixels
		h.ImageShape = []int{2, n / 2}
	}
	return h
}

func encode[T any](t testing.TB, h Header, rows []T, opts ...WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAll(&buf, h, rows, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decode[T any](t testing.TB, data []byte) (Header, []T) {
	t.Helper()
	r, err := NewReader[T](bytes.NewReader(data), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []T
	for r.Next() {
		out = append(out, deepCopy(*r.Row()))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Header(), out
}

func deepCopy[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	out := reflect.New(src.Type()).Elem()
	out.Set(src)
	for i := 0; i < src.NumField(); i++ {
		if f := src.Field(i); f.Kind() == reflect.Slice && !f.IsNil() {
			c := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			reflect.Copy(c, f)
			out.Field(i).Set(c)
		}
	}
	return out.Interface().(T)
}

func sampleSnapshots(n, m, count int) []Snapshot {
	var out []Snapshot
	for e := 0; e < count; e++ {
		s := Snapshot{Epoch: int64(e), Step: int64(10 * e), W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m),
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

func TestRoundTrip(t *testing.T) {
	for _, c := range []Compression{None, Zstd, LZ4} {
		t.Run(string(c), func(t *testing.T) {
			h := testHeader(6, 4)
			snaps := sampleSnapshots(6, 4, 5)
			gotH, got := decode[Snapshot](t, encode(t, h, snaps, WithCompression(c)))
			if !reflect.DeepEqual(got, snaps) {
				t.Fatalf("checkpoint rows differ:\n got %+v\nwant %+v", got, snaps)
			}
			h.Kind, h.Version = KindCheckpoint, 2
			if !reflect.DeepEqual(gotH, h) {
				t.Fatalf("header differs:\n got %+v\nwant %+v", gotH, h)
			}

			var exs []Example
			for i := 0; i < 10000; i++ { // crosses the default batch size
				v := make([]bool, 6)
				for j := range v {
					v[j] = (i>>j)&1 == 1
				}
				exs = append(exs, Example{V: v, Label: int32(i % 10)})
			}
			_, gotEx := decode[Example](t, encode(t, testHeader(6, 0), exs, WithCompression(c)))
			if !reflect.DeepEqual(gotEx, exs) {
				t.Fatal("dataset rows differ")
			}

			modes := []Mode{{Snapshot: 0, Rank: 0, ModeID: 0, Sigma: 2, U: []float64{1, 0, 0, 0, 0, 0}, V: []float64{0, 1, 0, 0}},
				{Snapshot: 1, Epoch: 3, Step: 30, Rank: 1, ModeID: 4, Sigma: 0.5, U: make([]float64, 6), V: make([]float64, 4)}}
			_, gotModes := decode[Mode](t, encode(t, testHeader(6, 4), modes, WithCompression(c)))
			if !reflect.DeepEqual(gotModes, modes) {
				t.Fatalf("spectrum rows differ: %+v", gotModes)
			}
		})
	}
}

func TestOptionalColumns(t *testing.T) {
	exs := []Example{{V: []bool{true, false}}, {V: []bool{false, true}}}
	data := encode(t, testHeader(2, 0), exs, Omit("label"))
	r, err := NewReader[Example](bytes.NewReader(data), "x")
	if err != nil {
		t.Fatal(err)
	}
	if r.Has("label") {
		t.Fatal("omitted label column reported present")
	}
	if _, err := NewWriter[Snapshot](io.Discard, testHeader(2, 2), Omit("W")); err == nil {
		t.Fatal("omitting the required column W was accepted")
	}
}

// Same rows, same header: same bytes, whatever the compression.
func TestDeterministicBytes(t *testing.T) {
	for _, c := range []Compression{None, Zstd, LZ4} {
		a := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 3), WithCompression(c))
		b := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 3), WithCompression(c))
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: two writes of the same rows differ", c)
		}
	}
}

// Checkpoint version 2 (what polars reads): W is N fixed-size lists of M
// float32, row i the couplings of visible unit i, without extension
// metadata; state is a nullable list of bytes. Checked on the Arrow arrays
// themselves, not through the package's reader.
func TestCheckpointLayout(t *testing.T) {
	const n, m = 6, 4
	snaps := sampleSnapshots(n, m, 3)
	s, err := OpenStream(bytes.NewReader(encode(t, testHeader(n, m), snaps)), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Header().Version != 2 {
		t.Fatalf("checkpoint format version %d, want 2", s.Header().Version)
	}
	wi, si := s.Schema().FieldIndices("W")[0], s.Schema().FieldIndices("state")[0]
	f := s.Schema().Field(wi)
	want := arrow.FixedSizeListOfNonNullable(n, arrow.FixedSizeListOfNonNullable(m, arrow.PrimitiveTypes.Float32))
	if !arrow.TypeEqual(f.Type, want) || f.HasMetadata() {
		t.Fatalf("W is %v with metadata %v, want %v without", f.Type, f.Metadata, want)
	}
	if st := s.Schema().Field(si); !arrow.TypeEqual(st.Type, arrow.ListOfNonNullable(arrow.PrimitiveTypes.Uint8)) || !st.Nullable {
		t.Fatalf("state is %v (nullable %v), want a nullable list<uint8>", st.Type, st.Nullable)
	}
	row := 0
	for s.Next() {
		rec := s.Record()
		rows := rec.Column(wi).(*array.FixedSizeList)
		values := rows.ListValues().(*array.FixedSizeList).ListValues().(*array.Float32).Float32Values()
		for k := 0; k < int(rec.NumRows()); k, row = k+1, row+1 {
			for i := 0; i < n; i++ {
				for j := 0; j < m; j++ {
					if got := values[(k*n+i)*m+j]; got != snaps[row].W[i*m+j] {
						t.Fatalf("snapshot %d: W[%d][%d] = %v, want %v", row, i, j, got, snaps[row].W[i*m+j])
					}
				}
			}
			state := rec.Column(si).(*array.List)
			if snaps[row].State == nil {
				if !state.IsNull(k) {
					t.Fatalf("snapshot %d: state not null", row)
				}
				continue
			}
			lo, hi := state.ValueOffsets(k)
			if got := state.ListValues().(*array.Uint8).Uint8Values()[lo:hi]; !bytes.Equal(got, snaps[row].State) {
				t.Fatalf("snapshot %d: state %q, want %q", row, got, snaps[row].State)
			}
		}
	}
	if err := s.Err(); err != nil || row != len(snaps) {
		t.Fatalf("%d rows, err %v", row, err)
	}
}

// Checkpoints of format version 1 (flat W with the fixed-shape tensor
// extension, binary state), written by rbmkit before version 2
// (testdata/README.md), read as they always did, one run or stacked.
func TestCheckpointVersion1(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	h, got := decode[Snapshot](t, read("checkpoint-v1.arrows"))
	if want := sampleSnapshots(6, 4, 3); h.Version != 1 || !reflect.DeepEqual(got, want) {
		t.Fatalf("version %d, rows\n got %+v\nwant %+v", h.Version, got, want)
	}
	h, got = decode[Snapshot](t, read("train-v1.arrows"))
	if h.Version != 1 || h.Visible != 784 || h.Hidden != 2 || len(got) != 2 || got[1].Step != 7 || len(got[1].State) == 0 || len(got[1].W) != 784*2 {
		t.Fatalf("train-v1.arrows: header %+v, %d rows", h, len(got))
	}
	// The real run's W and state, as Arrow's own reader sees the columns.
	ir, err := ipc.NewReader(bytes.NewReader(read("train-v1.arrows")))
	if err != nil {
		t.Fatal(err)
	}
	defer ir.Release()
	for row := 0; ir.Next(); {
		rec := ir.Record()
		w := rec.Column(rec.Schema().FieldIndices("W")[0]).(*array.FixedSizeList)
		state := rec.Column(rec.Schema().FieldIndices("state")[0]).(*array.Binary)
		for k := 0; k < int(rec.NumRows()); k, row = k+1, row+1 {
			lo, hi := w.ValueOffsets(k)
			if !slices.Equal(w.ListValues().(*array.Float32).Float32Values()[lo:hi], got[row].W) || !bytes.Equal(state.Value(k), got[row].State) {
				t.Fatalf("train-v1.arrows snapshot %d: W or state differ from the Arrow columns", row)
			}
		}
	}
	rd, err := NewStackReader[Snapshot](bytes.NewReader(read("stack-v1.arrows")), "stack")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	want := sampleSnapshots(6, 4, 3)
	for k := 0; rd.Next(); k++ {
		if s := deepCopy(*rd.Row()); rd.Run() != k/3 || !reflect.DeepEqual(s, want[k%3]) {
			t.Fatalf("stacked row %d of run %d: %+v, want %+v", k, rd.Run(), s, want[k%3])
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}

	// The version says the layout: version 1's flat W under a header that
	// says 2 is refused, and so is version 2's nested W under version 1.
	relabel := func(data []byte, version string) []byte {
		s, err := OpenStream(bytes.NewReader(data), "x")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		md := s.Schema().Metadata()
		keys, values := slices.Clone(md.Keys()), slices.Clone(md.Values())
		values[slices.Index(keys, KeyFormat)] = version
		meta := arrow.NewMetadata(keys, values)
		sch := arrow.NewSchema(s.Schema().Fields(), &meta)
		var buf bytes.Buffer
		iw := ipc.NewWriter(&buf, ipc.WithSchema(sch))
		for s.Next() {
			iw.Write(array.NewRecord(sch, s.Record().Columns(), s.Record().NumRows()))
		}
		iw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name, want string
		data       []byte
	}{
		{"flat W labelled 2", `column "W" has type fixed_size_list<item: float32>[24], expected fixed_size_list<item: fixed_size_list<item: float32>[4]>[6]`,
			relabel(read("checkpoint-v1.arrows"), "2")},
		{"nested W labelled 1", `column "W" has type fixed_size_list<item: fixed_size_list<item: float32>[4]>[6], expected fixed_size_list<item: float32>[24]`,
			relabel(encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 1)), "1")},
	} {
		if err := readAll[Snapshot](c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// A stream written by another Arrow writer with its own conventions
// (nullable list items, extra columns, the IPC file format) reads fine.
func TestForeignWriter(t *testing.T) {
	h := testHeader(3, 0)
	h.Kind, h.Version = KindDataset, 1
	md := h.Metadata()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "extra", Type: arrow.PrimitiveTypes.Float64},
		{Name: "v", Type: arrow.FixedSizeListOf(3, arrow.FixedWidthTypes.Boolean), Nullable: true},
	}, &md)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	b.Field(0).(*array.Float64Builder).Append(1.5)
	lb := b.Field(1).(*array.FixedSizeListBuilder)
	lb.Append(true)
	lb.ValueBuilder().(*array.BooleanBuilder).AppendValues([]bool{true, false, true}, nil)
	rec := b.NewRecord()
	file, err := os.Create(filepath.Join(t.TempDir(), "foreign.arrow"))
	if err != nil {
		t.Fatal(err)
	}
	fw, err := ipc.NewFileWriter(file, ipc.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	fw.Close()
	data, err := os.ReadFile(file.Name())
	if err != nil {
		t.Fatal(err)
	}
	_, rows := decode[Example](t, data)
	if len(rows) != 1 || !reflect.DeepEqual(rows[0].V, []bool{true, false, true}) {
		t.Fatalf("rows = %+v", rows)
	}
}

func TestBadInput(t *testing.T) {
	good := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 3))
	dataset := encode(t, testHeader(6, 0), []Example{{V: make([]bool, 6)}})
	nan := sampleSnapshots(6, 4, 2)
	nan[1].W[5] = float32(math.NaN())
	newer := func() []byte {
		h := testHeader(6, 4)
		var buf bytes.Buffer
		w, _ := NewWriter[Snapshot](&buf, h)
		w.header.Version = 99
		// Rebuild the schema with the newer version in its metadata.
		h.Kind, h.Version = KindCheckpoint, 99
		sch, _ := w.lay.schema(h, nil)
		iw := ipc.NewWriter(&buf, ipc.WithSchema(sch))
		buf.Reset()
		b := array.NewRecordBuilder(memory.DefaultAllocator, sch)
		rec := b.NewRecord()
		iw.Write(rec)
		iw.Close()
		return buf.Bytes()
	}()
	shape := func() []byte { // header says 6×4, columns hold 5×4
		h := testHeader(5, 4)
		data := encode(t, h, sampleSnapshots(5, 4, 1))
		s, _ := OpenStream(bytes.NewReader(data), "x")
		h6 := testHeader(6, 4)
		h6.Kind, h6.Version = KindCheckpoint, 2
		md := h6.Metadata()
		sch := arrow.NewSchema(s.Schema().Fields(), &md)
		var buf bytes.Buffer
		iw := ipc.NewWriter(&buf, ipc.WithSchema(sch))
		for s.Next() {
			iw.Write(array.NewRecord(sch, s.Record().Columns(), s.Record().NumRows()))
		}
		iw.Close()
		return buf.Bytes()
	}()
	plainArrow := func() []byte {
		sch := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil)
		var buf bytes.Buffer
		iw := ipc.NewWriter(&buf, ipc.WithSchema(sch))
		iw.Write(array.NewRecordBuilder(memory.DefaultAllocator, sch).NewRecord())
		iw.Close()
		return buf.Bytes()
	}()
	for _, c := range []struct {
		name, want string
		data       []byte
	}{
		{"empty", "empty input", nil},
		{"text", "not an Arrow IPC stream", []byte("epoch,W\n1,2\n")},
		{"wrong kind", "expected a checkpoint stream, got a dataset stream", dataset},
		{"newer version", "format version 99 is newer than this rbmkit reads (2)", newer},
		{"cut in a message", "truncated", good[:len(good)-40]},
		{"cut at a message boundary", "truncated stream", good[:len(good)-8]},
		{"cut in the schema", "not an Arrow IPC stream", good[:20]},
		{"mismatched shapes", "mismatched shapes: column \"W\" holds 5×4 values per row, but the header's shape 6×4 needs 6×4", shape},
		{"non-finite weights", "W[5] is NaN", encode(t, testHeader(6, 4), nan)},
		{"not rbmkit", "not an rbmkit stream", plainArrow},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := readAll[Snapshot](c.data)
			if err == nil {
				t.Fatalf("no error, want one containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "stdin: ") {
				t.Fatalf("error %q, want it to start with the name and contain %q", err, c.want)
			}
		})
	}
}

func readAll[T any](data []byte) error {
	r, err := NewReader[T](bytes.NewReader(data), "stdin")
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
	}
	return r.Err()
}

func TestEmptyStreamKeepsHeader(t *testing.T) {
	data := encode[Mode](t, testHeader(6, 4), nil)
	h, rows := decode[Mode](t, data)
	if len(rows) != 0 || h.Kind != KindSpectrum || h.Visible != 6 {
		t.Fatalf("empty stream: header %+v, %d rows", h, len(rows))
	}
}

func TestDeriveAppendsProvenance(t *testing.T) {
	h := testHeader(6, 4)
	d := h.Derive(KindSpectrum, Step{Tool: "rbm-svd", Version: "1"})
	if len(d.Provenance) != 2 || len(h.Provenance) != 1 || d.Provenance[1].Tool != "rbm-svd" || d.Kind != KindSpectrum {
		t.Fatalf("derived provenance %+v from %+v", d.Provenance, h.Provenance)
	}
	d.Extra["rbm.note"] = "changed"
	if h.Extra["rbm.note"] != "hello" {
		t.Fatal("Derive shares the Extra map with its parent")
	}
}

// Extra columns (the checkpoint's log Z columns) are absent unless the
// writer includes them, and read back as written when present.
func TestExtraColumns(t *testing.T) {
	h := Header{Visible: 2, Hidden: 1, Units: Bernoulli}
	row := Snapshot{W: []float32{1, 2}, A: []float32{0, 0}, B: []float32{0}, LogZ: 3.5, TestLogLik: -1.25, LogZState: []byte{7}}
	for _, include := range [][]string{nil, {"logz", "test_loglik", "logz_state"}} {
		var buf bytes.Buffer
		w, err := NewWriter[Snapshot](&buf, h, Include(include...))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&row); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r, err := NewReader[Snapshot](bytes.NewReader(buf.Bytes()), "extra")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range TrajectoryColumns {
			if want := slices.Contains(include, c); r.Has(c) != want {
				t.Errorf("include %v: column %s present %v, want %v", include, c, r.Has(c), want)
			}
		}
		if !r.Next() {
			t.Fatal(r.Err())
		}
		got := r.Row()
		if include != nil && (got.LogZ != 3.5 || got.TestLogLik != -1.25 || !bytes.Equal(got.LogZState, []byte{7})) {
			t.Errorf("read back logz %v test_loglik %v state %v", got.LogZ, got.TestLogLik, got.LogZState)
		}
		if include == nil && (got.LogZ != 0 || got.LogZState != nil) {
			t.Errorf("without the columns: logz %v state %v, want zero values", got.LogZ, got.LogZState)
		}
		r.Close()
	}
}
