package rbmimport

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/interop"
	"github.com/rbmkit/rbmkit/tool/rbmfreeenergy"
	"github.com/rbmkit/rbmkit/tool/rbmmp"
	"github.com/rbmkit/rbmkit/tool/rbmsvd"
)

// The fixtures of package interop, written by numpy.savez and h5py
// (interop/testdata/make_fixtures.py).
var fixtures, _ = filepath.Abs("../../interop/testdata")

func run(t *testing.T, tool cli.Tool, stdin []byte, dir string, args ...string) (int, []byte, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(tool, args, cli.Env{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errOut, Dir: dir})
	return code, out.Bytes(), errOut.String()
}

func readRows(t *testing.T, stream []byte) (format.Header, []format.Snapshot) {
	t.Helper()
	rd, err := format.NewReader[format.Snapshot](bytes.NewReader(stream), "output")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var rows []format.Snapshot
	for rd.Next() {
		s := *rd.Row()
		s.W, s.A, s.B = append([]float32(nil), s.W...), append([]float32(nil), s.A...), append([]float32(nil), s.B...)
		rows = append(rows, s)
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return rd.Header(), rows
}

// SameRows compares the models of two checkpoints: epoch, step and the
// parameters bit for bit.
func SameRows(a, b []format.Snapshot) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x := interop.Snapshot{Epoch: a[i].Epoch, Step: a[i].Step, W: a[i].W, A: a[i].A, B: a[i].B}
		if !x.Equal(interop.Snapshot{Epoch: b[i].Epoch, Step: b[i].Step, W: b[i].W, A: b[i].A, B: b[i].B}) {
			return false
		}
	}
	return true
}

func hdf5File(name string) bool { return strings.HasSuffix(name, ".h5") }

// refusedHDF5 checks the pure-Go build's one-line refusal.
func refusedHDF5(t *testing.T, code int, stderr string) {
	t.Helper()
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "HDF5 files need rbmkit's HDF5 build") {
		t.Fatalf("pure-Go build: exit %d, stderr %q; want exit 1 and one line saying HDF5 needs the other build", code, stderr)
	}
}

