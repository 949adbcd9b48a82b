package interop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTorch: every state dict saved by PyTorch (testdata/make_torch.py)
// reads as the numpy sidecar written from the same tensors: the same
// float32 bits (float16 and float32 exactly; float64 rounded to the
// nearest float32, by numpy in the sidecar and here), orientation and
// flags.
func TestTorch(t *testing.T) {
	files, err := filepath.Glob("testdata/torch_*.pt")
	if err != nil || len(files) < 9 {
		t.Fatalf("%d PyTorch fixtures (%v): run testdata/make_torch.py", len(files), err)
	}
	keys := map[string]map[string]string{"torch_legacy_keys.pt": {"W": "J", "a": "theta_v", "b": "theta_h"}}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			got, err := readFixture(t, f, Options{Keys: keys[name]})
			if err != nil {
				t.Fatal(err)
			}
			want, err := readFixture(t, strings.TrimSuffix(f, ".pt")+".npz", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Layout != LayoutTorch || got.Visible != want.Visible || got.Hidden != want.Hidden || got.Units != want.Units || len(got.Snapshots) != 1 {
				t.Fatalf("layout %s, %d×%d %v, %d snapshots; want torch, %d×%d %v, 1", got.Layout, got.Visible, got.Hidden, got.Units,
					len(got.Snapshots), want.Visible, want.Hidden, want.Units)
			}
			if got.Transposed != want.Transposed {
				t.Errorf("transposed %v, the sidecar %v", got.Transposed, want.Transposed)
			}
			if f64 := strings.Contains(name, "f64"); got.Converted != f64 {
				t.Errorf("converted %v, want %v (float64 source)", got.Converted, f64)
			}
			if !got.Snapshots[0].Equal(want.Snapshots[0]) {
				t.Error("parameters differ from numpy's copy of the same tensors")
			}
		})
	}
}

// TestTorchRefused: files that are not a state dict of finite float
// tensors, or that would need Python code to load, are refused with a
// message saying why.
func TestTorchRefused(t *testing.T) {
	good, err := os.ReadFile("testdata/torch_zip_f32.pt")
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := os.ReadFile("testdata/torch_legacy_f32.pt")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		opt  Options
		want string
	}{
		{name: "bad_torch_module.pt", want: "needs Python code to load (__main__.Model): this is a whole module"},
		{name: "bad_torch_code.pt", want: "needs Python code to load (posix.system)"},
		{name: "bad_torch_noweights.pt", want: "no W tensor: the state dict has h_bias, v_bias, none named W, weight, weight_matrix, weights, w"},
		{name: "bad_torch_nan.pt", want: "W[17] is NaN: non-finite parameters"},
		{name: "truncated zip", data: good[:len(good)*2/3], want: "not a readable PyTorch zip file (truncated?)"},
		{name: "truncated legacy", data: legacy[:len(legacy)*2/3], want: "(truncated?)"},
		{name: "torch_zip_f32.pt", opt: Options{Keys: map[string]string{"W": "W"}}, want: "-keys W=W: no such tensor; the state dict has rbm.W, rbm.h_bias, rbm.v_bias"},
		{name: "torch_zip_f32.pt", opt: Options{Transposed: false, Keys: map[string]string{"a": "rbm.h_bias"}}, want: "shapes disagree"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			if data == nil {
				if data, err = os.ReadFile(filepath.Join("testdata", c.name)); err != nil {
					t.Fatal(err)
				}
			}
			if k := Kind(data); k != "torch" {
				t.Fatalf("Kind %q, want torch", k)
			}
			_, err := Read(data, c.name, c.opt)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v; want one line containing %q", err, c.want)
			}
		})
	}
}

// TestTorchSidecars: torch.load reads each fixture as its numpy sidecar
// holds it (Debian's python3-torch; .ci/run installs it), so that the
// sidecars TestTorch compares with are PyTorch's values.
func TestTorchSidecars(t *testing.T) {
	files, err := filepath.Glob("testdata/torch_*.pt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no PyTorch fixtures (%v)", err)
	}
	for i := range files {
		files[i] = filepath.Base(files[i])
	}
	cmd := append([]string{"make_torch.py", "--check"}, files...)
	out := strings.Fields(string(pythonIn(t, "testdata", cmd...)))
	if len(out) != 2*len(files) {
		t.Fatalf("make_torch.py --check printed %q for %d files", out, len(files))
	}
	for i := 0; i < len(out); i += 2 {
		if out[i+1] != "same" {
			t.Errorf("%s: torch.load differs from its sidecar", out[i])
		}
	}
}

// FuzzTorch: no input makes the PyTorch reader panic or allocate beyond
// what its file can fill.
func FuzzTorch(f *testing.F) {
	for _, name := range []string{"torch_zip_f16.pt", "torch_legacy_f64.pt", "torch_zip_view.pt", "bad_torch_module.pt"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if a, err := readTorch(data, Options{}); err == nil {
			if err := a.Validate(); err != nil {
				t.Fatalf("read but invalid: %v", err)
			}
		}
	})
}
