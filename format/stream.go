package format

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/rbmkit/rbmkit/format/internal/ipcguard"
)

// Compression selects the IPC body compression of a written stream.
type Compression string

// The supported compressions. Zstd pays off on bit-packed samples and
// datasets, hardly on float weights.
const (
	None Compression = "none"
	Zstd Compression = "zstd"
	LZ4  Compression = "lz4"
)

// ParseCompression accepts "none" (or ""), "zstd" and "lz4".
func ParseCompression(s string) (Compression, error) {
	switch Compression(s) {
	case "", None:
		return None, nil
	case Zstd, LZ4:
		return Compression(s), nil
	}
	return "", fmt.Errorf("unknown compression %q (want none, zstd or lz4)", s)
}

// WriterOption configures a Writer.
type WriterOption func(*writerConfig)

type writerConfig struct {
	compression Compression
	batchRows   int
	omit        map[string]bool
	include     map[string]bool
}

// WithCompression compresses record batch bodies.
func WithCompression(c Compression) WriterOption {
	return func(w *writerConfig) { w.compression = c }
}

// WithBatchRows sets how many rows make one record batch.
func WithBatchRows(n int) WriterOption {
	return func(w *writerConfig) { w.batchRows = n }
}

// Include puts extra columns (tag option extra) in the schema.
func Include(columns ...string) WriterOption {
	return func(w *writerConfig) {
		for _, c := range columns {
			w.include[c] = true
		}
	}
}

// Omit leaves optional columns out of the schema.
func Omit(columns ...string) WriterOption {
	return func(w *writerConfig) {
		for _, c := range columns {
			w.omit[c] = true
		}
	}
}

// Writer writes a stream of rows of type T, the row type of one kind.
type Writer[T any] struct {
	header  Header
	lead    int // run identity columns in front (StackWriter), or 0
	lay     *layout
	schema  *arrow.Schema
	builder *array.RecordBuilder
	cols    []int // layout column index of each schema field
	sizes   []int // fixed list size per schema field (0 if none)
	w       *ipc.Writer
	rows    int
	batch   int
	closed  bool
}

// NewWriter starts a stream of T rows on w. The header's kind and version
// are set from T; the schema (and so the header) is written at once.
func NewWriter[T any](w io.Writer, h Header, opts ...WriterOption) (*Writer[T], error) {
	if h.Stacked() {
		return nil, fmt.Errorf("%s stream: the header holds %s: write a stack with NewStackWriter", kindOf[T](), KeyRuns)
	}
	return newWriter[T](w, h, h, nil, opts)
}

// WriteAll writes a whole stream of rows on w: NewWriter, every row, Close.
func WriteAll[T any](w io.Writer, h Header, rows []T, opts ...WriterOption) error {
	sw, err := NewWriter[T](w, h, opts...)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := sw.Write(&rows[i]); err != nil {
			return err
		}
	}
	return sw.Close()
}

func kindOf[T any]() Kind {
	t := reflect.TypeFor[T]()
	kind, ok := kindOfRow[t]
	if !ok {
		panic(fmt.Sprintf("format: %v is not the row type of a registered kind", t))
	}
	return kind
}

