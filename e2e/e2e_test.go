package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/backend"
	"github.com/rbmkit/rbmkit/interop"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rbmkit-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The commands are built as this test binary was: with OpenBLAS and
	// with HDF5 when it has them.
	var tags []string
	if backend.Name == "openblas" {
		tags = append(tags, "openblas")
	}
	if interop.HDF5 {
		tags = append(tags, "hdf5")
	}
	args := []string{"build", "-o", dir + "/"}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	build := exec.Command("go", append(args, "../cmd/...")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the commands:", err)
		os.Exit(1)
	}
	bin = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func mnist() string {
	d := os.Getenv("RBMKIT_MNIST")
	if d == "" {
		d = filepath.Join("..", "..", "shared", "data", "mnist")
	}
	abs, _ := filepath.Abs(d)
	return abs
}

// sh runs a shell pipeline with the built commands first on PATH, failing
// the test on a non-zero exit (pipefail: any stage's failure counts).
func sh(t *testing.T, dir, script string) string {
	t.Helper()
	out, err := shErr(dir, script)
	if err != nil {
		t.Fatalf("%s\n%v\n%s", script, err, out)
	}
	return out
}

func shErr(dir, script string) (string, error) {
	cmd := exec.Command("bash", "-c", "set -euo pipefail\n"+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "MNIST="+mnist())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Datasets survive a pipe through a second rbm-data and keep their
// provenance.
func TestDatasetPipe(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data -labels "$MNIST/t10k-labels-idx1-ubyte.gz" -limit 500 "$MNIST/t10k-images-idx3-ubyte.gz" | rbm-data -offset 100 -limit 200 -compress zstd > sub.arrows`)
	meta := sh(t, dir, `rbm-cat -meta < sub.arrows`)
	for _, want := range []string{"rbm.kind\tdataset", "rbm.visible\t784", "rbm.image_shape\t28,28", "\trbm-data 0.1.0 -labels", "\trbm-data 0.1.0 -offset 100"} {
		if !strings.Contains(meta, want) {
			t.Fatalf("metadata lacks %q:\n%s", want, meta)
		}
	}
	rows := sh(t, dir, `rbm-cat -no-header -columns label sub.arrows | wc -l`)
	if strings.TrimSpace(rows) != "200" {
		t.Fatalf("%s rows, want 200", rows)
	}
	// The same rows as selecting directly.
	sh(t, dir, `rbm-data -labels "$MNIST/t10k-labels-idx1-ubyte.gz" -offset 100 -limit 200 "$MNIST/t10k-images-idx3-ubyte.gz" > direct.arrows
cmp <(rbm-cat -full direct.arrows) <(rbm-cat -full sub.arrows)`)
}

// A failing stage fails the pipeline, with the reader naming the problem.
func TestBadStreamInPipe(t *testing.T) {
	out, err := shErr(t.TempDir(), `echo "epoch,W" | rbm-cat`)
	if err == nil || !strings.Contains(out, "rbm-cat: stdin: not an Arrow IPC stream") {
		t.Fatalf("err %v, output %q", err, out)
	}
	out, err = shErr(t.TempDir(), `rbm-data -limit 10 "$MNIST/t10k-labels-idx1-ubyte.gz" | rbm-cat`)
	if err == nil || !strings.Contains(out, "are not images") || !strings.Contains(out, "rbm-cat: stdin: empty input") {
		t.Fatalf("err %v, output %q", err, out)
	}
}

// data → train → cat through pipes: the trajectory arrives whole, with the
// provenance of both steps.
func TestTrainPipe(t *testing.T) {
	dir := t.TempDir()
	out := sh(t, dir, `rbm-data -limit 300 "$MNIST/train10k-images-idx3-ubyte.gz" \
  | rbm-train -hidden 12 -epochs 3 -batch 30 -seed 4 -snapshots 0 2>/dev/null \
  | tee run.arrows | rbm-cat -no-header -columns epoch,step`)
	if out != "0\t0\n3\t30\n" {
		t.Fatalf("epochs and steps %q, want the initial and the last snapshot", out)
	}
	meta := sh(t, dir, `rbm-cat -meta run.arrows`)
	for _, want := range []string{"rbm.kind\tcheckpoint", "rbm.hidden\t12", "rbm.seed\t4", "\trbm-data 0.1.0", "\trbm-train 0.1.0 -hidden 12"} {
		if !strings.Contains(meta, want) {
			t.Fatalf("metadata lacks %q:\n%s", want, meta)
		}
	}
	// A checkpoint where a dataset belongs is refused by name.
	if out, err := shErr(dir, `rbm-train -hidden 3 < run.arrows`); err == nil || !strings.Contains(out, "rbm-train: stdin: expected a dataset stream, got a checkpoint stream") {
		t.Fatalf("err %v, output %q", err, out)
	}
}

// SIGTERM (Slurm preemption) during training: a final snapshot, a complete
// file under its name, a non-zero exit.
func TestTrainSignal(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data "$MNIST/train10k-images-idx3-ubyte.gz" > data.arrows`)
	out, err := shErr(dir, `rbm-train -hidden 64 -epochs 1000 -o run.arrows data.arrows 2> train.log &
pid=$!
while ! grep -q "epoch 1/" train.log 2>/dev/null; do sleep 0.1; done
kill -TERM $pid
if wait $pid; then echo "exit 0"; else echo "exit $?"; fi
tail -1 train.log
rbm-cat -no-header -columns epoch run.arrows | tail -1`)
	if err != nil || !strings.Contains(out, "exit 1\nrbm-train: interrupted: wrote a final snapshot at epoch") {
		t.Fatalf("err %v, output %q", err, out)
	}
}

