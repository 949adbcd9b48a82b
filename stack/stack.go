package stack

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/rbmkit/rbmkit/format"
)

// The run identity columns, in front of every stacked row.
var identity = format.StackColumns()

// Options choose the columns and the encoding of a stack.
type Options struct {
	// Columns keeps only these columns of the inputs, in this order (nil:
	// all, in the first input's order).
	Columns []string
	// Drop leaves these columns out.
	Drop []string
	// Compression is the record batch compression of the output.
	Compression format.Compression
	// Step is the provenance entry of the tool writing the stack.
	Step format.Step
}

// Stacker holds opened inputs whose headers and schemas agree, ready to be
// written as one stream.
type Stacker struct {
	ins    []*format.Stream
	checks []*format.Checker // each input's rows checked as its readers check them
	names  []string          // the kept columns, after the identity ones
	schema *arrow.Schema
	runs   []format.StackedRun
}

// New checks that the streams can be stacked with these options: the same
// kind, version, N and units, and kept columns of the same names and
// types, each stream as its kind's reader would accept it (Write checks
// the rows as they pass). It reads only the headers. The caller closes the streams.
func New(ins []*format.Stream, opt Options) (*Stacker, error) {
	if len(ins) == 0 {
		return nil, fmt.Errorf("no input stream")
	}
	first := ins[0]
	h0 := first.Header()
	if h0.Stacked() {
		return nil, fmt.Errorf("%s is already a stack of runs: stack the runs' own files", first.Name())
	}
	names, err := keptColumns(first.Schema(), opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", first.Name(), err)
	}
	st := &Stacker{ins: ins, names: names}
	fields := slices.Clone(identity)
	for _, n := range names {
		fields = append(fields, first.Schema().Field(first.Schema().FieldIndices(n)[0]))
	}
	for _, in := range ins {
		h := in.Header()
		// A stack carries what its inputs hold: refuse what their own
		// readers would refuse, so as never to write such a stream.
		chk, err := format.Check(in)
		if err != nil && !h.Stacked() {
			return nil, err
		}
		st.checks = append(st.checks, chk)
		switch {
		case h.Stacked():
			return nil, fmt.Errorf("%s is already a stack of runs: stack the runs' own files", in.Name())
		case h.Kind != h0.Kind:
			return nil, fmt.Errorf("%s is a %s stream but %s is a %s stream: a stack holds one kind", first.Name(), h0.Kind, in.Name(), h.Kind)
		case h.Version != h0.Version:
			return nil, fmt.Errorf("%s has %s format version %d but %s has %d", first.Name(), h0.Kind, h0.Version, in.Name(), h.Version)
		case h.Visible != h0.Visible:
			return nil, fmt.Errorf("%s has N = %d visible units but %s has %d: a stack holds one visible layer", first.Name(), h0.Visible, in.Name(), h.Visible)
		case h.Units != h0.Units:
			return nil, fmt.Errorf("%s has %s units but %s has %s: a stack holds one unit convention", first.Name(), h0.Units, in.Name(), h.Units)
		}
		var missing, differ []string
		for k, n := range names {
			idx := in.Schema().FieldIndices(n)
			if len(idx) == 0 {
				missing = append(missing, n)
			} else if !arrow.TypeEqual(fields[len(identity)+k].Type, in.Schema().Field(idx[0]).Type) {
				differ = append(differ, n)
			}
		}
		// Name every offending column at once, so one -drop fixes the call.
		if len(missing) > 0 {
			return nil, fmt.Errorf("%s: %s missing, but %s has them: leave them out with -drop %s",
				in.Name(), quoted(missing), first.Name(), strings.Join(missing, ","))
		}
		if len(differ) > 0 {
			n := differ[0]
			return nil, fmt.Errorf("%s: %s not typed as in %s (%v, not %v; runs of different hidden sizes cannot share such columns): leave them out with -drop %s",
				in.Name(), quoted(differ), first.Name(), in.Schema().Field(in.Schema().FieldIndices(n)[0]).Type,
				first.Schema().Field(first.Schema().FieldIndices(n)[0]).Type, strings.Join(differ, ","))
		}
		st.runs = append(st.runs, format.StackedRun{Run: len(st.runs), Source: in.Name(), Hidden: h.Hidden,
			Replica: h.Replica, Seed: h.Seed, Provenance: h.Provenance})
	}
	header, err := st.header(opt.Step)
	if err != nil {
		return nil, err
	}
	md := header.Metadata()
	st.schema = arrow.NewSchema(fields, &md)
	return st, nil
}

// quoted names columns: `column "W"`, or `columns "W", "b"`.
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return "column " + q[0] + " is"
	}
	return "columns " + strings.Join(q, ", ") + " are"
}