// newWriter writes T rows behind the lead columns (the run identity of a
// stack, or none); shape is the header that sizes fixed-size columns.
func newWriter[T any](w io.Writer, h, shape Header, lead []arrow.Field, opts []WriterOption) (*Writer[T], error) {
	t := reflect.TypeFor[T]()
	kind := kindOf[T]()
	if !h.Units.Valid() {
		return nil, fmt.Errorf("%s stream: unit convention %q: want %q or %q", kind, h.Units, Bernoulli, Spin)
	}
	if err := h.checkImageShape(); err != nil {
		return nil, fmt.Errorf("%s stream: %v", kind, err)
	}
	spec := kinds[kind]
	cfg := writerConfig{compression: None, batchRows: spec.batchRows, omit: map[string]bool{}, include: map[string]bool{}}
	for _, o := range opts {
		o(&cfg)
	}
	for _, c := range layoutOf(t).cols {
		if c.extra && !cfg.include[c.name] {
			cfg.omit[c.name] = true
		}
	}
	if cfg.batchRows < 1 {
		cfg.batchRows = 1
	}
	h.Kind, h.Version = kind, spec.version
	lay := layoutOf(t)
	shape.Kind, shape.Version = kind, spec.version
	own, err := lay.schema(shape, cfg.omit)
	if err != nil {
		return nil, fmt.Errorf("%s stream: %v", kind, err)
	}
	md := h.Metadata()
	schema := arrow.NewSchema(append(slices.Clone(lead), own.Fields()...), &md)
	ipcOpts := []ipc.Option{ipc.WithSchema(schema), ipc.WithAllocator(memory.DefaultAllocator)}
	switch cfg.compression {
	case Zstd:
		ipcOpts = append(ipcOpts, ipc.WithZstd())
	case LZ4:
		ipcOpts = append(ipcOpts, ipc.WithLZ4())
	}
	wr := &Writer[T]{header: h, lead: len(lead), lay: lay, schema: schema, batch: cfg.batchRows,
		builder: array.NewRecordBuilder(memory.DefaultAllocator, schema),
		w:       ipc.NewWriter(w, ipcOpts...)}
	for _, f := range own.Fields() {
		for i, c := range lay.cols {
			if c.name == f.Name {
				wr.cols = append(wr.cols, i)
				n := 0 // the values per row of a fixed-size list, a matrix's N·M
				for _, d := range ListShape(f.Type) {
					n = max(n, 1) * d
				}
				wr.sizes = append(wr.sizes, n)
			}
		}
	}
	// ipc.Writer writes the schema lazily with the first batch; a stream of
	// zero rows must still say what it is, so an empty batch is not needed:
	// Close writes the schema if no batch was written.
	return wr, nil
}

// Header returns the header written with the schema.
func (w *Writer[T]) Header() Header { return w.header }

// Write appends a row. Rows are sent in batches; Flush sends at once.
func (w *Writer[T]) Write(row *T) error {
	if w.closed {
		return errors.New("format: write after Close")
	}
	v := reflect.ValueOf(row).Elem()
	for f, ci := range w.cols {
		c := w.lay.cols[ci]
		if err := appendValue(w.builder.Field(w.lead+f), v.Field(c.field), w.sizes[f]); err != nil {
			return fmt.Errorf("%s stream, row %d, column %s: %v", w.header.Kind, w.rows, c.name, err)
		}
	}
	w.rows++
	if w.builder.Field(0).Len() >= w.batch {
		return w.Flush()
	}
	return nil
}

// Flush writes the buffered rows as one record batch.
func (w *Writer[T]) Flush() error {
	if w.builder.Field(0).Len() == 0 {
		return nil
	}
	rec := w.builder.NewRecord()
	defer rec.Release()
	return w.w.Write(rec)
}

// Rows returns the number of rows written so far.
func (w *Writer[T]) Rows() int { return w.rows }

// Close flushes and ends the stream. It does not close the underlying
// io.Writer.
func (w *Writer[T]) Close() error {
	if w.closed {
		return nil
	}
	err := w.Flush()
	if err == nil && w.rows == 0 {
		// Send an empty batch so that the schema, and with it the header,
		// is written even for a stream without rows.
		rec := w.builder.NewRecord()
		err = w.w.Write(rec)
		rec.Release()
	}
	w.closed = true
	w.builder.Release()
	if cerr := w.w.Close(); err == nil {
		err = cerr
	}
	return err
}

// Stream reads any rbmkit stream record batch by record batch, without
// knowing its row type (rbm-cat uses it).
type Stream struct {
	name   string
	header Header
	schema *arrow.Schema
	next   func() (arrow.Record, error)
	close  func()
	msgs   *ipcguard.MessageReader // nil for the IPC file format
	rec    arrow.Record
	rows   int
	err    error
	// keepComplete ends a cut stream cleanly after its last complete
	// record batch (KeepCompleteRows); cut says that happened.
	keepComplete, cut bool
}

