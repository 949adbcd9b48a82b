package report

import (
	"fmt"
	"io"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/rbmkit/rbmkit/format"
)

// table is the columns of a stacked stream that the report reads, row by
// row: numbers (integers, floats and booleans as float64), strings, and
// the first value of list columns (top_sigma).
type table struct {
	name   string
	header format.Header
	runs   []format.StackedRun
	num    map[string][]float64
	str    map[string][]string
	rows   int
}

// readStack reads the named columns of a stacked stream (rbm-stack's
// output) of the given kind. Columns in optional may be absent; the run
// identity columns are always read.
func readStack(r io.Reader, name string, kind format.Kind, columns, optional []string) (*table, error) {
	s, err := format.OpenStream(r, name)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	h := s.Header()
	if !h.Stacked() {
		return nil, fmt.Errorf("%s: a %s stream of one run, not a stack of runs (rbm-stack)", name, h.Kind)
	}
	if h.Kind != kind {
		return nil, fmt.Errorf("%s: expected a stack of %s streams, got a stack of %s streams", name, kind, h.Kind)
	}
	runs, err := h.Runs()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	t := &table{name: name, header: h, runs: runs, num: map[string][]float64{}, str: map[string][]string{}}
	want := append([]string{"run", "hidden", "replica"}, columns...)
	idx := map[string]int{}
	for k, c := range append(want, optional...) {
		i := s.Schema().FieldIndices(c)
		if len(i) == 0 {
			if k < len(want) {
				return nil, fmt.Errorf("%s: %s stack has no column %q", name, kind, c)
			}
			continue
		}
		idx[c] = i[0]
	}
	for s.Next() {
		rec := s.Record()
		n := int(rec.NumRows())
		for c, i := range idx {
			if err := t.appendColumn(c, rec.Column(i), n); err != nil {
				return nil, fmt.Errorf("%s: column %q: %v", name, c, err)
			}
		}
		t.rows += n
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *table) appendColumn(c string, a arrow.Array, n int) error {
	switch a := a.(type) {
	case *array.String:
		for i := range n {
			t.str[c] = append(t.str[c], a.Value(i))
		}
		return nil
	case *array.List:
		for i := range n {
			x := math.NaN()
			if s, e := a.ValueOffsets(i); e > s && !a.IsNull(i) {
				x, _ = format.Number(a.ListValues(), int(s))
			}
			t.num[c] = append(t.num[c], x)
		}
		return nil
	}
	for i := range n {
		x, ok := format.Number(a, i)
		if !ok {
			return fmt.Errorf("type %v is not a number", a.DataType())
		}
		if a.IsNull(i) {
			x = math.NaN()
		}
		t.num[c] = append(t.num[c], x)
	}
	return nil
}

// has reports whether the table holds the column.
func (t *table) has(c string) bool {
	_, n := t.num[c]
	_, s := t.str[c]
	return n || s
}

// f is the number in column c at row i (NaN when the column is absent).
func (t *table) f(c string, i int) float64 {
	if v, ok := t.num[c]; ok {
		return v[i]
	}
	return math.NaN()
}

// i is the integer in column c at row i.
func (t *table) i(c string, i int) int64 { return int64(t.f(c, i)) }

// s is the string in column c at row i ("" when absent).
func (t *table) s(c string, i int) string {
	if v, ok := t.str[c]; ok {
		return v[i]
	}
	return ""
}

// b is the boolean in column c at row i.
func (t *table) b(c string, i int) bool { return t.f(c, i) != 0 }
