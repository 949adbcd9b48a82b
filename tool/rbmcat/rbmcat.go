package rbmcat

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

// Tool is the rbm-cat command.
var Tool = cli.Tool{
	Name:     "rbm-cat",
	Synopsis: "[flags] [stream]",
	Summary: `Print an rbmkit stream (any kind) as text: TSV (default), CSV or JSON lines.
List columns (weights, configurations, vectors) print as a summary
(NAME.shape, .min, .max, .mean, .norm) unless -full is given.`,
	Example: `rbm-cat run.arrows | column -t
rbm-cat -meta run.arrows
rbm-cat -format jsonl -full -limit 3 mnist.arrows
rbm-svd < run.arrows | rbm-cat -columns epoch,mode,sigma | awk '$2 == 0'`,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		var o options
		fs.StringVar(&o.format, "format", "tsv", "output format: tsv, csv or jsonl")
		cli.Alias(fs, "f", "format")
		fs.BoolVar(&o.full, "full", false, "print list columns in full instead of summaries")
		fs.BoolVar(&o.meta, "meta", false, "print the header metadata and schema, not the rows")
		fs.IntVar(&o.head, "limit", 0, "print at most `n` rows (0: all)")
		cli.Alias(fs, "head", "limit")
		fs.StringVar(&o.columns, "columns", "", "comma-separated `list` of columns to print (default: all)")
		fs.BoolVar(&o.noHeader, "no-header", false, "omit the TSV/CSV header line")
		return o.run
	},
}

type options struct {
	format, columns      string
	full, meta, noHeader bool
	head                 int
}