// OpenStream starts reading an rbmkit stream from r; name (a file name or
// "stdin") prefixes every error. It accepts the Arrow IPC stream format and,
// for files written by other tools, the IPC file (Feather v2) format.
func OpenStream(r io.Reader, name string) (*Stream, error) {
	size := ipcguard.InputSize(r) // before the bufio.Reader reads ahead
	buffer := 1 << 16
	if size != nil {
		if n, ok := size(); ok && n < int64(buffer) {
			buffer = int(n) // a small input in memory needs no 64 KiB buffer
		}
	}
	br := bufio.NewReaderSize(r, buffer)
	magic, err := br.Peek(6)
	if len(magic) == 0 {
		if err == nil || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty input: expected an rbmkit Arrow stream", name)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	s := &Stream{name: name}
	if bytes.Equal(magic, []byte("ARROW1")) {
		// An Arrow file is read whole (its footer is at the end): a stream
		// of them that does not end, or a file larger than the bound, is
		// refused at the bound.
		data, err := io.ReadAll(io.LimitReader(br, MaxFileInput+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if int64(len(data)) > MaxFileInput {
			return nil, fmt.Errorf("%s: an Arrow file (not stream) is read whole, and this one is larger than the %d-byte limit: convert it to a stream (rbm-cat)", name, MaxFileInput)
		}
		fr, err := newFileReader(data)
		if err != nil {
			return nil, fmt.Errorf("%s: not a readable Arrow file: %v", name, err)
		}
		i := 0
		s.schema = fr.Schema()
		s.next = func() (rec arrow.Record, err error) {
			defer ipcguard.Recover(&err)
			if i >= fr.NumRecords() {
				return nil, io.EOF
			}
			i++
			return fr.Record(i - 1)
		}
		s.close = func() { fr.Close() }
	} else {
		s.msgs = ipcguard.NewMessageReader(br, size, MaxAllocation)
		ir, err := newIPCReader(s.msgs)
		if err != nil {
			s.msgs.Release()
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("%s: not an Arrow IPC stream, or one cut short before its schema: %v", name, err)
			}
			return nil, fmt.Errorf("%s: not an Arrow IPC stream: %v", name, err)
		}
		s.schema = ir.Schema()
		s.next = func() (rec arrow.Record, err error) {
			defer ipcguard.Recover(&err)
			if ir.Next() {
				return ir.Record(), nil
			}
			if err := ir.Err(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		}
		s.close = ir.Release
	}
	h, err := ParseHeader(s.schema.Metadata())
	if err != nil {
		s.close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	s.header = h
	return s, nil
}

func newFileReader(data []byte) (fr *ipc.FileReader, err error) {
	if err := ipcguard.CheckFile(data, MaxAllocation); err != nil {
		return nil, fmt.Errorf("corrupt file: %v", err)
	}
	defer ipcguard.Recover(&err)
	return ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(ipcguard.Allocator(MaxAllocation)))
}

func newIPCReader(m *ipcguard.MessageReader) (ir *ipc.Reader, err error) {
	defer ipcguard.Recover(&err)
	return ipc.NewReaderFromMessageReader(m, ipc.WithAllocator(ipcguard.Allocator(MaxAllocation)))
}

// Name returns the name given to OpenStream.
func (s *Stream) Name() string { return s.name }

// Header returns the stream's header.
func (s *Stream) Header() Header { return s.header }

// Schema returns the stream's Arrow schema.
func (s *Stream) Schema() *arrow.Schema { return s.schema }

// Next advances to the next record batch; it returns false at the end of the
// stream or on error (see Err).
func (s *Stream) Next() bool {
	if s.err != nil {
		return false
	}
	rec, err := s.next()
	if err != nil && s.keepComplete && s.msgs != nil && !errors.Is(err, ErrAfterEnd) &&
		(s.msgs.Cut() || err == io.EOF && !s.msgs.Ended()) {
		s.cut, s.rec = true, nil
		return false
	}
	if err != nil {
		if errors.Is(err, ErrAfterEnd) {
			s.err = fmt.Errorf("%s: after %d rows: %w", s.name, s.rows, ErrAfterEnd)
		} else if err != io.EOF {
			s.err = fmt.Errorf("%s: truncated or corrupt stream after %d rows: %v", s.name, s.rows, err)
		} else if s.msgs != nil && !s.msgs.Ended() {
			s.err = fmt.Errorf("%s: truncated stream: it ends after %d rows without the end-of-stream marker (was its writer interrupted?)", s.name, s.rows)
		} else if s.rows == 0 && s.header.Kind == KindCheckpoint {
			// A training run writes its first snapshot before any epoch:
			// a checkpoint without one is a run that never started, and
			// nothing can be derived from it.
			s.err = fmt.Errorf("%s: a checkpoint stream without any snapshot (its writer stopped before the first)", s.name)
		}
		s.rec = nil
		return false
	}
	if err := ipcguard.ValidateRecord(rec); err != nil {
		s.err = fmt.Errorf("%s: corrupt stream after %d rows: %v", s.name, s.rows, err)
		s.rec = nil
		return false
	}
	s.rec = rec
	s.rows += int(rec.NumRows())
	return true
}

// KeepCompleteRows makes a stream that ends without its end-of-stream
// marker, or inside a message (its writer was killed: SIGKILL, a full
// disk, a lost node), end cleanly after its last complete record batch
// instead of failing; Cut then says so. It is for a reader that can use
// what a killed writer completed, such as rbm-train -resume; a stream that
// is corrupt rather than cut still fails.
func (s *Stream) KeepCompleteRows() { s.keepComplete = true }

// Cut says whether a stream read with KeepCompleteRows was cut short.
func (s *Stream) Cut() bool { return s.cut }

// Record returns the current record batch, valid until the next call to
// Next.
func (s *Stream) Record() arrow.Record { return s.rec }

// Err returns the first error met while reading, nil at a clean end.
func (s *Stream) Err() error { return s.err }

// Close releases the reader; it does not close the underlying io.Reader.
func (s *Stream) Close() { s.close() }

// Reader reads a stream of rows of type T, checking that the stream is of
// T's kind, of a version this package reads, with columns of the types and
// sizes its header implies.
type Reader[T any] struct {
	s      *Stream
	lay    *layout
	fields []int // schema field index per layout column, −1 if absent
	row    int
	cur    T
	err    error
	stack  *stackState // nil for one run's stream
}

// stackState follows the run of the current row of a stacked stream.
type stackState struct {
	runs    []StackedRun
	index   map[int64]int // run column value → position in runs
	headers []Header      // the stack's header with each run's identity
	run     int
}

// NewReader starts reading a stream of T rows from r; name (a file name or
// "stdin") prefixes every error.
func NewReader[T any](r io.Reader, name string) (*Reader[T], error) {
	t := reflect.TypeFor[T]()
	kind, ok := kindOfRow[t]
	if !ok {
		panic(fmt.Sprintf("format: %v is not the row type of a registered kind", t))
	}
	s, err := OpenStream(r, name)
	if err != nil {
		return nil, err
	}
	rd, err := newReader[T](s, kind, false)
	if err != nil {
		s.Close()
		return nil, err
	}
	return rd, nil
}

// ReaderOf reads T rows from an opened stream of one run, as NewReader
// does; it lets a caller look at the header (Stacked, say) before choosing
// a reader. Close closes s; on error the caller still owns s.
func ReaderOf[T any](s *Stream) (*Reader[T], error) {
	return newReader[T](s, kindOf[T](), false)
}

func newReader[T any](s *Stream, kind Kind, stacked bool) (*Reader[T], error) {
	lay := layoutOf(reflect.TypeFor[T]())
	fields, st, err := checkOpen(s, kind, lay, stacked)
	if err != nil {
		return nil, err
	}
	return &Reader[T]{s: s, lay: lay, row: -1, fields: fields, stack: st}, nil
}

// checkOpen makes the checks of a reader of kind on an opened stream: its
// kind, its version, its columns against the header's shapes. It returns
// the schema field of each layout column (−1 if absent) and, for a stack,
// the runs' state.
func checkOpen(s *Stream, kind Kind, lay *layout, stacked bool) ([]int, *stackState, error) {
	st, err := checkKind(s, kind, stacked)
	if err != nil {
		return nil, nil, err
	}
	var fields []int
	shapes := []Header{s.header} // the headers the fixed-size columns must fit
	if stacked {
		shapes = st.headers
	}
	for _, c := range lay.cols {
		idx := s.schema.FieldIndices(c.name)
		if len(idx) == 0 {
			if !c.optional {
				return nil, nil, fmt.Errorf("%s: %s stream has no column %q", s.name, kind, c.name)
			}
			fields = append(fields, -1)
			continue
		}
		got := s.schema.Field(idx[0]).Type
		for k, h := range shapes {
			which := "the header's shape"
			if stacked {
				which = fmt.Sprintf("run %d's shape", st.runs[k].Run)
			}
			want, err := c.dataType(h)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %s %d×%d does not fit column %q: %v", s.name, which, h.Visible, h.Hidden, c.name, err)
			}
			if compatible(want, got) {
				continue
			}
			if gs, ws := ListShape(got), ListShape(want); len(gs) > 0 && len(gs) == len(ws) {
				return nil, nil, fmt.Errorf("%s: mismatched shapes: column %q holds %s values per row, but %s %d×%d needs %s",
					s.name, c.name, dims(gs), which, h.Visible, h.Hidden, dims(ws))
			}
			return nil, nil, fmt.Errorf("%s: column %q has type %v, expected %v", s.name, c.name, got, want)
		}
		fields = append(fields, idx[0])
	}
	return fields, st, nil
}

// checkKind checks an opened stream's kind and version, and whether it is
// a stack (stacked) or one run's stream; a stack's runs are returned.
func checkKind(s *Stream, kind Kind, stacked bool) (*stackState, error) {
	h := s.header
	if h.Kind != kind {
		if stacked && h.Stacked() {
			return nil, fmt.Errorf("%s: expected a stack of %s streams, got a stack of %s streams", s.name, kind, h.Kind)
		}
		return nil, fmt.Errorf("%s: expected a %s stream, got a %s stream", s.name, kind, h.Kind)
	}
	if stacked && !h.Stacked() {
		return nil, fmt.Errorf("%s: a %s stream of one run, not a stack of runs (rbm-stack)", s.name, kind)
	}
	if !stacked && h.Stacked() {
		n := "several"
		if runs, err := h.Runs(); err == nil {
			n = fmt.Sprint(len(runs))
		}
		return nil, fmt.Errorf("%s: a stack of %s runs' %s streams (rbm-stack): this reads one run's stream; give it a run's own file", s.name, n, kind)
	}
	if spec := kinds[kind]; h.Version > spec.version {
		return nil, fmt.Errorf("%s: %s format version %d is newer than this rbmkit reads (%d): upgrade rbmkit", s.name, kind, h.Version, spec.version)
	} else if h.Version < 1 {
		return nil, fmt.Errorf("%s: %s format version %d is invalid", s.name, kind, h.Version)
	}
	if !stacked {
		return nil, nil
	}
	return openStack(s)
}

// dims writes a shape: "24", or "6×4" for a matrix.
func dims(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, "×")
}

// openStack checks a stacked stream's run identity columns and rbm.runs.
func openStack(s *Stream) (*stackState, error) {
	h := s.header
	runs, err := h.Runs()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.name, err)
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s: %s lists no run", s.name, KeyRuns)
	}
	for i, f := range StackColumns() {
		if i >= s.schema.NumFields() || s.schema.Field(i).Name != f.Name || !arrow.TypeEqual(s.schema.Field(i).Type, f.Type) {
			return nil, fmt.Errorf("%s: a stack's columns start with run, hidden, replica (int64) and seed (uint64); column %d is not %s %v", s.name, i, f.Name, f.Type)
		}
	}
	st := &stackState{runs: runs, index: map[int64]int{}}
	for i, r := range runs {
		if _, dup := st.index[int64(r.Run)]; dup {
			return nil, fmt.Errorf("%s: %s lists run %d twice", s.name, KeyRuns, r.Run)
		}
		st.index[int64(r.Run)] = i
		rh := h
		rh.Hidden, rh.Replica, rh.Seed = r.Hidden, r.Replica, r.Seed
		st.headers = append(st.headers, rh)
	}
	return st, nil
}