// TestExactLogZ: rbm-freeenergy -method exact on the imported stream
// gives numpy's enumeration of the same file (expected.json).
func TestExactLogZ(t *testing.T) {
	// expected.json: make_fixtures.py; expected_torch.json: make_torch.py.
	want := map[string][]float64{}
	for _, f := range []string{"expected.json", "expected_torch.json"} {
		b, err := os.ReadFile(filepath.Join(fixtures, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
	}
	args := map[string][]string{"numpy_keys.npz": {"-keys", "W=J,a=theta_v,b=theta_h"}, "torch_legacy_keys.pt": {"-keys", "W=J,a=theta_v,b=theta_h"}}
	for name, logZ := range want {
		t.Run(name, func(t *testing.T) {
			code, stream, stderr := run(t, Tool, nil, fixtures, append(args[name], name)...)
			if hdf5File(name) && !interop.HDF5 {
				refusedHDF5(t, code, stderr)
				return
			}
			if code != 0 {
				t.Fatalf("rbm-import: exit %d: %s", code, stderr)
			}
			code, fe, stderr := run(t, rbmfreeenergy.Tool, stream, "", "-method", "exact")
			if code != 0 {
				t.Fatalf("rbm-freeenergy: exit %d: %s", code, stderr)
			}
			rd, err := format.NewReader[format.Estimate](bytes.NewReader(fe), "fe")
			if err != nil {
				t.Fatal(err)
			}
			var got []float64
			for rd.Next() {
				if e := rd.Row(); e.Quantity == "logZ" && e.Method == "exact" {
					got = append(got, e.Value)
				}
			}
			if len(got) != len(logZ) {
				t.Fatalf("%d log Z rows, want %d", len(got), len(logZ))
			}
			for i := range got {
				if math.Abs(got[i]-logZ[i]) > 1e-9*math.Abs(logZ[i]) {
					t.Errorf("snapshot %d: log Z %.12g, numpy %.12g", i, got[i], logZ[i])
				}
			}
		})
	}
}

func TestHeader(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		units string
		image []int
		rows  int
		meta  interop.Source
	}{
		{"numpy_epochs.npz", nil, "bernoulli", []int{28, 28}, 3, interop.Source{File: "numpy_epochs.npz", Layout: "npz"}},
		{"numpy_transposed.npz", []string{"-image", "none"}, "bernoulli", nil, 1, interop.Source{File: "numpy_transposed.npz", Layout: "npz", Transposed: true, Float64: true}},
		{"numpy_keys.npz", []string{"-keys", "W=J,a=theta_v,b=theta_h", "-units", "spin", "-image", "5x6"}, "spin", []int{5, 6}, 1,
			interop.Source{File: "numpy_keys.npz", Layout: "npz"}},
		{"dsysdml_iirbm.h5", nil, "spin", nil, 2, interop.Source{File: "dsysdml_iirbm.h5", Layout: "dsysdml", ModelType: "IIRBM"}},
		{"julia_binary.h5", nil, "bernoulli", []int{28, 28}, 1, interop.Source{File: "julia_binary.h5", Layout: "julia", ModelType: "Binary/Binary", Transposed: true, Float64: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stream, stderr := run(t, Tool, nil, fixtures, append(c.args, c.name)...)
			if hdf5File(c.name) && !interop.HDF5 {
				refusedHDF5(t, code, stderr)
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			h, rows := readRows(t, stream)
			if string(h.Units) != c.units || !reflect.DeepEqual(h.ImageShape, c.image) || len(rows) != c.rows {
				t.Fatalf("units %s image %v rows %d", h.Units, h.ImageShape, len(rows))
			}
			raw, _ := h.Get(interop.KeyImport)
			var src interop.Source
			if err := json.Unmarshal([]byte(raw), &src); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(filepath.Join(fixtures, c.name))
			if len(src.SHA256) != 64 || src.SHA256 == strings.Repeat("0", 64) || len(data) == 0 {
				t.Fatalf("sha256 %q", src.SHA256)
			}
			src.SHA256, src.Hyperparameters = "", nil
			if !reflect.DeepEqual(src, c.meta) {
				t.Fatalf("rbm.import %+v, want %+v", src, c.meta)
			}
			if p := h.Provenance; len(p) != 1 || p[0].Tool != "rbm-import" {
				t.Fatalf("provenance %+v", p)
			}
			for _, r := range rows {
				if !math.IsNaN(r.ReconError) || !math.IsNaN(r.PseudoLogLik) {
					t.Fatal("monitors the source did not compute must be NaN")
				}
			}
		})
	}
}

// TestStdin: an HDF5 archive piped in reads like the file.
func TestStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtures, "dsysdml_bbrbm.h5"))
	if err != nil {
		t.Fatal(err)
	}
	code, piped, stderr := run(t, Tool, data, "")
	if !interop.HDF5 {
		refusedHDF5(t, code, stderr)
		return
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, fromFile, _ := run(t, Tool, nil, fixtures, "dsysdml_bbrbm.h5")
	_, a := readRows(t, piped)
	_, b := readRows(t, fromFile)
	if !SameRows(a, b) {
		t.Fatal("stdin and file imports differ")
	}
}