func (o *options) run(r *cli.Run) error {
	switch o.format {
	case "tsv", "csv", "jsonl":
	default:
		return cli.Usagef("-format %q: want tsv, csv or jsonl", o.format)
	}
	if o.head < 0 {
		return cli.Usagef("-limit must be ≥ 0, got %d", o.head)
	}
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	defer in.Close()
	s, err := format.OpenStream(in, name)
	if err != nil {
		return err
	}
	defer s.Close()
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	w := bufio.NewWriterSize(out, 1<<16)
	if o.meta {
		err = printMeta(w, s)
	} else {
		err = o.printRows(w, s)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	return out.Commit()
}

func printMeta(w io.Writer, s *format.Stream) error {
	md := s.Schema().Metadata()
	keys := md.Keys()
	vals := md.Values()
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	for _, i := range idx {
		v := vals[i]
		if keys[i] == format.KeyProvenance {
			var steps []format.Step
			if json.Unmarshal([]byte(v), &steps) == nil {
				fmt.Fprintf(w, "%s\n", keys[i])
				for _, st := range steps {
					fmt.Fprintf(w, "\t%s %s %s\n", st.Tool, st.Version, strings.Join(st.Args, " "))
				}
				continue
			}
		}
		fmt.Fprintf(w, "%s\t%s\n", keys[i], v)
	}
	fmt.Fprintf(w, "columns\n")
	for _, f := range s.Schema().Fields() {
		ext := ""
		if n, ok := f.Metadata.GetValue("ARROW:extension:name"); ok {
			m, _ := f.Metadata.GetValue("ARROW:extension:metadata")
			ext = " " + n + " " + m
		}
		fmt.Fprintf(w, "\t%s\t%v%s\n", f.Name, f.Type, ext)
	}
	_, err := fmt.Fprint(w)
	return err
}

// cell is one printed value: text for TSV/CSV, a JSON value for JSON lines.
type cell struct {
	text string
	json any
}

func (o *options) printRows(w io.Writer, s *format.Stream) error {
	sel, err := o.selectColumns(s)
	if err != nil {
		return err
	}
	fields := s.Schema().Fields()
	rw := &rowWriter{w: w, format: o.format, names: o.columnNames(fields, sel)}
	if o.format == "csv" {
		rw.csv = csv.NewWriter(w)
	}
	if !o.noHeader && o.format != "jsonl" {
		hdr := make([]cell, len(rw.names))
		for i, n := range rw.names {
			hdr[i] = cell{text: n}
		}
		if err := rw.write(hdr); err != nil {
			return err
		}
	}
	printed := 0
	h := s.Header()
	for s.Next() && (o.head == 0 || printed < o.head) {
		rec := s.Record()
		for row := 0; row < int(rec.NumRows()) && (o.head == 0 || printed < o.head); row++ {
			var cells []cell
			for _, i := range sel {
				cells = append(cells, o.cells(rec.Column(i), row, fields[i], h)...)
			}
			if err := rw.write(cells); err != nil {
				return err
			}
			printed++
		}
	}
	if err := rw.flush(); err != nil {
		return err
	}
	return s.Err()
}

// selectColumns returns the indices of the -columns, in their order (all
// columns without -columns).
func (o *options) selectColumns(s *format.Stream) ([]int, error) {
	fields := s.Schema().Fields()
	var sel []int
	if o.columns == "" {
		for i := range fields {
			sel = append(sel, i)
		}
		return sel, nil
	}
	for _, name := range strings.Split(o.columns, ",") {
		idx := s.Schema().FieldIndices(strings.TrimSpace(name))
		if len(idx) == 0 {
			var have []string
			for _, f := range fields {
				have = append(have, f.Name)
			}
			return nil, cli.Usagef("-columns: no column %q in this %s stream (it has %s)", name, s.Header().Kind, strings.Join(have, ", "))
		}
		sel = append(sel, idx[0])
	}
	return sel, nil
}

// columnNames names the printed columns: a list column is its summary's
// columns unless -full.
func (o *options) columnNames(fields []arrow.Field, sel []int) []string {
	var names []string
	for _, i := range sel {
		f := fields[i]
		if isList(f.Type) && !o.full {
			for _, suffix := range summaryNames {
				names = append(names, f.Name+"."+suffix)
			}
		} else {
			names = append(names, f.Name)
		}
	}
	return names
}

// rowWriter prints rows of cells as TSV, CSV or JSON lines.
type rowWriter struct {
	w      io.Writer
	format string
	names  []string
	csv    *csv.Writer
}

func (rw *rowWriter) write(cells []cell) error {
	if rw.format == "jsonl" {
		var b strings.Builder
		b.WriteByte('{')
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(rw.names[i])
			v, err := json.Marshal(c.json)
			if err != nil {
				return err
			}
			b.Write(k)
			b.WriteByte(':')
			b.Write(v)
		}
		b.WriteString("}\n")
		_, err := io.WriteString(rw.w, b.String())
		return err
	}
	texts := make([]string, len(cells))
	for i, c := range cells {
		texts[i] = c.text
	}
	if rw.csv != nil {
		return rw.csv.Write(texts)
	}
	_, err := io.WriteString(rw.w, strings.Join(texts, "\t")+"\n")
	return err
}

func (rw *rowWriter) flush() error {
	if rw.csv == nil {
		return nil
	}
	rw.csv.Flush()
	return rw.csv.Error()
}

var summaryNames = []string{"shape", "min", "max", "mean", "norm"}

func isList(t arrow.DataType) bool {
	switch t.(type) {
	case *arrow.FixedSizeListType, *arrow.ListType:
		return !isBytes(t)
	}
	return false
}

// isBytes reports a list of bytes (a checkpoint's state), which prints as
// its length, as a binary column does.
func isBytes(t arrow.DataType) bool {
	l, ok := t.(*arrow.ListType)
	return ok && l.Elem().ID() == arrow.UINT8
}

