package format

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// A row type is a struct whose exported fields carry `arrow:"name,options"`
// tags; each tagged field is one column. Supported field types: int, int8,
// int16, int32, int64, uint64, float32, float64, bool, string, []byte (a
// nullable binary column: nil is null) and slices of the numeric types and
// bool (list columns). Options:
//
//	fixed=visible|hidden|rank|visible*hidden|<n>  a fixed-size list whose length
//	                                             comes from the header's shape
//	matrix                                       with fixed=visible*hidden: nested
//	                                             fixed-size lists, N rows of M
//	                                             values; the Go slice is flat,
//	                                             row-major
//	bytelist                                     a []byte column as a nullable
//	                                             list<uint8>, not binary (nil is
//	                                             null)
//	since=<v>                                    matrix and bytelist hold from
//	                                             format version v; readers take
//	                                             older streams' column as a flat
//	                                             fixed-size list, or binary
//	optional                                     the column may be absent (writer
//	                                             option Omit); readers give the
//	                                             zero value
//	extra                                        optional and absent unless the
//	                                             writer asks for it (Include), so
//	                                             writers that predate it keep
//	                                             their bytes
//
// Columns appear in the schema in field order.

type column struct {
	name     string
	field    int
	typ      reflect.Type
	list     bool   // a slice other than []byte
	fixed    string // size expression for fixed-size lists
	matrix   bool   // visible*hidden as nested fixed-size lists
	byteList bool   // []byte as list<uint8>
	since    int    // the format version from which matrix and byteList hold
	optional bool
	extra    bool // optional and left out unless the writer includes it
}

type layout struct {
	typ  reflect.Type
	cols []column
}

var layouts sync.Map // reflect.Type → *layout

func layoutOf(t reflect.Type) *layout {
	if l, ok := layouts.Load(t); ok {
		return l.(*layout)
	}
	l := &layout{typ: t}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("arrow")
		if !ok || tag == "-" {
			continue
		}
		parts := strings.Split(tag, ",")
		c := column{name: parts[0], field: i, typ: f.Type}
		for _, opt := range parts[1:] {
			switch {
			case strings.HasPrefix(opt, "fixed="):
				c.fixed = strings.TrimPrefix(opt, "fixed=")
			case opt == "matrix":
				c.matrix = true
			case opt == "bytelist":
				c.byteList = true
			case strings.HasPrefix(opt, "since="):
				v, err := strconv.Atoi(strings.TrimPrefix(opt, "since="))
				if err != nil || v < 1 {
					panic(fmt.Sprintf("format: %v.%s: bad arrow tag option %q", t, f.Name, opt))
				}
				c.since = v
			case opt == "optional":
				c.optional = true
			case opt == "extra":
				c.optional, c.extra = true, true
			default:
				panic(fmt.Sprintf("format: %v.%s: unknown arrow tag option %q", t, f.Name, opt))
			}
		}
		c.list = f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8
		if c.matrix && (c.fixed != "visible*hidden" || !c.list) || c.byteList && f.Type != reflect.TypeFor[[]byte]() {
			panic(fmt.Sprintf("format: %v.%s: matrix needs a slice with fixed=visible*hidden, bytelist a []byte", t, f.Name))
		}
		if _, err := scalarType(elemOf(c)); err != nil {
			panic(fmt.Sprintf("format: %v.%s: %v", t, f.Name, err))
		}
		l.cols = append(l.cols, c)
	}
	l2, _ := layouts.LoadOrStore(t, l)
	return l2.(*layout)
}

func elemOf(c column) reflect.Type {
	if c.list {
		return c.typ.Elem()
	}
	return c.typ
}

func scalarType(t reflect.Type) (arrow.DataType, error) {
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		return arrow.PrimitiveTypes.Int64, nil
	case reflect.Int32:
		return arrow.PrimitiveTypes.Int32, nil
	case reflect.Int16:
		return arrow.PrimitiveTypes.Int16, nil
	case reflect.Int8:
		return arrow.PrimitiveTypes.Int8, nil
	case reflect.Uint64:
		return arrow.PrimitiveTypes.Uint64, nil
	case reflect.Float32:
		return arrow.PrimitiveTypes.Float32, nil
	case reflect.Float64:
		return arrow.PrimitiveTypes.Float64, nil
	case reflect.Bool:
		return arrow.FixedWidthTypes.Boolean, nil
	case reflect.String:
		return arrow.BinaryTypes.String, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return arrow.BinaryTypes.Binary, nil
		}
	}
	return nil, fmt.Errorf("unsupported column type %v", t)
}

