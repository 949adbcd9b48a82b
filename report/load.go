package report

import (
	"io"
	"math"

	"github.com/rbmkit/rbmkit/format"
)

// table is the columns of a stacked stream that the report reads
// (format.ReadStackTable), under the name it was read from.
type table struct {
	name string
	*format.StackTable
}

// readStack reads the named columns of a stacked stream (rbm-stack's
// output) of the given kind. Columns in optional may be absent; the run
// identity columns are always read.
func readStack(r io.Reader, name string, kind format.Kind, columns, optional []string) (*table, error) {
	st, err := format.ReadStackTable(r, name, kind, columns, optional)
	if err != nil {
		return nil, err
	}
	return &table{name, st}, nil
}

// has reports whether the table holds the column.
func (t *table) has(c string) bool {
	_, n := t.Num[c]
	_, s := t.Str[c]
	return n || s
}

// f is the number in column c at row i (NaN when the column is absent).
func (t *table) f(c string, i int) float64 {
	if v, ok := t.Num[c]; ok {
		return v[i]
	}
	return math.NaN()
}

// i is the integer in column c at row i.
func (t *table) i(c string, i int) int64 { return int64(t.f(c, i)) }

// s is the string in column c at row i ("" when absent).
func (t *table) s(c string, i int) string {
	if v, ok := t.Str[c]; ok {
		return v[i]
	}
	return ""
}

// b is the boolean in column c at row i.
func (t *table) b(c string, i int) bool { return t.f(c, i) != 0 }
