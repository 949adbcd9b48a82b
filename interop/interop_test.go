package interop

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// python runs Debian's Python with numpy and h5py (python3-numpy,
// python3-h5py; scripts/deps installs them). Their absence fails the test: the
// fixtures' truth comes from the producers' libraries.
func python(t *testing.T, args ...string) []byte {
	t.Helper()
	return pythonIn(t, "", args...)
}

// pythonIn is python run in dir.
func pythonIn(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("/usr/bin/python3 %s: %v\n%s(needs Debian's python3-numpy, python3-h5py and python3-torch)", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

type reference struct {
	W, A, B []float32
	Shape   []int
	Step    *int64
	Epoch   *int64
}

func floats(t *testing.T, h string) []float32 {
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// references reads a fixture with numpy/h5py (testdata/reference.py).
func references(t *testing.T, path string) []reference {
	var out []reference
	for _, line := range strings.Split(strings.TrimSpace(string(python(t, "testdata/reference.py", path))), "\n") {
		var raw struct {
			W, A, B     string
			Shape       []int
			Step, Epoch *int64
		}
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatalf("reference.py: %v: %q", err, line)
		}
		out = append(out, reference{W: floats(t, raw.W), A: floats(t, raw.A), B: floats(t, raw.B), Shape: raw.Shape, Step: raw.Step, Epoch: raw.Epoch})
	}
	return out
}

func readFixture(t *testing.T, path string, opt Options) (*Archive, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Read(data, path, opt)
}

func isHDF5(name string) bool { return strings.HasSuffix(name, ".h5") }

var spin = rbm.Spin

func TestReadFixtures(t *testing.T) {
	for _, c := range []struct {
		file                  string
		opt                   Options
		layout                string
		units                 rbm.Units
		n, m                  int
		steps, epochs         []int64
		transposed, converted bool
		modelType             string
		hyper                 map[string]string
	}{
		{file: "numpy_single.npz", layout: LayoutNPZ, n: 784, m: 6, steps: []int64{-1}, epochs: []int64{-1}},
		{file: "numpy_epochs.npz", layout: LayoutNPZ, n: 784, m: 5, steps: []int64{0, 500, 1000}, epochs: []int64{0, 5, 10}},
		{file: "numpy_transposed.npz", layout: LayoutNPZ, n: 784, m: 4, steps: []int64{-1}, epochs: []int64{-1}, transposed: true, converted: true},
		{file: "numpy_keys.npz", opt: Options{Keys: map[string]string{"W": "J", "a": "theta_v", "b": "theta_h"}, Units: &spin},
			layout: LayoutNPZ, units: rbm.Spin, n: 30, m: 7, steps: []int64{-1}, epochs: []int64{-1}},
		{file: "numpy_weights.npy", layout: LayoutNPY, n: 40, m: 6, steps: []int64{-1}, epochs: []int64{-1}},
		{file: "numpy_fortran.npy", layout: LayoutNPY, n: 40, m: 6, steps: []int64{-1}, epochs: []int64{-1}},
		{file: "dsysdml_bbrbm.h5", layout: LayoutDsysDML, n: 784, m: 5, steps: []int64{1, 2, 10}, epochs: []int64{-1, -1, -1}, modelType: "BBRBM",
			hyper: map[string]string{"batch_size": "64", "gibbs_steps": "10", "learning_rate": "0.01", "filename": `"dsysdml_bbrbm.h5"`, "L2": "0"}},
		{file: "dsysdml_bbrbm.h5", opt: Options{UpdatesPerEpoch: 2}, layout: LayoutDsysDML, n: 784, m: 5, steps: []int64{1, 2, 10}, epochs: []int64{0, 1, 5}, modelType: "BBRBM"},
		{file: "dsysdml_iirbm.h5", layout: LayoutDsysDML, units: rbm.Spin, n: 20, m: 6, steps: []int64{1, 7}, epochs: []int64{-1, -1}, modelType: "IIRBM"},
		{file: "torchrbm.h5", layout: LayoutDsysDML, n: 784, m: 4, steps: []int64{3}, epochs: []int64{-1}, hyper: map[string]string{"seed": "945"}},
		{file: "julia_binary.h5", layout: LayoutJulia, n: 784, m: 4, steps: []int64{-1}, epochs: []int64{-1}, transposed: true, converted: true, modelType: "Binary/Binary"},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", c.file)
			a, err := readFixture(t, path, c.opt)
			if isHDF5(c.file) && !HDF5 {
				if !errors.Is(err, ErrNoHDF5) {
					t.Fatalf("pure-Go build: got %v, want ErrNoHDF5", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Layout != c.layout || a.Units != c.units || a.Visible != c.n || a.Hidden != c.m || a.Transposed != c.transposed ||
				a.Converted != c.converted || a.ModelType != c.modelType {
				t.Fatalf("got layout %s units %v %d×%d transposed %v converted %v type %q", a.Layout, a.Units, a.Visible, a.Hidden, a.Transposed, a.Converted, a.ModelType)
			}
			var steps, epochs []int64
			for _, s := range a.Snapshots {
				steps, epochs = append(steps, s.Step), append(epochs, s.Epoch)
			}
			if !reflect.DeepEqual(steps, c.steps) || !reflect.DeepEqual(epochs, c.epochs) {
				t.Fatalf("steps %v epochs %v, want %v %v", steps, epochs, c.steps, c.epochs)
			}
			for k, v := range c.hyper {
				if got := string(a.Hyperparameters[k]); got != v {
					t.Errorf("hyperparameter %s = %s, want %s", k, got, v)
				}
			}
			refs := references(t, path)
			if len(refs) != len(a.Snapshots) {
				t.Fatalf("%d snapshots, numpy/h5py read %d", len(a.Snapshots), len(refs))
			}
			for i, r := range refs {
				s := a.Snapshots[i]
				if !reflect.DeepEqual(r.Shape, []int{c.n, c.m}) {
					t.Fatalf("reference shape %v", r.Shape)
				}
				if !s.Equal(Snapshot{Epoch: s.Epoch, Step: s.Step, W: r.W, A: r.A, B: r.B}) {
					t.Fatalf("snapshot %d: parameters differ from numpy/h5py's", i)
				}
				if r.Step != nil && *r.Step != s.Step {
					t.Fatalf("snapshot %d: step %d, file says %d", i, s.Step, *r.Step)
				}
			}
		})
	}
}

func TestExactLogZ(t *testing.T) {
	var want map[string][]float64
	b, err := os.ReadFile("testdata/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(want) {
		t.Run(name, func(t *testing.T) {
			opt := Options{}
			if name == "numpy_keys.npz" {
				opt.Keys = map[string]string{"W": "J", "a": "theta_v", "b": "theta_h"}
			}
			a, err := readFixture(t, filepath.Join("testdata", name), opt)
			if isHDF5(name) && !HDF5 {
				if !errors.Is(err, ErrNoHDF5) {
					t.Fatalf("pure-Go build: got %v, want ErrNoHDF5", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range a.Snapshots {
				m := &rbm.Model{Visible: a.Visible, Hidden: a.Hidden, Units: a.Units, W: s.W, A: s.A, B: s.B}
				got, err := rbm.ExactLogZErr(m)
				if err != nil {
					t.Fatal(err)
				}
				if w := want[name][i]; math.Abs(got-w) > 1e-9*math.Abs(w) {
					t.Errorf("snapshot %d: log Z %.12g, numpy's enumeration %.12g", i, got, w)
				}
			}
		})
	}
}

// TestOrientation: a square W is N×M unless told (or, for Julia, M×N);
// -transposed reads rows as hidden units; shapes that fit neither way
// are refused.
func TestOrientation(t *testing.T) {
	w := array{name: "W", shape: []int{2, 2}, values: []float64{1, 2, 3, 4}}
	a := array{name: "a", shape: []int{2}, values: []float64{0.5, -0.5}}
	b := array{name: "b", shape: []int{2, 1}, values: []float64{1, -1}}
	for _, c := range []struct {
		transposed, prefer, want bool
		w                        []float32
	}{
		{false, false, false, []float32{1, 2, 3, 4}},
		{true, false, true, []float32{1, 3, 2, 4}},
		{false, true, true, []float32{1, 3, 2, 4}},
	} {
		snaps, n, m, wasT, err := assemble(w, a, b, c.transposed, c.prefer)
		if err != nil || n != 2 || m != 2 || wasT != c.want || !reflect.DeepEqual(snaps[0].W, c.w) ||
			!reflect.DeepEqual(snaps[0].A, []float32{0.5, -0.5}) || !reflect.DeepEqual(snaps[0].B, []float32{1, -1}) {
			t.Errorf("transposed %v prefer %v: %v %d×%d %v %v", c.transposed, c.prefer, err, n, m, wasT, snaps)
		}
	}
	w3 := array{name: "W", shape: []int{3, 2}, values: []float64{1, 2, 3, 4, 5, 6}}
	a3 := array{name: "a", shape: []int{3}, values: make([]float64, 3)}
	snaps, n, m, wasT, err := assemble(w3, array{name: "a", shape: []int{2}, values: []float64{0, 0}}, a3, false, false)
	if err != nil || n != 2 || m != 3 || !wasT || !reflect.DeepEqual(snaps[0].W, []float32{1, 3, 5, 2, 4, 6}) {
		t.Errorf("M×N by the shapes: %v %d×%d %v %v", err, n, m, wasT, snaps)
	}
	if _, _, _, _, err := assemble(w3, a3, a3, true, false); err == nil || !strings.Contains(err.Error(), "read as M×N (transposed)") {
		t.Errorf("-transposed against the shapes: %v", err)
	}
}

// FuzzRead: any bytes give a model or an error, never a panic or an
// allocation the file cannot fill.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"numpy_single.npz", "numpy_epochs.npz", "numpy_keys.npz", "numpy_fortran.npy"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Kind(data) == "hdf5" {
			return // the C library's parser is not ours to fuzz
		}
		a, err := Read(data, "fuzz", Options{Keys: map[string]string{}})
		if err == nil {
			if err := a.Validate(); err != nil {
				t.Fatalf("Read returned an invalid archive: %v", err)
			}
		}
	})
}

// Options.Budget is asked, before each array is decoded, for the memory
// its header's shape implies and the arrays' before it: at the end at
// least every snapshot's W as float64; a refusal stops the read with the
// budget's own error.
func TestBudgetAsked(t *testing.T) {
	for _, file := range []string{"numpy_epochs.npz", "numpy_weights.npy", "dsysdml_bbrbm.h5"} {
		if strings.HasSuffix(file, ".h5") && !HDF5 {
			continue
		}
		path := filepath.Join("testdata", file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var asked []string
		var most float64
		opt := Options{Budget: func(what string, bytes float64) error {
			asked = append(asked, what)
			most = max(most, bytes)
			return nil
		}}
		a, err := Read(data, path, opt)
		if err != nil || len(asked) == 0 {
			t.Fatalf("%s: %v; asked %v", file, err, asked)
		}
		weights := float64(a.Visible * a.Hidden * len(a.Snapshots))
		if most < 8*weights {
			t.Errorf("%s: the largest request %v bytes is less than W's %v values as float64", file, most, weights)
		}
		refuse := errors.New("over budget")
		opt.Budget = func(string, float64) error { return refuse }
		if _, err := Read(data, path, opt); !errors.Is(err, refuse) {
			t.Errorf("%s: a refusing budget gave %v", file, err)
		}
	}
}