// fixedSize evaluates a fixed-size expression against the header's shape.
func fixedSize(expr string, h Header) (n int, shape []int, err error) {
	switch expr {
	case "visible":
		n, shape = h.Visible, []int{h.Visible}
	case "hidden":
		n, shape = h.Hidden, []int{h.Hidden}
	case "rank":
		n = min(h.Visible, h.Hidden)
		shape = []int{n}
	case "visible*hidden":
		n, shape = h.Visible*h.Hidden, []int{h.Visible, h.Hidden}
	default:
		n, err = strconv.Atoi(expr)
		if err != nil {
			return 0, nil, fmt.Errorf("bad fixed size %q", expr)
		}
		shape = []int{n}
	}
	if n <= 0 || n > 1<<31-1 {
		return 0, nil, fmt.Errorf("size %q is %d for shape %d×%d; it must be positive", expr, n, h.Visible, h.Hidden)
	}
	return n, shape, nil
}

// schema returns the Arrow schema of a row type under a header.
func (l *layout) schema(h Header, omit map[string]bool) (*arrow.Schema, error) {
	fields := make([]arrow.Field, 0, len(l.cols))
	for _, c := range l.cols {
		if omit[c.name] {
			if !c.optional {
				return nil, fmt.Errorf("column %q is required and cannot be omitted", c.name)
			}
			continue
		}
		dt, err := c.dataType(h)
		if err != nil {
			return nil, err
		}
		fields = append(fields, arrow.Field{Name: c.name, Type: dt, Nullable: !c.list && c.typ.Kind() == reflect.Slice})
	}
	md := h.Metadata()
	return arrow.NewSchema(fields, &md), nil
}

// dataType is the column's Arrow type in a stream of h's shape and format
// version.
func (c column) dataType(h Header) (arrow.DataType, error) {
	current := h.Version >= c.since
	if c.byteList && current {
		return arrow.ListOfNonNullable(arrow.PrimitiveTypes.Uint8), nil
	}
	elem, _ := scalarType(elemOf(c))
	if !c.list {
		return elem, nil
	}
	if c.fixed == "" {
		return arrow.ListOfNonNullable(elem), nil
	}
	n, shape, err := fixedSize(c.fixed, h)
	if err != nil {
		return nil, fmt.Errorf("column %q: %v", c.name, err)
	}
	if c.matrix && current {
		return arrow.FixedSizeListOfNonNullable(int32(shape[0]), arrow.FixedSizeListOfNonNullable(int32(shape[1]), elem)), nil
	}
	return arrow.FixedSizeListOfNonNullable(int32(n), elem), nil
}

// FlatValues returns the values of row i of a list column: the array of
// its items and their range [start, end). Nested fixed-size lists (a
// matrix column) are flattened row-major to their innermost values.
func FlatValues(a arrow.Array, i int) (values arrow.Array, start, end int) {
	var s, e int64
	switch l := a.(type) {
	case *array.FixedSizeList:
		s, e = l.ValueOffsets(i)
		values = l.ListValues()
	case *array.List:
		s, e = l.ValueOffsets(i)
		values = l.ListValues()
	default:
		return nil, 0, 0
	}
	for {
		inner, ok := values.(*array.FixedSizeList)
		if !ok {
			return values, int(s), int(e)
		}
		n, off := int64(inner.DataType().(*arrow.FixedSizeListType).Len()), int64(inner.Data().Offset())
		s, e = (off+s)*n, (off+e)*n
		values = inner.ListValues()
	}
}

// ListShape returns the dimensions of a fixed-size list type, nested lists
// included: [N, M] for a matrix column, [n] for a flat one, nil for other
// types.
func ListShape(t arrow.DataType) []int {
	var shape []int
	for {
		l, ok := t.(*arrow.FixedSizeListType)
		if !ok {
			return shape
		}
		shape = append(shape, int(l.Len()))
		t = l.Elem()
	}
}

// appendValue appends one field value to its column builder.
func appendValue(b array.Builder, v reflect.Value, want int) error {
	switch b := b.(type) {
	case *array.Int64Builder:
		b.Append(v.Int())
	case *array.Int32Builder:
		b.Append(int32(v.Int()))
	case *array.Int16Builder:
		b.Append(int16(v.Int()))
	case *array.Int8Builder:
		b.Append(int8(v.Int()))
	case *array.Uint64Builder:
		b.Append(v.Uint())
	case *array.Float32Builder:
		b.Append(float32(v.Float()))
	case *array.Float64Builder:
		b.Append(v.Float())
	case *array.BooleanBuilder:
		b.Append(v.Bool())
	case *array.StringBuilder:
		b.Append(v.String())
	case *array.BinaryBuilder:
		if v.IsNil() {
			b.AppendNull()
		} else {
			b.Append(v.Bytes())
		}
	case *array.FixedSizeListBuilder:
		if v.Len() != want {
			return fmt.Errorf("has %d values, the schema wants %d", v.Len(), want)
		}
		b.Append(true)
		values := b.ValueBuilder()
		for inner, ok := values.(*array.FixedSizeListBuilder); ok; inner, ok = values.(*array.FixedSizeListBuilder) {
			// A matrix: the flat row-major slice fills its rows.
			for range v.Len() / int(inner.Type().(*arrow.FixedSizeListType).Len()) {
				inner.Append(true)
			}
			values = inner.ValueBuilder()
		}
		appendSlice(values, v)
	case *array.ListBuilder:
		if v.Type() == reflect.TypeFor[[]byte]() && v.IsNil() {
			b.AppendNull() // a bytelist column
			return nil
		}
		b.Append(true)
		appendSlice(b.ValueBuilder(), v)
	default:
		return fmt.Errorf("no appender for %T", b)
	}
	return nil
}

