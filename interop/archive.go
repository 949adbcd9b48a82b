package interop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/rbm"
)

// The layouts an Archive can come from.
const (
	LayoutNPZ     = "npz"     // numpy.savez / savez_compressed
	LayoutNPY     = "npy"     // numpy.save of the weight matrix alone
	LayoutDsysDML = "dsysdml" // DsysDML/rbms and TorchRBM HDF5 archives
	LayoutJulia   = "julia"   // RestrictedBoltzmannMachinesHDF5.jl files
	LayoutTorch   = "torch"   // torch.save of a state dict (zip or legacy)
)

// Unknown is the epoch or step of a snapshot whose source did not record it.
const Unknown = -1

// Snapshot is one saved model of an archive: W is N×M row-major (W[i·M+j]
// couples visible i and hidden j), A has N and B M values.
type Snapshot struct {
	Epoch, Step int64
	W, A, B     []float32
}

// Archive is a sequence of models of one shape and unit convention, as read
// from or written to another tool's file.
type Archive struct {
	// Layout is one of the Layout constants.
	Layout          string
	Units           rbm.Units
	Visible, Hidden int
	// ModelType is the source's own name for the model (DsysDML's
	// model_type, Julia's layer types), "" when the file has none.
	ModelType string
	// Hyperparameters are the source's training settings, as JSON values
	// (numbers, strings, arrays), by name.
	Hyperparameters map[string]jsonValue
	// Transposed says that the source stored W as M×N.
	Transposed bool
	// Converted says that the source stored float64 values, rounded here
	// to float32 (the nearest float32; exact when the values are float32).
	Converted bool
	Snapshots []Snapshot
}

// Options say how to read a file whose layout leaves choices open.
type Options struct {
	// Keys names the arrays of an npz file: "W", "a", "b", "epoch",
	// "step" to the file's key (without ".npy").
	Keys map[string]string
	// Transposed forces W to be read as M×N (hidden rows). Without it the
	// orientation follows the biases' lengths, N×M when they cannot tell.
	Transposed bool
	// Units is the unit convention of layouts that do not record one (npz,
	// npy); nil means Bernoulli.
	Units *rbm.Units
	// UpdatesPerEpoch, when positive, gives the epoch of DsysDML snapshots
	// as n / UpdatesPerEpoch (their files record only the update count n).
	UpdatesPerEpoch int64
	// Budget, if set, is asked before an array is decoded whether the
	// memory its shape implies may be allocated (cli.Run.Need).
	Budget func(what string, bytes float64) error
}

// Kind names a file's container from its first bytes: "torch" (a
// torch.save file: a zip holding data.pkl, or the legacy format's magic
// number), "npz", "npy", "hdf5", or "" when it is none of them.
func Kind(head []byte) string {
	switch {
	case isTorchLegacy(head), bytes.HasPrefix(head, []byte("PK\x03\x04")) && isTorchZip(head):
		return "torch"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "npz"
	case bytes.HasPrefix(head, []byte("\x93NUMPY")):
		return "npy"
	}
	// The HDF5 superblock is at 0 or after a user block of 512·2^k bytes.
	for off := 0; off+8 <= len(head); off = max(512, 2*off) {
		if bytes.Equal(head[off:off+8], []byte("\x89HDF\r\n\x1a\n")) {
			return "hdf5"
		}
	}
	return ""
}

// Read decodes a model file held in data; path names it in errors and,
// for HDF5, is the file the library opens (data must be its contents).
func Read(data []byte, path string, opt Options) (*Archive, error) {
	var a *Archive
	var err error
	if ask := opt.Budget; ask != nil {
		// The arrays read are all kept (one per snapshot in some layouts):
		// each request is for all of them so far.
		var held float64
		arrays := 0
		opt.Budget = func(what string, bytes float64) error {
			held += bytes
			if arrays++; arrays > 1 {
				what = fmt.Sprintf("%s with the %d arrays before it", what, arrays-1)
			}
			return ask(what, held)
		}
	}
	switch k := Kind(data); k {
	case "torch":
		a, err = readTorch(data, opt)
	case "npz":
		a, err = readNPZ(data, opt)
	case "npy":
		a, err = readNPY(data, opt)
	case "hdf5":
		a, err = readHDF5(path, opt)
	default:
		n := min(len(data), 8)
		return nil, fmt.Errorf("%s: not an npz, npy, PyTorch or HDF5 file (it begins with %q)", path, data[:n])
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// Validate checks the shapes and that every parameter is finite.
func (a *Archive) Validate() error {
	if a.Visible <= 0 || a.Hidden <= 0 {
		return fmt.Errorf("model shape %d×%d: both layers need units", a.Visible, a.Hidden)
	}
	if len(a.Snapshots) == 0 {
		return errors.New("no models in the file")
	}
	for k, s := range a.Snapshots {
		if len(s.W) != a.Visible*a.Hidden || len(s.A) != a.Visible || len(s.B) != a.Hidden {
			return fmt.Errorf("snapshot %d: shape %d×%d but %d weights, %d visible and %d hidden biases",
				k, a.Visible, a.Hidden, len(s.W), len(s.A), len(s.B))
		}
		for _, p := range []struct {
			name string
			v    []float32
		}{{"W", s.W}, {"a", s.A}, {"b", s.B}} {
			for i, x := range p.v {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					return fmt.Errorf("snapshot %d (step %d): %s[%d] is %v: non-finite parameters", k, s.Step, p.name, i, x)
				}
			}
		}
	}
	return nil
}

// array is an n-dimensional array read from a file, in C order, as float64
// (every float32 and integer value exactly).
type array struct {
	name   string
	shape  []int
	values []float64
	// float64 says the source held float64 values.
	float64 bool
}

func (x array) shapeString() string {
	parts := make([]string, len(x.shape))
	for i, d := range x.shape {
		parts[i] = strconv.Itoa(d)
	}
	if len(parts) == 0 {
		return "scalar"
	}
	return strings.Join(parts, "×")
}

// squeeze drops the dimensions of size 1.
func squeeze(shape []int) []int {
	var out []int
	for _, d := range shape {
		if d != 1 {
			out = append(out, d)
		}
	}
	return out
}

// to32 rounds to float32 and refuses values beyond its range and non-finite
// ones, naming the array and the index.
func to32(x array, values []float64, offset int) ([]float32, error) {
	out := make([]float32, len(values))
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s[%d] is %v: non-finite parameters", x.name, offset+i, v)
		}
		f := float32(v)
		if math.IsInf(float64(f), 0) {
			return nil, fmt.Errorf("%s[%d] = %g is beyond float32's range", x.name, offset+i, v)
		}
		out[i] = f
	}
	return out, nil
}

