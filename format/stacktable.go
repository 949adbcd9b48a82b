package format

import (
	"fmt"
	"io"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// StackTable is some columns of a stacked stream read whole, without a
// row type, for a reader that treats the runs of a study together (the
// report): numbers (integers, floats and booleans as float64, NaN where
// null; the first value of a list column, such as top_sigma) and strings.
// Unlike StackReader[T], it reads a stack whose columns were cut down to a
// few (rbm-stack -columns).
type StackTable struct {
	Header Header
	Runs   []StackedRun
	Rows   int
	// Num and Str hold each column read, by name, one value per row.
	Num map[string][]float64
	Str map[string][]string
}

// ReadStackTable reads the named columns of a stacked stream of the given
// kind, checked as NewStackReader checks it (kind, version, runs); name
// prefixes every error. Columns in optional may be absent; the run
// identity columns run, hidden and replica are always read.
func ReadStackTable(r io.Reader, name string, kind Kind, columns, optional []string) (*StackTable, error) {
	s, err := OpenStream(r, name)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	st, err := checkKind(s, kind, true)
	if err != nil {
		return nil, err
	}
	t := &StackTable{Header: s.header, Runs: st.runs, Num: map[string][]float64{}, Str: map[string][]string{}}
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
		t.Rows += n
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *StackTable) appendColumn(c string, a arrow.Array, n int) error {
	switch a := a.(type) {
	case *array.String:
		for i := range n {
			t.Str[c] = append(t.Str[c], a.Value(i))
		}
		return nil
	case *array.List:
		for i := range n {
			x := math.NaN()
			if s, e := a.ValueOffsets(i); e > s && !a.IsNull(i) {
				x, _ = Number(a.ListValues(), int(s))
			}
			t.Num[c] = append(t.Num[c], x)
		}
		return nil
	}
	for i := range n {
		x, ok := Number(a, i)
		if !ok {
			return fmt.Errorf("type %v is not a number", a.DataType())
		}
		if a.IsNull(i) {
			x = math.NaN()
		}
		t.Num[c] = append(t.Num[c], x)
	}
	return nil
}
