package interop

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
	"codeberg.org/sbinet/npyio/npz"

	"github.com/rbmkit/rbmkit/rbm"
)

// The npz key names recognised for each array, in order of preference.
var npzNames = map[string][]string{
	"W":     {"W", "weight_matrix", "weights", "w"},
	"a":     {"a", "vbias", "visible_bias", "v_bias"},
	"b":     {"b", "hbias", "hidden_bias", "h_bias"},
	"epoch": {"epoch", "epochs"},
	"step":  {"step", "steps", "updates"},
}

// KeyRoles are the arrays Options.Keys can name.
var KeyRoles = []string{"W", "a", "b", "epoch", "step"}

// readNPYArray decodes one .npy stream.
// size is the number of bytes after the header that the array may use
// (the zip entry's or the file's size): a header claiming more is refused
// before anything is allocated.
//
// budget, if not nil, is asked for the memory decoding the values takes:
// a small archive of compressed zeros can describe gigabytes of values
// legitimately, and whether to hold them is the caller's limit.
func readNPYArray(r io.Reader, name string, size int64, budget func(string, float64) error) (x array, err error) {
	x = array{name: name}
	defer func() {
		// npyio panics on some malformed headers; a bad file is an error.
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: not a readable .npy array: %v", name, p)
		}
	}()
	br := bufio.NewReader(r)
	if err := checkNPYHeader(br, name); err != nil {
		return x, err
	}
	nr, err := npy.NewReader(br)
	if err != nil {
		return x, fmt.Errorf("%s: not a readable .npy array: %v", name, err)
	}
	typ := nr.Header.Descr.Type
	item := 0
	if t := strings.Trim(typ, `'" `); len(t) == 3 && strings.ContainsRune("<>|=", rune(t[0])) && strings.ContainsRune("fiub", rune(t[1])) {
		item, _ = strconv.Atoi(t[2:])
	}
	if item <= 0 || item > 8 {
		return x, fmt.Errorf("%s: dtype %s is not a real number type", name, typ)
	}
	need := int64(item)
	for _, d := range nr.Header.Descr.Shape {
		if d < 0 || (d > 0 && need > size/int64(d)+1) {
			return x, fmt.Errorf("%s: shape %v needs more bytes than the file's %d (truncated?)", name, nr.Header.Descr.Shape, size)
		}
		need *= int64(d)
	}
	if need > size {
		return x, fmt.Errorf("%s: shape %v needs %d bytes, the file has %d (truncated?)", name, nr.Header.Descr.Shape, need, size)
	}
	if budget != nil {
		// The values as decoded, as float64, reordered or transposed, and
		// as the float32 of the snapshots.
		count := float64(need / int64(item))
		if err := budget(fmt.Sprintf("array %s of shape %v", name, nr.Header.Descr.Shape), float64(need)+count*(8+8+4)); err != nil {
			return x, err
		}
	}
	var arr npy.Array
	if err := nr.Read(&arr); err != nil {
		return x, fmt.Errorf("%s: reading %s values: %v", name, typ, err)
	}
	x.shape = append([]int(nil), arr.Shape()...)
	count := 1
	for _, d := range x.shape {
		count *= d
	}
	switch v := arr.Data().(type) {
	case []float32:
		x.values = make([]float64, len(v))
		for i, f := range v {
			x.values[i] = float64(f)
		}
	case []float64:
		x.values, x.float64 = v, true
	case []int64:
		x.values = intsTo64(v)
	case []int32:
		x.values = intsTo64(v)
	case []int16:
		x.values = intsTo64(v)
	case []int8:
		x.values = intsTo64(v)
	case []uint8:
		x.values = intsTo64(v)
	case []uint16:
		x.values = intsTo64(v)
	case []uint32:
		x.values = intsTo64(v)
	default:
		return x, fmt.Errorf("%s: dtype %s is not a real number type", name, typ)
	}
	if len(x.values) != count {
		return x, fmt.Errorf("%s: shape %s needs %d values, the file has %d (truncated?)", name, x.shapeString(), count, len(x.values))
	}
	if nr.Header.Descr.Fortran && len(x.shape) > 1 {
		x.values = fromFortran(x.values, x.shape)
	}
	return x, nil
}

// maxNPYHeader bounds the header length an .npy file may declare: numpy
// writes a few hundred bytes and reads at most 10,000 by default
// (max_header_size); the decoder would allocate whatever is declared
// (a 4-byte length in format versions 2 and 3) before reading it.
const maxNPYHeader = 1 << 16

// checkNPYHeader refuses an .npy stream whose declared header length is
// out of bounds, before anything is allocated for it.
func checkNPYHeader(br *bufio.Reader, name string) error {
	head, err := br.Peek(12)
	if err != nil || string(head[:6]) != "\x93NUMPY" {
		return nil // the decoder says what is wrong
	}
	n := int(binary.LittleEndian.Uint16(head[8:10]))
	if head[6] >= 2 {
		n = int(binary.LittleEndian.Uint32(head[8:12]))
	}
	if n > maxNPYHeader {
		return fmt.Errorf("%s: not a readable .npy array: its header claims %d bytes (numpy writes at most %d)", name, n, maxNPYHeader)
	}
	return nil
}