// assemble builds the snapshots from a weight array (N×M, M×N, or with a
// leading snapshot axis K) and the bias arrays (one vector, shared, or one
// per snapshot). preferTransposed picks M×N when the shapes cannot tell
// (square W).
func assemble(w, va, hb array, transposed, preferTransposed bool) (snaps []Snapshot, n, m int, wasT bool, err error) {
	var k, r, c int
	switch len(w.shape) {
	case 2:
		k, r, c = 1, w.shape[0], w.shape[1]
	case 3:
		k, r, c = w.shape[0], w.shape[1], w.shape[2]
	default:
		return nil, 0, 0, false, fmt.Errorf("weights %s have shape %s: want a matrix (N×M or M×N) or a stack of them (K×N×M)", w.name, w.shapeString())
	}
	if k == 0 || r == 0 || c == 0 {
		return nil, 0, 0, false, fmt.Errorf("weights %s have shape %s: empty", w.name, w.shapeString())
	}
	length := func(x array) (int, bool, error) {
		s := squeeze(x.shape)
		switch {
		case len(s) == 0 && len(x.values) == 1:
			return 1, false, nil
		case len(s) == 1 && (k == 1 || s[0] != k || len(x.shape) == 1):
			return s[0], false, nil
		case len(s) == 1 && s[0] == k && len(x.shape) > 1: // K×1: one unit per snapshot
			return 1, true, nil
		case len(s) == 2 && s[0] == k:
			return s[1], true, nil
		}
		return 0, false, fmt.Errorf("bias %s has shape %s: want a vector, or one per snapshot (%d×L)", x.name, x.shapeString(), k)
	}
	la, aPer, err := length(va)
	if err != nil {
		return nil, 0, 0, false, err
	}
	lb, bPer, err := length(hb)
	if err != nil {
		return nil, 0, 0, false, err
	}
	switch {
	case transposed:
		wasT = true
	case r == la && c == lb && (r != c || !preferTransposed):
		wasT = false
	case r == lb && c == la:
		wasT = true
	}
	n, m = r, c
	if wasT {
		n, m = c, r
	}
	if la != n || lb != m {
		orient := "N×M"
		if wasT {
			orient = "M×N (transposed)"
		}
		return nil, 0, 0, false, fmt.Errorf("shapes disagree: weights %s are %d×%d, read as %s, but visible bias %s has %d values and hidden bias %s %d",
			w.name, r, c, orient, va.name, la, hb.name, lb)
	}
	for s := 0; s < k; s++ {
		raw := w.values[s*r*c : (s+1)*r*c]
		if wasT {
			t := make([]float64, len(raw))
			for j := 0; j < m; j++ {
				for i := 0; i < n; i++ {
					t[i*m+j] = raw[j*n+i]
				}
			}
			raw = t
		}
		var snap Snapshot
		if snap.W, err = to32(w, raw, s*r*c); err != nil {
			return nil, 0, 0, false, err
		}
		ao, bo := 0, 0
		if aPer {
			ao = s * n
		}
		if bPer {
			bo = s * m
		}
		if snap.A, err = to32(va, va.values[ao:ao+n], ao); err != nil {
			return nil, 0, 0, false, err
		}
		if snap.B, err = to32(hb, hb.values[bo:bo+m], bo); err != nil {
			return nil, 0, 0, false, err
		}
		snap.Epoch, snap.Step = Unknown, Unknown
		snaps = append(snaps, snap)
	}
	return snaps, n, m, wasT, nil
}

// counters reads an epoch or step array of K integers.
func counters(x array, k int) ([]int64, error) {
	if len(x.values) != k {
		return nil, fmt.Errorf("%s has %d values for %d snapshots", x.name, len(x.values), k)
	}
	out := make([]int64, k)
	for i, v := range x.values {
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return nil, fmt.Errorf("%s[%d] = %v is not an integer", x.name, i, v)
		}
		out[i] = int64(v)
	}
	return out, nil
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonValue is a hyperparameter's value as JSON.
type jsonValue = json.RawMessage

// decodeHyper reads a hyperparameter back: an integer (int64), another
// number (float64), a string, or a list of numbers ([]float64).
func decodeHyper(raw jsonValue) (any, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var i int64
	if json.Unmarshal(raw, &i) == nil {
		return i, nil
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f, nil
	}
	var l []float64
	if json.Unmarshal(raw, &l) == nil {
		return l, nil
	}
	return nil, fmt.Errorf("%s is not a number, a string or a list of numbers", raw)
}

// Equal reports whether two snapshots have the same epoch, step and
// parameters, bit for bit.
func (s Snapshot) Equal(t Snapshot) bool {
	same := func(x, y []float32) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
		return true
	}
	return s.Epoch == t.Epoch && s.Step == t.Step && same(s.W, t.W) && same(s.A, t.A) && same(s.B, t.B)
}
