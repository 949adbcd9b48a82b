package rbmexport

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/interop"
	"github.com/rbmkit/rbmkit/tool/rbmimport"
)

var fixtures, _ = filepath.Abs("../../interop/testdata")

func run(t *testing.T, tool cli.Tool, stdin []byte, args ...string) (int, []byte, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(tool, args, cli.Env{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.Bytes(), errOut.String()
}

func mustRun(t *testing.T, tool cli.Tool, stdin []byte, args ...string) []byte {
	t.Helper()
	code, out, stderr := run(t, tool, stdin, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d: %s", tool.Name, strings.Join(args, " "), code, stderr)
	}
	return out
}

func rows(t *testing.T, stream []byte) (format.Header, []interop.Snapshot) {
	t.Helper()
	rd, err := format.NewReader[format.Snapshot](bytes.NewReader(stream), "stream")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []interop.Snapshot
	for rd.Next() {
		s := rd.Row()
		out = append(out, interop.Snapshot{Epoch: s.Epoch, Step: s.Step, W: append([]float32(nil), s.W...),
			A: append([]float32(nil), s.A...), B: append([]float32(nil), s.B...)})
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return rd.Header(), out
}

func sameRows(t *testing.T, what string, a, b []interop.Snapshot) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d rows, want %d", what, len(b), len(a))
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			t.Fatalf("%s: row %d differs (epoch %d step %d vs %d %d)", what, i, b[i].Epoch, b[i].Step, a[i].Epoch, a[i].Step)
		}
	}
}

// checkPython reads the exported files with numpy and h5py
// (testdata/check_export.py); Debian's python3-numpy and python3-h5py
// must be installed (scripts/deps installs them).
func checkPython(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", append([]string{"testdata/check_export.py"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("check_export.py: %v\n%s(needs Debian's python3-numpy and python3-h5py)", err, stderr.String())
	}
	return string(out)
}

// TestRoundTrip: rbm-import → rbm-export → rbm-import gives the same
// rows, through npz and through the DsysDML HDF5 layout, and numpy and
// h5py read the exported files as the original's models.
func TestRoundTrip(t *testing.T) {
	for _, c := range []struct {
		file      string
		importArg []string
		h5        bool // steps known: the DsysDML layout applies
		modelType string
	}{
		{file: "numpy_epochs.npz", h5: true, modelType: "BBRBM"},
		{file: "numpy_transposed.npz"},
		{file: "numpy_keys.npz", importArg: []string{"-keys", "W=J,a=theta_v,b=theta_h", "-units", "spin"}},
		{file: "dsysdml_bbrbm.h5", h5: true, modelType: "BBRBM"},
		{file: "dsysdml_iirbm.h5", h5: true, modelType: "IIRBM"},
		{file: "torchrbm.h5", h5: true, modelType: "BBRBM"},
		{file: "julia_binary.h5"},
	} {
		t.Run(c.file, func(t *testing.T) {
			src := filepath.Join(fixtures, c.file)
			if strings.HasSuffix(c.file, ".h5") && !interop.HDF5 {
				code, _, stderr := run(t, rbmimport.Tool, nil, src)
				if code != 1 || !strings.Contains(stderr, "HDF5 build") {
					t.Fatalf("pure-Go build: exit %d %q", code, stderr)
				}
				return
			}
			orig := mustRun(t, rbmimport.Tool, nil, append(c.importArg, src)...)
			h, want := rows(t, orig)
			dir := t.TempDir()
			npz := filepath.Join(dir, "model.npz")
			mustRun(t, Tool, orig, "-o", npz)
			back := []string{"-units", string(h.Units), npz}
			_, got := rows(t, mustRun(t, rbmimport.Tool, nil, back...))
			sameRows(t, "via npz", want, got)
			if !interop.HDF5 {
				code, _, stderr := run(t, Tool, orig, "-o", filepath.Join(dir, "model.h5"))
				if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "HDF5 files need rbmkit's HDF5 build") {
					t.Fatalf("pure-Go build: exit %d %q", code, stderr)
				}
				if left, _ := os.ReadDir(dir); len(left) != 1 {
					t.Fatalf("left %v", left)
				}
				checkPython(t, src, npz)
				return
			}
			h5 := filepath.Join(dir, "model.h5")
			code, _, stderr := run(t, Tool, orig, "-o", h5)
			if !c.h5 {
				if code != 1 || !strings.Contains(stderr, "a snapshot has no step (-1)") {
					t.Fatalf("exit %d %q: want the refusal of unknown steps", code, stderr)
				}
				checkPython(t, src, npz)
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			_, got = rows(t, mustRun(t, rbmimport.Tool, nil, h5))
			sameRows(t, "via HDF5", want, got)
			if out := checkPython(t, src, npz, h5); !strings.HasPrefix(out, c.modelType+" ") {
				t.Fatalf("check_export.py: %q, want model_type %s", out, c.modelType)
			}
		})
	}
}