// TestBadInput: each bad file gives one line on stderr, exit 1, and no
// output file.
func TestBadInput(t *testing.T) {
	work := t.TempDir()
	for _, f := range []string{"numpy_single.npz", "dsysdml_bbrbm.h5", "torch_zip_f32.pt", "torch_legacy_f64.pt"} {
		data, err := os.ReadFile(filepath.Join(fixtures, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "truncated_"+f), data[:len(data)*2/3], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(work, "notes.txt"), []byte("hello, world\n"), 0o644)
	for _, c := range []struct {
		file, want string
		args       []string
		code       int
	}{
		{file: "bad_shape.npz", want: "shapes disagree: weights W are 784×3"},
		{file: "bad_nan.npz", want: "W[17] is NaN: non-finite parameters"},
		{file: "bad_inf.npz", want: "W[17] is +Inf: non-finite parameters"},
		{file: "numpy_keys.npz", want: "no W array: the file has J, theta_h, theta_v, none of the known names W, weight_matrix, weights, w; name it with -keys W=NAME"},
		{file: "numpy_keys.npz", args: []string{"-keys", "W=J,a=nope"}, want: "-keys a=nope: no such array"},
		{file: "truncated_numpy_single.npz", want: "not a readable npz archive"},
		{file: "notes.txt", want: "not an npz, npy, PyTorch or HDF5 file"},
		{file: "truncated_torch_zip_f32.pt", want: "not a readable PyTorch zip file (truncated?)"},
		{file: "truncated_torch_legacy_f64.pt", want: "(truncated?)"},
		{file: "bad_torch_module.pt", want: "the pickle needs Python code to load (__main__.Model): this is a whole module or another Python object, not a state dict of tensors; save one with torch.save(model.state_dict(), path)"},
		{file: "bad_torch_code.pt", want: "the pickle needs Python code to load (posix.system)"},
		{file: "bad_torch_noweights.pt", want: "no W tensor: the state dict has h_bias, v_bias"},
		{file: "bad_torch_nan.pt", want: "W[17] is NaN: non-finite parameters"},
		{file: "torch_legacy_keys.pt", want: "no W tensor: the state dict has J, theta_h, theta_v"},
		{file: "torch_zip_f32.pt", args: []string{"-keys", "W=rbm.W,epoch=e"}, want: "-keys epoch: PyTorch state dicts are read for W, a and b only"},
		{file: "bad_potts.h5", want: "model_type PBRBM (Potts visible units) is not a binary RBM"},
		{file: "bad_gaussian.h5", want: "model_type BGRBM (Gaussian hidden units) is not a binary RBM"},
		{file: "bad_julia_potts.h5", want: "visible_type Potts, hidden_type Binary: not a binary RBM"},
		{file: "bad_layout.h5", want: "HDF5 layout not recognised: the root group holds images, model"},
		{file: "bad_h5_shape.h5", want: "shapes disagree: weights update_1/params/weight_matrix are 20×3"},
		{file: "truncated_dsysdml_bbrbm.h5", want: "not a readable HDF5 file"},
		{file: "dsysdml_iirbm.h5", args: []string{"-units", "bernoulli"}, want: "-units applies to npz, npy and PyTorch files", code: 2},
		{file: "numpy_keys.npz", args: []string{"-keys", "W=J,a=theta_v,b=theta_h", "-transposed"},
			want: "shapes disagree: weights J are 30×7, read as M×N (transposed), but visible bias theta_v has 30 values and hidden bias theta_h 7"},
		{file: "numpy_single.npz", args: []string{"-image", "27x28"}, want: "-image 27x28 has 756 pixels but the model has 784", code: 2},
		{file: "numpy_single.npz", args: []string{"-keys", "V=x"}, want: "-keys \"V=x\": want role=key pairs", code: 2},
	} {
		t.Run(c.file+strings.Join(c.args, ""), func(t *testing.T) {
			dir := filepath.Join(fixtures, c.file)
			if strings.HasPrefix(c.file, "truncated_") || c.file == "notes.txt" {
				dir = filepath.Join(work, c.file)
			}
			outDir := t.TempDir()
			out := filepath.Join(outDir, "out.arrows")
			code, stdout, stderr := run(t, Tool, nil, "", append(append([]string{"-o", out}, c.args...), dir)...)
			if hdf5File(c.file) && !interop.HDF5 {
				refusedHDF5(t, code, stderr)
				c.want, c.code = "HDF5", 1
			}
			want := c.code
			if want == 0 {
				want = 1
			}
			if code != want || !strings.Contains(stderr, c.want) || !strings.HasPrefix(stderr, "rbm-import: ") {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, want, c.want)
			}
			if lines := strings.Count(strings.TrimSuffix(stderr, "Run 'rbm-import -h' for usage.\n"), "\n"); lines != 1 {
				t.Fatalf("%d lines of error, want one: %q", lines, stderr)
			}
			if len(stdout) != 0 {
				t.Fatal("wrote to stdout")
			}
			if left, _ := os.ReadDir(outDir); len(left) != 0 {
				t.Fatalf("left %v behind", left)
			}
		})
	}
}

// TestPipeline: rbm-import model | rbm-svd | rbm-mp runs on every layout's
// file (PyTorch's zip and legacy formats among them) and fits every snapshot.
func TestPipeline(t *testing.T) {
	for _, name := range []string{"numpy_epochs.npz", "torch_zip_f32.pt", "torch_legacy_f16.pt", "dsysdml_bbrbm.h5", "julia_binary.h5"} {
		t.Run(name, func(t *testing.T) {
			code, stream, stderr := run(t, Tool, nil, fixtures, name)
			if hdf5File(name) && !interop.HDF5 {
				refusedHDF5(t, code, stderr)
				return
			}
			if code != 0 {
				t.Fatalf("rbm-import: %s", stderr)
			}
			_, snaps := readRows(t, stream)
			code, spectrum, stderr := run(t, rbmsvd.Tool, stream, "")
			if code != 0 {
				t.Fatalf("rbm-svd: %s", stderr)
			}
			code, fit, stderr := run(t, rbmmp.Tool, spectrum, "")
			if code != 0 {
				t.Fatalf("rbm-mp: %s", stderr)
			}
			rd, err := format.NewReader[format.Fit](bytes.NewReader(fit), "mpfit")
			if err != nil {
				t.Fatal(err)
			}
			seen := map[int64]bool{}
			for rd.Next() {
				seen[rd.Row().Snapshot] = true
			}
			if err := rd.Err(); err != nil || len(seen) != len(snaps) {
				t.Fatalf("mpfit covers %d snapshots of %d (%v)", len(seen), len(snaps), err)
			}
		})
	}
}