// keptColumns applies Columns and Drop to a schema's field names.
func keptColumns(s *arrow.Schema, opt Options) ([]string, error) {
	var all []string
	for _, f := range s.Fields() {
		all = append(all, f.Name)
	}
	has := func(n string) bool { return slices.Contains(all, n) }
	for _, f := range identity {
		if has(f.Name) {
			return nil, fmt.Errorf("the stream has a column %q of its own, which a stack's run identity would hide", f.Name)
		}
	}
	names := all
	if opt.Columns != nil {
		names = nil
		for _, n := range opt.Columns {
			if !has(n) {
				return nil, fmt.Errorf("no column %q; the stream has %s", n, strings.Join(all, ", "))
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	for _, n := range opt.Drop {
		if !has(n) {
			return nil, fmt.Errorf("no column %q to drop; the stream has %s", n, strings.Join(all, ", "))
		}
	}
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(opt.Drop, n) })
	if len(names) == 0 {
		return nil, fmt.Errorf("no column left to stack")
	}
	return names, nil
}

// header is what the runs share, with the rest moved to rbm.runs.
func (st *Stacker) header(step format.Step) (format.Header, error) {
	h0 := st.ins[0].Header()
	h := format.Header{Kind: h0.Kind, Version: h0.Version, Visible: h0.Visible, Hidden: h0.Hidden, Units: h0.Units,
		Seed: h0.Seed, Replica: h0.Replica, ImageShape: h0.ImageShape, Provenance: []format.Step{step}}
	shared := map[string]string{}
	for k, v := range h0.Extra {
		shared[k] = v
	}
	for _, in := range st.ins[1:] {
		hi := in.Header()
		if hi.Hidden != h.Hidden {
			h.Hidden = 0
		}
		if hi.Seed != h.Seed {
			h.Seed = 0
		}
		if hi.Replica != h.Replica {
			h.Replica = 0
		}
		if !slices.Equal(hi.ImageShape, h.ImageShape) {
			h.ImageShape = nil
		}
		for k, v := range shared {
			if got, ok := hi.Extra[k]; !ok || got != v {
				delete(shared, k)
			}
		}
	}
	for i, in := range st.ins {
		for k, v := range in.Header().Extra {
			if _, ok := shared[k]; !ok {
				if st.runs[i].Extra == nil {
					st.runs[i].Extra = map[string]string{}
				}
				st.runs[i].Extra[k] = v
			}
		}
	}
	runs, err := json.Marshal(st.runs)
	if err != nil {
		return h, err
	}
	h.Extra = shared
	h.Set(format.KeyRuns, string(runs))
	return h, nil
}

// Runs returns the identity of every run, in stacking order.
func (st *Stacker) Runs() []format.StackedRun { return slices.Clone(st.runs) }

// Write streams every input's record batches, in order, to w as one
// stacked stream, and returns the rows written. Batches are copied one at
// a time, so memory stays at one record batch whatever the inputs' sizes.
func (st *Stacker) Write(w io.Writer, compression format.Compression) (int, error) {
	opts := []ipc.Option{ipc.WithSchema(st.schema), ipc.WithAllocator(memory.DefaultAllocator)}
	switch compression {
	case format.Zstd:
		opts = append(opts, ipc.WithZstd())
	case format.LZ4:
		opts = append(opts, ipc.WithLZ4())
	}
	iw := ipc.NewWriter(w, opts...)
	rows, batches := 0, 0
	for k, in := range st.ins {
		r := st.runs[k]
		for in.Next() {
			if err := st.checks[k].Record(); err != nil {
				return rows, err
			}
			rec := in.Record()
			n := int(rec.NumRows())
			cols := []arrow.Array{constInt64(int64(r.Run), n), constInt64(int64(r.Hidden), n),
				constInt64(int64(r.Replica), n), constUint64(r.Seed, n)}
			for _, name := range st.names {
				// Matched by name: inputs may order their columns differently.
				cols = append(cols, rec.Column(rec.Schema().FieldIndices(name)[0]))
			}
			out := array.NewRecord(st.schema, cols, int64(n))
			err := iw.Write(out)
			out.Release()
			for _, c := range cols[:len(identity)] {
				c.Release()
			}
			if err != nil {
				return rows, fmt.Errorf("writing the stack: %v", err)
			}
			rows += n
			batches++
		}
		if err := in.Err(); err != nil {
			return rows, err
		}
	}
	if batches == 0 {
		// A stream of zero rows still says what it is.
		empty := array.NewRecordBuilder(memory.DefaultAllocator, st.schema)
		rec := empty.NewRecord()
		err := iw.Write(rec)
		rec.Release()
		empty.Release()
		if err != nil {
			return 0, err
		}
	}
	if err := iw.Close(); err != nil {
		return rows, fmt.Errorf("writing the stack: %v", err)
	}
	return rows, nil
}

func constInt64(v int64, n int) arrow.Array {
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(n)
	for range n {
		b.UnsafeAppend(v)
	}
	return b.NewArray()
}

func constUint64(v uint64, n int) arrow.Array {
	b := array.NewUint64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(n)
	for range n {
		b.UnsafeAppend(v)
	}
	return b.NewArray()
}
