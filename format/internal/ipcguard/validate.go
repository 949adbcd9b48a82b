package ipcguard

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
)

// ValidateRecord checks that every column of a record batch holds the
// bytes its length and offsets claim. Arrow's IPC reader takes a batch's
// lengths and list offsets on trust, so a corrupt batch (one flipped byte
// suffices) would otherwise index out of range, and crash, wherever a
// value is read.
func ValidateRecord(rec arrow.Record) (err error) {
	defer Recover(&err)
	for i, col := range rec.Columns() {
		if int64(col.Len()) != rec.NumRows() {
			return fmt.Errorf("column %q has %d values for %d rows", rec.ColumnName(i), col.Len(), rec.NumRows())
		}
		if err := validateData(col.Data()); err != nil {
			return fmt.Errorf("column %q: %v", rec.ColumnName(i), err)
		}
	}
	return nil
}

func validateData(d arrow.ArrayData) error {
	n, off := int64(d.Len()), int64(d.Offset())
	if n < 0 || off < 0 {
		return errors.New("negative length or offset")
	}
	bufs := d.Buffers()
	size := func(i int) int64 {
		if i < len(bufs) && bufs[i] != nil {
			return int64(bufs[i].Len())
		}
		return 0
	}
	need := func(i int, bytes int64, what string) error {
		if have := size(i); have < bytes {
			return fmt.Errorf("its %s buffer holds %d bytes where %d values need %d", what, have, n, bytes)
		}
		return nil
	}
	if size(0) > 0 || d.NullN() != 0 {
		if err := need(0, (off+n+7)/8, "validity"); err != nil {
			return err
		}
	}
	child := func(want int64) error {
		ch := d.Children()
		if len(ch) != 1 {
			return fmt.Errorf("a list with %d child arrays", len(ch))
		}
		if got := int64(ch[0].Len()); got < want {
			return fmt.Errorf("its lists need %d values, its child holds %d", want, got)
		}
		return validateData(ch[0])
	}
	offsets := func(limit int64) (last int64, err error) {
		if err := need(1, (off+n+1)*4, "offsets"); err != nil {
			return 0, err
		}
		o := arrow.Int32Traits.CastFromBytes(bufs[1].Bytes())[off : off+n+1]
		for i, x := range o {
			if x < 0 || (i > 0 && x < o[i-1]) || int64(x) > limit {
				return 0, fmt.Errorf("offset %d is %d: offsets must rise from 0 within %d", i, x, limit)
			}
		}
		return int64(o[n]), nil
	}
	switch t := d.DataType().(type) {
	case *arrow.BooleanType:
		return need(1, (off+n+7)/8, "values")
	case *arrow.FixedSizeListType:
		return child((off + n) * int64(t.Len()))
	case *arrow.ListType:
		if len(d.Children()) != 1 {
			return fmt.Errorf("a list with %d child arrays", len(d.Children()))
		}
		last, err := offsets(int64(d.Children()[0].Len()))
		if err != nil {
			return err
		}
		return child(last)
	case *arrow.BinaryType, *arrow.StringType:
		_, err := offsets(size(2))
		return err
	case arrow.FixedWidthDataType:
		return need(1, (off+n)*int64(t.BitWidth()/8), "values")
	}
	return nil
}