// Header returns the stream's header.
func (r *Reader[T]) Header() Header { return r.s.header }

// Has reports whether the stream has the named column (for optional ones).
func (r *Reader[T]) Has(column string) bool {
	for i, c := range r.lay.cols {
		if c.name == column {
			return r.fields[i] >= 0
		}
	}
	return false
}

// Next reads the next row into Row's buffer; it returns false at the end of
// the stream or on error (see Err).
func (r *Reader[T]) Next() bool {
	if r.err != nil {
		return false
	}
	r.row++
	for r.s.rec == nil || r.row >= int(r.s.rec.NumRows()) {
		if !r.s.Next() {
			r.err = r.s.Err()
			return false
		}
		r.row = 0
	}
	v := reflect.ValueOf(&r.cur).Elem()
	if r.err = decodeRow(r.s, r.row, r.lay, r.fields, r.stack, v); r.err != nil {
		return false
	}
	return true
}

// decodeRow reads row i of s's current record into v (a row of lay's
// type), following a stack's run, and checks it as its kind requires.
func decodeRow(s *Stream, i int, lay *layout, fields []int, st *stackState, v reflect.Value) error {
	h := s.header
	if st != nil {
		run := s.rec.Column(0).(*array.Int64).Value(i)
		k, ok := st.index[run]
		if !ok {
			return fmt.Errorf("%s: row %d is of run %d, which %s does not list", s.name, s.rows-int(s.rec.NumRows())+i, run, KeyRuns)
		}
		if m := s.rec.Column(1).(*array.Int64).Value(i); m != int64(st.runs[k].Hidden) {
			return fmt.Errorf("%s: a row of run %d has hidden = %d, but %s gives M = %d", s.name, run, m, KeyRuns, st.runs[k].Hidden)
		}
		st.run, h = k, st.headers[k]
	}
	for j, c := range lay.cols {
		if fields[j] < 0 {
			continue
		}
		readValue(s.rec.Column(fields[j]), i, v.Field(c.field))
	}
	if chk, ok := v.Addr().Interface().(interface{ Check(Header) error }); ok {
		if err := chk.Check(h); err != nil {
			return fmt.Errorf("%s: %v", s.name, err)
		}
	}
	return nil
}