func appendSlice(b array.Builder, v reflect.Value) {
	switch s := v.Interface().(type) {
	case []float32:
		b.(*array.Float32Builder).AppendValues(s, nil)
	case []float64:
		b.(*array.Float64Builder).AppendValues(s, nil)
	case []int64:
		b.(*array.Int64Builder).AppendValues(s, nil)
	case []int32:
		b.(*array.Int32Builder).AppendValues(s, nil)
	case []uint8:
		b.(*array.Uint8Builder).AppendValues(s, nil)
	case []bool:
		b.(*array.BooleanBuilder).AppendValues(s, nil)
	default:
		for i := 0; i < v.Len(); i++ {
			_ = appendValue(b, v.Index(i), 0)
		}
	}
}

// readValue stores row i of array a into v, reusing v's slice capacity.
func readValue(a arrow.Array, i int, v reflect.Value) {
	switch a := a.(type) {
	case *array.Int64:
		v.SetInt(a.Value(i))
	case *array.Int32:
		v.SetInt(int64(a.Value(i)))
	case *array.Int16:
		v.SetInt(int64(a.Value(i)))
	case *array.Int8:
		v.SetInt(int64(a.Value(i)))
	case *array.Uint64:
		v.SetUint(a.Value(i))
	case *array.Float32:
		v.SetFloat(float64(a.Value(i)))
	case *array.Float64:
		v.SetFloat(a.Value(i))
	case *array.Boolean:
		v.SetBool(a.Value(i))
	case *array.String:
		v.SetString(a.Value(i))
	case *array.Binary:
		if a.IsNull(i) {
			v.SetBytes(nil)
		} else {
			v.SetBytes(append(v.Bytes()[:0], a.Value(i)...))
		}
	case *array.List:
		if v.Type() == reflect.TypeFor[[]byte]() && a.IsNull(i) {
			v.SetBytes(nil) // a bytelist column
			return
		}
		values, start, end := FlatValues(a, i)
		readSlice(values, start, end, v)
	case *array.FixedSizeList:
		values, start, end := FlatValues(a, i)
		readSlice(values, start, end, v)
	}
}

func readSlice(a arrow.Array, start, end int, v reflect.Value) {
	n := end - start
	if v.Cap() < n {
		v.Set(reflect.MakeSlice(v.Type(), n, n))
	} else {
		v.SetLen(n)
	}
	switch a := a.(type) {
	case *array.Float32:
		copy(v.Interface().([]float32), a.Float32Values()[start:end])
	case *array.Float64:
		copy(v.Interface().([]float64), a.Float64Values()[start:end])
	case *array.Int64:
		copy(v.Interface().([]int64), a.Int64Values()[start:end])
	case *array.Int32:
		copy(v.Interface().([]int32), a.Int32Values()[start:end])
	case *array.Uint8:
		copy(v.Interface().([]uint8), a.Uint8Values()[start:end])
	case *array.Boolean:
		dst := v.Interface().([]bool)
		for j := range dst {
			dst[j] = a.Value(start + j)
		}
	default:
		for j := 0; j < n; j++ {
			readValue(a, start+j, v.Index(j))
		}
	}
}

// compatible reports whether a stream column's type can be read into c: the
// same type, ignoring the nullability of list items, nested ones included
// (other writers, such as pyarrow, mark them nullable).
func compatible(want, got arrow.DataType) bool {
	switch w := want.(type) {
	case *arrow.FixedSizeListType:
		g, ok := got.(*arrow.FixedSizeListType)
		return ok && w.Len() == g.Len() && compatible(w.Elem(), g.Elem())
	case *arrow.ListType:
		g, ok := got.(*arrow.ListType)
		return ok && compatible(w.Elem(), g.Elem())
	}
	return arrow.TypeEqual(want, got)
}