func intsTo64[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32](v []T) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// fromFortran reorders column-major values into C order.
func fromFortran(v []float64, shape []int) []float64 {
	out := make([]float64, len(v))
	nd := len(shape)
	idx := make([]int, nd)
	for f := range v {
		// f is the Fortran offset of idx (first index fastest).
		c := 0
		for d := 0; d < nd; d++ {
			c = c*shape[d] + idx[d]
		}
		out[c] = v[f]
		for d := 0; d < nd; d++ {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out
}

func readNPZ(data []byte, opt Options) (*Archive, error) {
	zr, err := npz.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable npz archive (truncated?): %v", unwrap(err))
	}
	// The bytes each entry can hold: its stated size, at most what deflate
	// can expand its compressed bytes to (about 1032:1), so that a header
	// cannot make the reader allocate more than the file can fill.
	entrySize := map[string]int64{}
	if z, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range z.File {
			limit := int64(f.CompressedSize64)
			if f.Method != zip.Store {
				limit = 1100*limit + 1024
			}
			entrySize[f.Name] = min(int64(min(f.UncompressedSize64, 1<<62)), limit)
		}
	}
	have := map[string]string{} // key without .npy → zip entry
	var names []string
	for _, k := range zr.Keys() {
		base := strings.TrimSuffix(k, ".npy")
		have[base] = k
		names = append(names, base)
	}
	sort.Strings(names)
	pick := func(role string, required bool) (string, error) {
		if k, ok := opt.Keys[role]; ok {
			if _, ok := have[k]; !ok {
				return "", fmt.Errorf("-keys %s=%s: no such array; the file has %s", role, k, strings.Join(names, ", "))
			}
			return k, nil
		}
		for _, k := range npzNames[role] {
			if _, ok := have[k]; ok {
				return k, nil
			}
		}
		if required {
			return "", fmt.Errorf("no %s array: the file has %s, none of the known names %s; name it with -keys %s=NAME",
				role, strings.Join(names, ", "), strings.Join(npzNames[role], ", "), role)
		}
		return "", nil
	}
	load := func(key string) (array, error) {
		rc, err := zr.Open(have[key])
		if err != nil {
			return array{}, fmt.Errorf("%s: %v", key, unwrap(err))
		}
		defer rc.Close()
		return readNPYArray(rc, key, entrySize[have[key]], opt.Budget)
	}
	var arrs [3]array
	for i, role := range []string{"W", "a", "b"} {
		key, err := pick(role, true)
		if err != nil {
			return nil, err
		}
		if arrs[i], err = load(key); err != nil {
			return nil, err
		}
	}
	snaps, n, m, wasT, err := assemble(arrs[0], arrs[1], arrs[2], opt.Transposed, false)
	if err != nil {
		return nil, err
	}
	for _, role := range []string{"epoch", "step"} {
		key, err := pick(role, false)
		if err != nil {
			return nil, err
		}
		if key == "" {
			continue
		}
		x, err := load(key)
		if err != nil {
			return nil, err
		}
		c, err := counters(x, len(snaps))
		if err != nil {
			return nil, err
		}
		for i := range snaps {
			if role == "epoch" {
				snaps[i].Epoch = c[i]
			} else {
				snaps[i].Step = c[i]
			}
		}
	}
	a := &Archive{Layout: LayoutNPZ, Units: unitsOr(opt), Visible: n, Hidden: m, Transposed: wasT,
		Converted: arrs[0].float64 || arrs[1].float64 || arrs[2].float64, Snapshots: snaps}
	return a, nil
}

// readNPY reads a lone weight matrix (or stack): its biases are zero.
func readNPY(data []byte, opt Options) (*Archive, error) {
	w, err := readNPYArray(bytes.NewReader(data), "W", int64(len(data)), opt.Budget)
	if err != nil {
		return nil, err
	}
	r, c := 0, 0
	if len(w.shape) >= 2 {
		r, c = w.shape[len(w.shape)-2], w.shape[len(w.shape)-1]
	}
	if opt.Transposed {
		r, c = c, r
	}
	va := array{name: "a (absent: zero)", shape: []int{r}, values: make([]float64, r)}
	hb := array{name: "b (absent: zero)", shape: []int{c}, values: make([]float64, c)}
	snaps, n, m, wasT, err := assemble(w, va, hb, opt.Transposed, false)
	if err != nil {
		return nil, err
	}
	return &Archive{Layout: LayoutNPY, Units: unitsOr(opt), Visible: n, Hidden: m, Transposed: wasT,
		Converted: w.float64, Snapshots: snaps}, nil
}

func unitsOr(opt Options) rbm.Units {
	if opt.Units != nil {
		return *opt.Units
	}
	return rbm.Bernoulli
}

// unwrap drops npyio's "npz: could not ...:" prefixes down to the cause.
func unwrap(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// WriteNPZ writes the archive as numpy.savez would: W (K×N×M float32),
// a (K×N), b (K×M), epoch and step (K int64).
func WriteNPZ(w io.Writer, a *Archive) error {
	k := len(a.Snapshots)
	W := make([][][]float32, k)
	A := make([][]float32, k)
	B := make([][]float32, k)
	epoch := make([]int64, k)
	step := make([]int64, k)
	for s, snap := range a.Snapshots {
		W[s] = make([][]float32, a.Visible)
		for i := range W[s] {
			W[s][i] = snap.W[i*a.Hidden : (i+1)*a.Hidden]
		}
		A[s], B[s], epoch[s], step[s] = snap.A, snap.B, snap.Epoch, snap.Step
	}
	zw := npz.NewWriter(w)
	for _, e := range []struct {
		name string
		v    any
	}{{"W", W}, {"a", A}, {"b", B}, {"epoch", epoch}, {"step", step}} {
		if err := zw.Write(e.name+".npy", e.v); err != nil {
			return err
		}
	}
	return zw.Close()
}

// hyperJSON renders a value for Hyperparameters.
func hyperJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	return b
}
