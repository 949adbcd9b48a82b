package format

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// KeyRuns marks a stacked stream: several runs' streams of one kind
// concatenated by rbm-stack (package stack), with run identity columns in
// front. Its value is a JSON array of StackedRun, one per run in the
// order of the run column.
const KeyRuns = "rbm.runs"

// StackedRun is one run of a stacked stream, as recorded in rbm.runs.
type StackedRun struct {
	// Run is the value of the run column for this run's rows.
	Run int `json:"run"`
	// Source is the input's name as given to rbm-stack.
	Source  string `json:"source"`
	Hidden  int    `json:"hidden"`
	Replica int    `json:"replica"`
	Seed    uint64 `json:"seed"`
	// Provenance is the run's own history (the stack's is the header's).
	Provenance []Step `json:"provenance"`
	// Extra holds the run's metadata keys whose values differ between
	// runs (keys all runs share stay in the stack's header).
	Extra map[string]string `json:"extra,omitempty"`
}

// Stacked reports whether the stream holds several runs (rbm-stack).
func (h Header) Stacked() bool {
	_, ok := h.Extra[KeyRuns]
	return ok
}

// Runs decodes rbm.runs; nil for a stream of one run.
func (h Header) Runs() ([]StackedRun, error) {
	s, ok := h.Extra[KeyRuns]
	if !ok {
		return nil, nil
	}
	var runs []StackedRun
	if err := json.Unmarshal([]byte(s), &runs); err != nil {
		return nil, fmt.Errorf("metadata %q is not valid JSON: %v", KeyRuns, err)
	}
	return runs, nil
}

// StackColumns returns the run identity columns that start every row of a
// stacked stream: run, hidden, replica (int64) and seed (uint64).
func StackColumns() []arrow.Field {
	return []arrow.Field{
		{Name: "run", Type: arrow.PrimitiveTypes.Int64},
		{Name: "hidden", Type: arrow.PrimitiveTypes.Int64},
		{Name: "replica", Type: arrow.PrimitiveTypes.Int64},
		{Name: "seed", Type: arrow.PrimitiveTypes.Uint64},
	}
}

// StackReader reads a stacked stream of T's kind (rbm-stack) row by row,
// with the run of each row, so that a tool can treat every run on its own
// terms. Fixed-size columns must fit every run's shape (so a stack whose
// runs differ in M cannot keep weights or singular vectors: rbm-stack
// asks for -drop then), and rows are checked against their run's header.
type StackReader[T any] struct {
	*Reader[T]
}

// NewStackReader starts reading a stacked stream of T rows from r; name
// prefixes every error. A stream of one run is refused.
func NewStackReader[T any](r io.Reader, name string) (*StackReader[T], error) {
	kind := kindOf[T]()
	s, err := OpenStream(r, name)
	if err != nil {
		return nil, err
	}
	rd, err := newReader[T](s, kind, true)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &StackReader[T]{rd}, nil
}

// StackReaderOf reads T rows from an opened stacked stream, as
// NewStackReader does. Close closes s; on error the caller still owns s.
func StackReaderOf[T any](s *Stream) (*StackReader[T], error) {
	rd, err := newReader[T](s, kindOf[T](), true)
	if err != nil {
		return nil, err
	}
	return &StackReader[T]{rd}, nil
}

// Runs returns the runs of the stack (rbm.runs), in stacking order.
func (r *StackReader[T]) Runs() []StackedRun { return slices.Clone(r.stack.runs) }

// Run returns the position in Runs of the current row's run.
func (r *StackReader[T]) Run() int { return r.stack.run }

// RunHeader returns the stack's header with the current row's run
// identity: its hidden size, replica and seed.
func (r *StackReader[T]) RunHeader() Header { return r.stack.headers[r.stack.run] }

// StackWriter writes a stacked stream of T rows: the run identity columns,
// then T's columns, under a header that holds rbm.runs (a tool that reads
// a stack and writes one derives its header from the input's).
type StackWriter[T any] struct {
	w    *Writer[T]
	runs []StackedRun
}

// NewStackWriter starts a stacked stream of T rows on w. The header must
// list the runs in rbm.runs; fixed-size columns must have the same size
// for every run (omit those that depend on a hidden size that differs).
func NewStackWriter[T any](w io.Writer, h Header, opts ...WriterOption) (*StackWriter[T], error) {
	kind := kindOf[T]()
	runs, err := h.Runs()
	if err != nil {
		return nil, fmt.Errorf("%s stream: %v", kind, err)
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("%s stream: a stack's header must list its runs in %s", kind, KeyRuns)
	}
	shape := h
	shape.Hidden, shape.Version = runs[0].Hidden, kinds[kind].version // the layout written
	probe := writerConfig{omit: map[string]bool{}}
	for _, o := range opts {
		o(&probe)
	}
	lay := layoutOf(reflect.TypeFor[T]())
	first, err := lay.schema(shape, probe.omit)
	if err != nil {
		return nil, fmt.Errorf("%s stream: run %d: %v", kind, runs[0].Run, err)
	}
	for _, r := range runs[1:] {
		shape.Hidden = r.Hidden
		s, err := lay.schema(shape, probe.omit)
		if err != nil {
			return nil, fmt.Errorf("%s stream: run %d: %v", kind, r.Run, err)
		}
		for i, f := range s.Fields() {
			if !arrow.TypeEqual(f.Type, first.Field(i).Type) {
				return nil, fmt.Errorf("%s stream: column %q is %v for run %d but %v for run %d: runs of different hidden sizes cannot share it; omit it",
					kind, f.Name, first.Field(i).Type, runs[0].Run, f.Type, r.Run)
			}
		}
	}
	shape.Hidden = runs[0].Hidden
	wr, err := newWriter[T](w, h, shape, StackColumns(), opts)
	if err != nil {
		return nil, err
	}
	return &StackWriter[T]{w: wr, runs: runs}, nil
}

// Header returns the header written with the schema.
func (w *StackWriter[T]) Header() Header { return w.w.header }

// Write appends a row of the run at position run in the header's rbm.runs.
func (w *StackWriter[T]) Write(run int, row *T) error {
	if run < 0 || run >= len(w.runs) {
		return fmt.Errorf("%s stream: no run at position %d of %d", w.w.header.Kind, run, len(w.runs))
	}
	if w.w.closed {
		return errors.New("format: write after Close")
	}
	r := w.runs[run]
	b := w.w.builder
	b.Field(0).(*array.Int64Builder).Append(int64(r.Run))
	b.Field(1).(*array.Int64Builder).Append(int64(r.Hidden))
	b.Field(2).(*array.Int64Builder).Append(int64(r.Replica))
	b.Field(3).(*array.Uint64Builder).Append(r.Seed)
	return w.w.Write(row)
}

// Rows returns the number of rows written so far.
func (w *StackWriter[T]) Rows() int { return w.w.rows }

// Close flushes and ends the stream; it does not close the underlying
// io.Writer.
func (w *StackWriter[T]) Close() error { return w.w.Close() }