// TestSelection: -snapshots takes the shared selection (first, last,
// epochs), in stream order.
func TestSelection(t *testing.T) {
	orig := mustRun(t, rbmimport.Tool, nil, filepath.Join(fixtures, "numpy_epochs.npz"))
	_, all := rows(t, orig)
	npz := mustRun(t, Tool, orig, "-snapshots", "last,first")
	dir := t.TempDir()
	path := filepath.Join(dir, "sel.npz")
	if err := os.WriteFile(path, npz, 0o644); err != nil {
		t.Fatal(err)
	}
	_, got := rows(t, mustRun(t, rbmimport.Tool, nil, path))
	sameRows(t, "-snapshots last,first", []interop.Snapshot{all[0], all[2]}, got)
}

// TestTrainHyperparameters: rbm-train's settings become DsysDML's
// hyperparameters.
func TestTrainHyperparameters(t *testing.T) {
	var buf bytes.Buffer
	h := format.Header{Kind: format.KindCheckpoint, Visible: 3, Hidden: 2, Units: "bernoulli"}
	h.Set("train", `{"Hidden":2,"K":5,"BatchSize":32,"LearningRate":0.05,"WeightDecay":0.001,"Seed":7,"Chains":0,"Epochs":3}`)
	w, err := format.NewWriter[format.Snapshot](&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for e := int64(0); e < 2; e++ {
		w.Write(&format.Snapshot{Epoch: e, Step: 10 * e, W: []float32{1, -2, 3, -4, 5, float32(e)}, A: []float32{0.5, 0, 0}, B: []float32{0, 1},
			ReconError: math.NaN(), PseudoLogLik: math.NaN()})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.h5")
	code, _, stderr := run(t, Tool, buf.Bytes(), "-o", path)
	if !interop.HDF5 {
		if code != 1 || !strings.Contains(stderr, "HDF5 build") {
			t.Fatalf("pure-Go build: exit %d %q", code, stderr)
		}
		return
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	hh, _ := rows(t, mustRun(t, rbmimport.Tool, nil, path))
	raw, _ := hh.Get(interop.KeyImport)
	var src interop.Source
	if err := json.Unmarshal([]byte(raw), &src); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"batch_size": "32", "gibbs_steps": "5", "learning_rate": "0.05", "L1": "0", "L2": "0.001",
		"seed": "7", "num_chains": "0", "num_visibles": "3", "num_hiddens": "2"} {
		if got := string(src.Hyperparameters[k]); got != v {
			t.Errorf("%s = %s, want %s", k, got, v)
		}
	}
}

func TestBadUse(t *testing.T) {
	orig := mustRun(t, rbmimport.Tool, nil, filepath.Join(fixtures, "numpy_single.npz"))
	for _, c := range []struct {
		args  []string
		stdin []byte
		code  int
		want  string
	}{
		{[]string{"-snapshots", "3"}, orig, 1, "-snapshots 3: no snapshot at epoch 3"},
		{[]string{"-snapshots", "x"}, orig, 2, `invalid value "x" for flag -snapshots`},
		{[]string{"-f", "mat"}, orig, 2, `-format "mat": want npz or hdf5`},
		{[]string{"-compress", "zstd"}, orig, 2, "-compress applies to Arrow streams"},
		{nil, []byte("not arrow"), 1, "rbm-export: stdin:"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			code, _, stderr := run(t, Tool, c.stdin, append([]string{"-o", filepath.Join(dir, "x.npz")}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d %q, want %d %q", code, stderr, c.code, c.want)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Fatalf("left %v", left)
			}
		})
	}
}
