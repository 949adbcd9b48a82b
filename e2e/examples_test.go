package e2e

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/interop"
	"github.com/rbmkit/rbmkit/tool"
)

// writeIDX writes n random side×side images (a third of the pixels on)
// and their labels 0…9 in turn, gzipped, in MNIST's IDX layout.
func writeIDX(t *testing.T, dir, images, labels string, n, side int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	var img, lab bytes.Buffer
	binary.Write(&img, binary.BigEndian, []uint32{0x803, uint32(n), uint32(side), uint32(side)})
	binary.Write(&lab, binary.BigEndian, []uint32{0x801, uint32(n)})
	for i := range n {
		for range side * side {
			var p byte
			if r.IntN(3) == 0 {
				p = byte(128 + r.IntN(128))
			}
			img.WriteByte(p)
		}
		lab.WriteByte(byte(i % 10))
	}
	for name, b := range map[string][]byte{images: img.Bytes(), labels: lab.Bytes()} {
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write(b)
		w.Close()
		if err := os.WriteFile(filepath.Join(dir, name), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// renameNPZ copies the npz archive src to dst with its arrays renamed.
func renameNPZ(t *testing.T, src, dst string, names map[string]string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, ".npy")
		if to, ok := names[name]; ok {
			name = to
		}
		w, err := zw.Create(name + ".npy")
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// exampleFixtures makes, in dir, every file the tools' -h examples name,
// small enough that the examples' own settings (1000 chains, 10,000 AIS
// temperatures, 500 hidden units) run in seconds: 200 random 6×6 images
// (and as many in fashion-mnist/), a PyTorch state dict (model.pt),
// models of 12 hidden units with snapshots at epochs 0, 5 and 10, two
// replicas laid out as a study (m12/r*, out/m*/r*, and out/quick with its
// agg/ stacks for rbm-report).
func exampleFixtures(t *testing.T, dir string) {
	t.Helper()
	writeIDX(t, dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 200, 6, 1)
	writeIDX(t, dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 200, 6, 2)
	if err := os.Mkdir(filepath.Join(dir, "fashion-mnist"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeIDX(t, filepath.Join(dir, "fashion-mnist"), "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 200, 6, 3)
	// A state dict that PyTorch wrote (interop/testdata/make_torch.py).
	pt, err := os.ReadFile(filepath.Join("..", "interop", "testdata", "torch_zip_f32.pt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.pt"), pt, 0o644); err != nil {
		t.Fatal(err)
	}
	sh(t, dir, `rbm-data -labels train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz > mnist.arrows
cp mnist.arrows mnist-train.arrows
rbm-data -labels t10k-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz > test.arrows
cp test.arrows mnist-test.arrows
for r in 0 1; do
  mkdir -p m12/r$r out/m64/r$r out/quick/m12/r$r
  rbm-train -hidden 12 -epochs 10 -log-snapshots 0 -every 5 -seed 1 -replica $r -o m12/r$r/run.arrows mnist.arrows 2>/dev/null
  rbm-svd -o m12/r$r/spectrum.arrows m12/r$r/run.arrows
  rbm-mp -o m12/r$r/mpfit.arrows m12/r$r/spectrum.arrows
  cp m12/r$r/run.arrows out/m64/r$r/
  cp -r m12/r$r/* out/quick/m12/r$r/
done
cp -r m12 out/
cp m12/r0/run.arrows run.arrows
cp m12/r0/spectrum.arrows spectrum.arrows
mkdir -p out/quick/agg out/quick/fig
rbm-stack -columns epoch,step,recon_error,pseudo_loglik,top_sigma -o out/quick/agg/monitors.arrows out/quick/m12/r*/run.arrows
rbm-stack -o out/quick/agg/mpfit.arrows out/quick/m12/r*/mpfit.arrows
cp -r out/quick out/quick-CENTERED1
rbm-export -o weights.npz run.arrows
# The pure-Go build writes no HDF5: the signature alone, which it
# recognises and refuses by name.
rbm-export -o model.h5 run.arrows 2>/dev/null || printf '\211HDF\r\n\032\n' > model.h5`)
	renameNPZ(t, filepath.Join(dir, "weights.npz"), filepath.Join(dir, "ising.npz"), map[string]string{"W": "J", "a": "theta_v", "b": "theta_h"})
}

// Every line of every tool's -h example runs, as written, over small
// fixtures: a renamed flag or a changed default breaks this test, not a
// reader. Each tool's lines run in order in a copy of the fixtures;
// commands outside rbmkit that only page or align (less, column) pass
// their input through. Lines that write or read HDF5 may fail only with
// the refusal of a build without HDF5; the HDF5 build runs them.
// Sampling sizes are shrunk (exampleSizes), which the lines' own flags
// override.
func TestHelpExamplesRun(t *testing.T) {
	fixtures := t.TempDir()
	exampleFixtures(t, fixtures)
	for _, tl := range tool.All {
		t.Run(tl.Name, func(t *testing.T) {
			dir := t.TempDir()
			sh(t, "", `cp -r "`+fixtures+`"/. "`+dir+`"`)
			for _, line := range strings.Split(strings.TrimSpace(tl.Example), "\n") {
				out, err := shErr(dir, "less() { cat; }; column() { cat; }\n"+exampleSizes.ReplaceAllString(line, "${1}rbm-sample -chains 100 "))
				if err != nil && !(!interop.HDF5 && strings.Contains(line, ".h5") && strings.Contains(out, "HDF5 files need rbmkit's HDF5 build")) {
					t.Errorf("%s\n%v\n%s", line, err, tail(out))
				}
			}
		})
	}
}

// exampleSizes finds rbm-sample where a command starts. Its examples run
// at its default 1,000 chains unless they say otherwise: PT over 8 β,
// PTT over the ladder rbm-train's example cuts and the diffusion's Gibbs
// chains took 20, 30 and 9 of the test's 95 CPU seconds (2026-12-07).
// The test puts -chains 100 first on the command, where a later -chains of
// the example's own wins: each line still runs with every flag and
// every other default it names.
var exampleSizes = regexp.MustCompile(`(^|[|;&(]\s*)rbm-sample\s`)

// tail is the end of a command's output, where its error is.
func tail(out string) string {
	if len(out) > 2000 {
		return "…" + out[len(out)-2000:]
	}
	return out
}