// Checker checks an opened stream of any registered kind as that kind's
// reader does, for a tool that passes record batches on without decoding
// them (rbm-stack): so that it never writes a stream its readers refuse.
type Checker struct {
	s      *Stream
	lay    *layout
	fields []int
	stack  *stackState
	row    reflect.Value
}

// Check makes the checks of opening s with its kind's reader (kind known,
// version, columns against the header).
func Check(s *Stream) (*Checker, error) {
	spec, ok := kinds[s.header.Kind]
	if !ok {
		return nil, fmt.Errorf("%s: unknown stream kind %q", s.name, s.header.Kind)
	}
	lay := layoutOf(spec.row)
	fields, st, err := checkOpen(s, spec.kind, lay, s.header.Stacked())
	if err != nil {
		return nil, err
	}
	return &Checker{s: s, lay: lay, fields: fields, stack: st, row: reflect.New(spec.row).Elem()}, nil
}

// Record checks every row of the stream's current record batch.
func (c *Checker) Record() error {
	rec := c.s.Record()
	if rec == nil {
		return nil
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		if err := decodeRow(c.s, i, c.lay, c.fields, c.stack, c.row); err != nil {
			return err
		}
	}
	return nil
}

// KeepCompleteRows reads a stream cut short by a killed writer up to its
// last complete record batch (Stream.KeepCompleteRows).
func (r *Reader[T]) KeepCompleteRows() { r.s.KeepCompleteRows() }

// Cut says whether the stream was cut short (see KeepCompleteRows).
func (r *Reader[T]) Cut() bool { return r.s.Cut() }

// Row returns the current row. Its slices are reused by the next call to
// Next: copy what must outlive it.
func (r *Reader[T]) Row() *T { return &r.cur }

// Err returns the first error met while reading, nil at a clean end.
func (r *Reader[T]) Err() error { return r.err }

// Close releases the reader; it does not close the underlying io.Reader.
func (r *Reader[T]) Close() { r.s.Close() }
