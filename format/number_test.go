package format

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestNumber(t *testing.T) {
	mem := memory.NewGoAllocator()
	build := func(b array.Builder, fill func()) arrow.Array { fill(); return b.NewArray() }
	f32 := array.NewFloat32Builder(mem)
	i64 := array.NewInt64Builder(mem)
	u64 := array.NewUint64Builder(mem)
	bools := array.NewBooleanBuilder(mem)
	strs := array.NewStringBuilder(mem)
	for _, tc := range []struct {
		a    arrow.Array
		want float64
		ok   bool
	}{
		{build(f32, func() { f32.AppendValues([]float32{0, 1.5}, nil) }), 1.5, true},
		{build(i64, func() { i64.AppendValues([]int64{0, -7}, nil) }), -7, true},
		{build(u64, func() { u64.AppendValues([]uint64{0, 9}, nil) }), 9, true},
		{build(bools, func() { bools.AppendValues([]bool{false, true}, nil) }), 1, true},
		{build(strs, func() { strs.AppendValues([]string{"a", "b"}, nil) }), 0, false},
	} {
		if x, ok := Number(tc.a, 1); x != tc.want || ok != tc.ok {
			t.Errorf("%s: Number = %v, %v; want %v, %v", tc.a.DataType(), x, ok, tc.want, tc.ok)
		}
	}
}