// train → svd: the spectrum of every snapshot, streamed, agrees with the
// trainer's own subspace-iteration monitor (two algorithms, one answer).
func TestSpectrumPipe(t *testing.T) {
	dir := t.TempDir()
	out := sh(t, dir, `rbm-data -limit 500 "$MNIST/train10k-images-idx3-ubyte.gz" \
  | rbm-train -hidden 20 -epochs 3 -batch 50 -seed 2 -top-sigma 3 2>/dev/null > run.arrows
rbm-svd -modes 3 run.arrows | tee spectrum.arrows | rbm-cat -no-header -columns snapshot,rank,sigma
echo ---
rbm-cat -no-header -full -columns top_sigma run.arrows`)
	parts := strings.Split(out, "---\n")
	var svd [][]float64
	for _, line := range strings.Split(strings.TrimSpace(parts[0]), "\n") {
		var snap, rank int
		var sigma float64
		fmt.Sscanf(line, "%d\t%d\t%g", &snap, &rank, &sigma)
		if rank == 0 {
			svd = append(svd, nil)
		}
		svd[snap] = append(svd[snap], sigma)
	}
	monitor := strings.Split(strings.TrimSpace(parts[1]), "\n")
	if len(svd) != len(monitor) || len(svd) < 2 {
		t.Fatalf("%d spectra for %d snapshots:\n%s", len(svd), len(monitor), out)
	}
	for s, line := range monitor {
		for a, field := range strings.Fields(line) {
			var want float64
			fmt.Sscanf(field, "%g", &want)
			if d := svd[s][a] - want; d > 1e-4*want || d < -1e-4*want {
				t.Fatalf("snapshot %d σ_%d: rbm-svd %g, rbm-train monitor %g", s, a, svd[s][a], want)
			}
		}
	}
	meta := sh(t, dir, `rbm-cat -meta spectrum.arrows`)
	if !strings.Contains(meta, "rbm.kind\tspectrum") || !strings.Contains(meta, "\trbm-svd 0.1.0 -modes 3") {
		t.Fatalf("spectrum metadata:\n%s", meta)
	}
}

// The paper's first two claims on real MNIST, end to end: the initial
// spectrum is consistent with Marchenko–Pastur, and training pulls modes
// out of the bulk, more and more of them.
func TestMarchenkoPasturOnMNIST(t *testing.T) {
	dir := t.TempDir()
	out := sh(t, dir, `rbm-data -limit 2000 "$MNIST/train10k-images-idx3-ubyte.gz" \
  | rbm-train -hidden 64 -epochs 6 -batch 50 -lr 0.01 -seed 9 -snapshots 7 -top-sigma 1 2>/dev/null \
  | rbm-svd | rbm-mp -no-tables | rbm-cat -no-header -columns table,epoch,consistent,outliers \
  | awk '$1 == "summary"'`)
	var prev int
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 5 {
		t.Fatalf("summaries:\n%s", out)
	}
	for i, line := range lines {
		var table string
		var epoch, consistent, outliers int
		fmt.Sscanf(line, "%s %d %d %d", &table, &epoch, &consistent, &outliers)
		switch {
		case i == 0 && (epoch != 0 || consistent != 1 || outliers != 0):
			t.Fatalf("initial spectrum not MP with no outliers: %q", line)
		case i > 0 && outliers < prev:
			t.Fatalf("outliers fell from %d to %d at epoch %d:\n%s", prev, outliers, epoch, out)
		}
		prev = outliers
	}
	if prev < 3 {
		t.Fatalf("only %d modes left the bulk after training:\n%s", prev, out)
	}
}

// Training and its spectrum are the same bytes whatever the thread counts
// of Go and of OpenBLAS (whose own threading once changed the last bits of
// products in the openblas build).
func TestThreadCountsGiveSameBytes(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data -limit 1000 "$MNIST/train10k-images-idx3-ubyte.gz" > d.arrows`)
	var first string
	for _, env := range []string{"GOMAXPROCS=1 OPENBLAS_NUM_THREADS=1", "GOMAXPROCS=2 OPENBLAS_NUM_THREADS=2", "GOMAXPROCS=2 OPENBLAS_NUM_THREADS=1"} {
		out := sh(t, dir, `env `+env+` rbm-train -hidden 100 -epochs 2 -seed 3 d.arrows 2>/dev/null | tee run.arrows | rbm-svd | cksum; cksum < run.arrows`)
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("%s: checksums of run and spectrum %q, with one thread %q", env, out, first)
		}
	}
}