// cells renders one value of a column: one cell, or the five summary
// cells of a list.
func (o *options) cells(a arrow.Array, row int, f arrow.Field, h format.Header) []cell {
	values, start, end := format.FlatValues(a, row)
	if values == nil {
		return []cell{scalar(a, row)}
	}
	if isBytes(f.Type) {
		if a.IsNull(row) {
			return []cell{{"", nil}}
		}
		return []cell{{fmt.Sprintf("%d bytes", end-start), end - start}}
	}
	if a.IsNull(row) {
		if o.full {
			return []cell{{"", nil}}
		}
		return make([]cell, len(summaryNames))
	}
	if o.full {
		texts := make([]string, 0, end-start)
		js := make([]any, 0, end-start)
		_, isBool := values.(*array.Boolean)
		for i := start; i < end; i++ {
			c := scalar(values, i)
			texts = append(texts, c.text)
			js = append(js, c.json)
		}
		sep := " "
		if isBool {
			sep = ""
		}
		return []cell{{strings.Join(texts, sep), js}}
	}
	return summarize(values, start, end, shapeOf(f, end-start))
}

// shapeOf reads a list column's shape: a matrix's from its nested
// fixed-size lists, a version-1 checkpoint's W from its tensor extension
// metadata; other lists are one-dimensional.
func shapeOf(f arrow.Field, n int) string {
	if shape := format.ListShape(f.Type); len(shape) > 1 {
		parts := make([]string, len(shape))
		for i, d := range shape {
			parts[i] = strconv.Itoa(d)
		}
		return strings.Join(parts, "x")
	}
	if m, ok := f.Metadata.GetValue("ARROW:extension:metadata"); ok {
		var meta struct{ Shape []int }
		if json.Unmarshal([]byte(m), &meta) == nil && len(meta.Shape) > 0 {
			parts := make([]string, len(meta.Shape))
			for i, d := range meta.Shape {
				parts[i] = strconv.Itoa(d)
			}
			return strings.Join(parts, "x")
		}
	}
	return strconv.Itoa(n)
}

func summarize(values arrow.Array, start, end int, shape string) []cell {
	n := end - start
	lo, hi, sum, sq := math.Inf(1), math.Inf(-1), 0.0, 0.0
	for i := start; i < end; i++ {
		x, ok := format.Number(values, i)
		if !ok {
			return []cell{{shape, shape}, {}, {}, {}, {}}
		}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
		sum += x
		sq += x * x
	}
	if n == 0 {
		return []cell{{shape, shape}, {"", nil}, {"", nil}, {"", nil}, {"0", 0.0}}
	}
	f := func(x float64) cell { return cell{strconv.FormatFloat(x, 'g', 6, 64), jsonFloat(x)} }
	return []cell{{shape, shape}, f(lo), f(hi), f(sum / float64(n)), f(math.Sqrt(sq))}
}

// jsonFloat keeps NaN and ±Inf printable in JSON (as strings).
func jsonFloat(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return x
}

func scalar(a arrow.Array, i int) cell {
	if a.IsNull(i) {
		return cell{"", nil}
	}
	switch a := a.(type) {
	case *array.Int64:
		return cell{strconv.FormatInt(a.Value(i), 10), a.Value(i)}
	case *array.Int32:
		return cell{strconv.FormatInt(int64(a.Value(i)), 10), a.Value(i)}
	case *array.Int16:
		return cell{strconv.FormatInt(int64(a.Value(i)), 10), a.Value(i)}
	case *array.Int8:
		return cell{strconv.FormatInt(int64(a.Value(i)), 10), a.Value(i)}
	case *array.Uint64:
		return cell{strconv.FormatUint(a.Value(i), 10), a.Value(i)}
	case *array.Float32:
		x := a.Value(i)
		return cell{strconv.FormatFloat(float64(x), 'g', -1, 32), jsonFloat(float64(x))}
	case *array.Float64:
		x := a.Value(i)
		return cell{strconv.FormatFloat(x, 'g', -1, 64), jsonFloat(x)}
	case *array.Boolean:
		if a.Value(i) {
			return cell{"1", 1}
		}
		return cell{"0", 0}
	case *array.String:
		return cell{a.Value(i), a.Value(i)}
	case *array.Binary:
		n := len(a.Value(i))
		return cell{fmt.Sprintf("%d bytes", n), n}
	}
	return cell{a.ValueStr(i), a.ValueStr(i)}
}
