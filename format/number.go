package format

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// Number is row i of a numeric or boolean column as a float64 (true is
// 1), for readers that treat any stream's columns alike (rbm-cat's
// summaries, the report's tables); ok is false for other types.
func Number(a arrow.Array, i int) (x float64, ok bool) {
	switch a := a.(type) {
	case *array.Float32:
		return float64(a.Value(i)), true
	case *array.Float64:
		return a.Value(i), true
	case *array.Int64:
		return float64(a.Value(i)), true
	case *array.Int32:
		return float64(a.Value(i)), true
	case *array.Uint64:
		return float64(a.Value(i)), true
	case *array.Boolean:
		if a.Value(i) {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
