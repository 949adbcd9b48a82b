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
	msgs   *messageReader // nil for the IPC file format
	rec    arrow.Record
	rows   int
	err    error
}

// OpenStream starts reading an rbmkit stream from r; name (a file name or
// "stdin") prefixes every error. It accepts the Arrow IPC stream format and,
// for files written by other tools, the IPC file (Feather v2) format.
func OpenStream(r io.Reader, name string) (*Stream, error) {
	size := inputSize(r) // before the bufio.Reader reads ahead
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
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		fr, err := newFileReader(data)
		if err != nil {
			return nil, fmt.Errorf("%s: not a readable Arrow file: %v", name, err)
		}
		i := 0
		s.schema = fr.Schema()
		s.next = func() (rec arrow.Record, err error) {
			defer recoverCorrupt(&err)
			if i >= fr.NumRecords() {
				return nil, io.EOF
			}
			i++
			return fr.Record(i - 1)
		}
		s.close = func() { fr.Close() }
	} else {
		s.msgs = newMessageReader(br, size)
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
			defer recoverCorrupt(&err)
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
	if err := checkFile(data); err != nil {
		return nil, fmt.Errorf("corrupt file: %v", err)
	}
	defer recoverCorrupt(&err)
	return ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(readAllocator))
}

func newIPCReader(m *messageReader) (ir *ipc.Reader, err error) {
	defer recoverCorrupt(&err)
	return ipc.NewReaderFromMessageReader(m, ipc.WithAllocator(readAllocator))
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
	if err != nil {
		if err != io.EOF {
			s.err = fmt.Errorf("%s: truncated or corrupt stream after %d rows: %v", s.name, s.rows, err)
		} else if s.msgs != nil && !s.msgs.sawEOS {
			s.err = fmt.Errorf("%s: truncated stream: it ends after %d rows without the end-of-stream marker (was its writer interrupted?)", s.name, s.rows)
		}
		s.rec = nil
		return false
	}
	if err := validateRecord(rec); err != nil {
		s.err = fmt.Errorf("%s: corrupt stream after %d rows: %v", s.name, s.rows, err)
		s.rec = nil
		return false
	}
	s.rec = rec
	s.rows += int(rec.NumRows())
	return true
}

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
	lay := layoutOf(reflect.TypeFor[T]())
	rd := &Reader[T]{s: s, lay: lay, row: -1}
	shapes := []Header{h} // the headers the fixed-size columns must fit
	if stacked {
		st, err := openStack(s)
		if err != nil {
			return nil, err
		}
		rd.stack, shapes = st, st.headers
	}
	for _, c := range lay.cols {
		idx := s.schema.FieldIndices(c.name)
		if len(idx) == 0 {
			if !c.optional {
				return nil, fmt.Errorf("%s: %s stream has no column %q", s.name, kind, c.name)
			}
			rd.fields = append(rd.fields, -1)
			continue
		}
		got := s.schema.Field(idx[0]).Type
		for k, h := range shapes {
			which := "the header's shape"
			if stacked {
				which = fmt.Sprintf("run %d's shape", rd.stack.runs[k].Run)
			}
			want, err := c.dataType(h)
			if err != nil {
				return nil, fmt.Errorf("%s: %s %d×%d does not fit column %q: %v", s.name, which, h.Visible, h.Hidden, c.name, err)
			}
			if compatible(want, got) {
				continue
			}
			if gs, ws := ListShape(got), ListShape(want); len(gs) > 0 && len(gs) == len(ws) {
				return nil, fmt.Errorf("%s: mismatched shapes: column %q holds %s values per row, but %s %d×%d needs %s",
					s.name, c.name, dims(gs), which, h.Visible, h.Hidden, dims(ws))
			}
			return nil, fmt.Errorf("%s: column %q has type %v, expected %v", s.name, c.name, got, want)
		}
		rd.fields = append(rd.fields, idx[0])
	}
	return rd, nil
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
	h := r.s.header
	if st := r.stack; st != nil {
		run := r.s.rec.Column(0).(*array.Int64).Value(r.row)
		k, ok := st.index[run]
		if !ok {
			r.err = fmt.Errorf("%s: row %d is of run %d, which %s does not list", r.s.name, r.s.rows-int(r.s.rec.NumRows())+r.row, run, KeyRuns)
			return false
		}
		if m := r.s.rec.Column(1).(*array.Int64).Value(r.row); m != int64(st.runs[k].Hidden) {
			r.err = fmt.Errorf("%s: a row of run %d has hidden = %d, but %s gives M = %d", r.s.name, run, m, KeyRuns, st.runs[k].Hidden)
			return false
		}
		st.run, h = k, st.headers[k]
	}
	v := reflect.ValueOf(&r.cur).Elem()
	for i, c := range r.lay.cols {
		if r.fields[i] < 0 {
			continue
		}
		readValue(r.s.rec.Column(r.fields[i]), r.row, v.Field(c.field))
	}
	if chk, ok := any(&r.cur).(interface{ Check(Header) error }); ok {
		if err := chk.Check(h); err != nil {
			r.err = fmt.Errorf("%s: %v", r.s.name, err)
			return false
		}
	}
	return true
}

// Row returns the current row. Its slices are reused by the next call to
// Next: copy what must outlive it.
func (r *Reader[T]) Row() *T { return &r.cur }

// Err returns the first error met while reading, nil at a clean end.
func (r *Reader[T]) Err() error { return r.err }

// Close releases the reader; it does not close the underlying io.Reader.
func (r *Reader[T]) Close() { r.s.Close() }
