package rbmtrain

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/internal/mnist"
	"github.com/rbmkit/rbmkit/tool/rbmdata"
)

func mnistDataset(t *testing.T, limit string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(rbmdata.Tool, []string{"-limit", limit, mnist.File(t, "train10k-images-idx3-ubyte.gz")},
		cli.Env{Stdout: &out, Stderr: &errOut})
	if code != 0 {
		t.Fatalf("rbm-data: %s (set RBMKIT_MNIST to the MNIST directory)", errOut.String())
	}
	return out.Bytes()
}

func rbmtrain(ctx context.Context, stdin []byte, args ...string) (int, []byte, string) {
	var out, errOut bytes.Buffer
	code := cli.Main(Tool, args, cli.Env{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errOut, Context: ctx})
	return code, out.Bytes(), errOut.String()
}

func snapshots(t *testing.T, data []byte) (format.Header, []format.Snapshot) {
	t.Helper()
	r, err := format.NewReader[format.Snapshot](bytes.NewReader(data), "out")
	if err != nil {
		t.Fatal(err)
	}
	var out []format.Snapshot
	for r.Next() {
		s := *r.Row()
		s.W, s.A, s.B, s.TopSigma, s.State = slices.Clone(s.W), slices.Clone(s.A), slices.Clone(s.B), slices.Clone(s.TopSigma), slices.Clone(s.State)
		out = append(out, s)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Header(), out
}

func TestSchedule(t *testing.T) {
	for _, c := range []struct {
		epochs, count, every int
		want                 []int
	}{
		{100, 5, 0, []int{0, 1, 3, 10, 32, 100}},
		{10, 0, 0, []int{0, 10}},
		{10, 0, 4, []int{0, 4, 8, 10}},
		{0, 20, 0, []int{0}},
		{3, 20, 0, []int{0, 1, 2, 3}},
	} {
		if got := Schedule(c.epochs, c.count, c.every); !slices.Equal(got, c.want) {
			t.Errorf("Schedule(%d, %d, %d) = %v, want %v", c.epochs, c.count, c.every, got, c.want)
		}
	}
}

// Real MNIST: a trajectory whose first snapshot is the initialization,
// whose learning shows (reconstruction error falls, the top singular value
// leaves the initial bulk), and whose bytes do not depend on GOMAXPROCS.
func TestTrajectoryOnMNIST(t *testing.T) {
	data := mnistDataset(t, "1000")
	args := []string{"-hidden", "32", "-epochs", "4", "-batch", "50", "-seed", "5", "-snapshots", "3"}
	var log string
	run := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		code, out, stderr := rbmtrain(context.Background(), data, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		log = stderr
		return out
	}
	a, b := run(1), run(2)
	if !bytes.Equal(a, b) {
		t.Fatal("output differs between GOMAXPROCS 1 and 2")
	}
	h, snaps := snapshots(t, a)
	if h.Hidden != 32 || h.Visible != 784 || h.Seed != 5 || h.Units != "bernoulli" {
		t.Fatalf("header %+v", h)
	}
	var epochs []int64
	for _, s := range snaps {
		epochs = append(epochs, s.Epoch)
	}
	// The log has a line per epoch; a snapshot's adds its monitors.
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 4 {
		t.Fatalf("log %q: want a line per epoch", lines)
	}
	for i, line := range lines {
		e := int64(i + 1)
		want := fmt.Sprintf("rbm-train: epoch %d/4 recon ", e)
		if slices.Contains(epochs, e) {
			s := snaps[slices.Index(epochs, e)]
			want += fmt.Sprintf("%.4f pll %.2f σ₁ %.3f (", s.ReconError, s.PseudoLogLik, s.TopSigma[0])
		}
		if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, " s/epoch)") {
			t.Errorf("log line %q, want it to start with %q", line, want)
		}
	}
	if !slices.Equal(epochs, []int64{0, 1, 2, 4}) {
		t.Fatalf("snapshot epochs %v, want [0 1 2 4]", epochs)
	}
	var sq float64
	for _, w := range snaps[0].W {
		sq += float64(w) * float64(w)
	}
	if std := math.Sqrt(sq / float64(len(snaps[0].W))); math.Abs(std-0.01) > 0.0005 {
		t.Fatalf("initial weight std %.5f, want 0.01", std)
	}
	// MP bulk edge at initialization: s(√n+√p) = 0.01(28+√32) ≈ 0.34.
	if s0, s4 := snaps[0].TopSigma[0], snaps[3].TopSigma[0]; s0 > 0.4 || s4 < 3 {
		t.Fatalf("top σ %.3f at init and %.3f after 4 epochs; want within and far above the bulk edge 0.34", s0, s4)
	}
	if snaps[3].ReconError >= snaps[1].ReconError || snaps[3].PseudoLogLik <= snaps[0].PseudoLogLik {
		t.Fatalf("no learning: recon %.4f → %.4f, PLL %.1f → %.1f", snaps[1].ReconError, snaps[3].ReconError, snaps[0].PseudoLogLik, snaps[3].PseudoLogLik)
	}
	code, other, _ := rbmtrain(context.Background(), data, append(args, "-replica", "1")...)
	if code != 0 || bytes.Equal(other, a) {
		t.Fatal("replica 1 gave the same bytes as replica 0")
	}
}

// A cancelled run (SIGINT) writes a final snapshot, keeps a complete
// stream and exits non-zero.
func TestInterrupt(t *testing.T) {
	data := mnistDataset(t, "200")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	target := filepath.Join(t.TempDir(), "run.arrows")
	code, _, stderr := rbmtrain(ctx, data, "-hidden", "8", "-epochs", "3", "-batch", "20", "-o", target)
	if code != 1 || !strings.Contains(stderr, "interrupted: wrote a final snapshot at epoch 0") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	kept, err := os.ReadFile(target)
	if err != nil {
		t.Fatalf("the interrupted run's output is gone: %v", err)
	}
	if _, snaps := snapshots(t, kept); len(snaps) != 2 {
		t.Fatalf("%d snapshots, want the initial and the final one", len(snaps))
	}
}

func TestBadInput(t *testing.T) {
	data := mnistDataset(t, "50")
	var ckpt bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&ckpt, format.Header{Visible: 1, Hidden: 1})
	w.Write(&format.Snapshot{W: []float32{0}, A: []float32{0}, B: []float32{0}})
	w.Close()
	for _, c := range []struct {
		name  string
		stdin []byte
		args  []string
		code  int
		want  string
	}{
		{"no hidden", data, nil, 2, "-hidden must be ≥ 1"},
		{"k zero", data, []string{"-hidden", "4", "-k", "0"}, 2, "k must be ≥ 1"},
		{"big batch", data, []string{"-hidden", "4", "-batch", "51"}, 2, "batch size 51 is larger than the data (50 examples)"},
		{"bad units", data, []string{"-hidden", "4", "-units", "potts"}, 2, "unknown unit convention"},
		{"wrong kind", ckpt.Bytes(), []string{"-hidden", "4"}, 1, "rbm-train: stdin: expected a dataset stream, got a checkpoint stream"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := rbmtrain(context.Background(), c.stdin, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.want)
			}
		})
	}
}

// stopAfter is a context whose Err turns non-nil after n calls (the trainer
// asks once per minibatch): an interruption at a chosen step.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// Interrupted mid-epoch, or between epochs just after a scheduled
// snapshot, and resumed, a run writes the same bytes as the uninterrupted
// one, for CD and PCD. Both runs use the same command line, relative to
// their own directories, as a batch job does.
func TestResumeBytes(t *testing.T) {
	data := mnistDataset(t, "400")
	for _, c := range []struct {
		method string
		stop   int    // minibatches before the interruption (10 per epoch)
		want   string // what the interrupted run says
	}{
		{"cd", 23, "interrupted: wrote a final snapshot at epoch 2, step 23"},
		{"pcd", 23, "interrupted: wrote a final snapshot at epoch 2, step 23"},
		{"cd", 20, "interrupted: wrote a final snapshot at epoch 2, step 20"},  // epoch 2 is scheduled
		{"pcd", 30, "interrupted: wrote a final snapshot at epoch 3, step 30"}, // so is 3
	} {
		method := c.method
		whole, part := t.TempDir(), t.TempDir()
		for _, dir := range []string{whole, part} {
			os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
		}
		args := []string{"-hidden", "16", "-epochs", "5", "-batch", "40", "-seed", "3", "-method", method, "-snapshots", "4", "-o", "run.arrows", "data.arrows"}
		run := runIn
		if code, stderr := run(context.Background(), whole, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		code, stderr := run(&stopAfter{context.Background(), c.stop}, part, args...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-o", "run.arrows", "data.arrows"); code != 0 {
			t.Fatalf("resume: exit %d: %s", code, stderr)
		}
		a, _ := os.ReadFile(filepath.Join(whole, "run.arrows"))
		b, _ := os.ReadFile(filepath.Join(part, "run.arrows"))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Fatalf("%s stopped after %d steps: the resumed run's %d bytes differ from the uninterrupted run's %d", method, c.stop, len(b), len(a))
		}
	}
}

// A run interrupted under checkpoint format version 1 (flat W, binary
// state; format/testdata/train-v1.arrows, written before version 2)
// resumes to the same bytes as the same rows rewritten as version 2 do
// (whose resumption TestResumeBytes checks against an uninterrupted run):
// nothing of the resume state is lost in the old layout. The fixture was
// made by the pure-Go build, so the comparison is between two resumptions
// on this backend, not with a run from scratch.
func TestResumeVersion1(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile(filepath.Join("..", "..", "format", "testdata", "train-v1.arrows"))
	if err != nil {
		t.Fatal(err)
	}
	oldH, oldRows := snapshots(t, old)
	var cur bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&cur, oldH)
	if err != nil {
		t.Fatal(err)
	}
	for i := range oldRows {
		w.Write(&oldRows[i])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "v1.arrows"), old, 0o644)
	os.WriteFile(filepath.Join(dir, "v2.arrows"), cur.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "data.arrows"), mnistDataset(t, "100"), 0o644)
	resume := func(name string) []byte {
		var errOut bytes.Buffer
		if code := cli.Main(Tool, []string{"-resume", name, "-o", "resumed-" + name, "data.arrows"},
			cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir}); code != 0 {
			t.Fatalf("resume %s: exit %d: %s", name, code, errOut.String())
		}
		b, _ := os.ReadFile(filepath.Join(dir, "resumed-"+name))
		return b
	}
	fromV1, fromV2 := resume("v1.arrows"), resume("v2.arrows")
	curH, _ := snapshots(t, cur.Bytes())
	h, got := snapshots(t, fromV1)
	if oldH.Version != 1 || curH.Version != 2 || h.Version != 2 {
		t.Fatalf("format versions: fixture %d, rewritten %d, resumed %d; want 1, 2, 2", oldH.Version, curH.Version, h.Version)
	}
	// The interruption's row (epoch 1, step 7) is dropped, epoch 0 kept as
	// it was (printed: its NaN monitor equals NaN), epoch 3 trained.
	if len(oldRows) != 2 || oldRows[1].Step != 7 || len(got) != 2 || got[1].Epoch != 3 || len(got[1].State) == 0 ||
		fmt.Sprintf("%+v", got[0]) != fmt.Sprintf("%+v", oldRows[0]) {
		t.Fatalf("resumed rows: %d, epochs %d…%d; want the fixture's epoch 0 and a trained epoch 3", len(got), got[0].Epoch, got[len(got)-1].Epoch)
	}
	if !bytes.Equal(fromV1, fromV2) {
		t.Fatalf("resumed from version 1: %d bytes, from the same rows as version 2: %d bytes, not equal", len(fromV1), len(fromV2))
	}
}

// Weights that overflow stop the run with an error naming the epoch, and
// leave no -o file (nor its temporary) that could pass for a result.
func TestNonFiniteWritesNothing(t *testing.T) {
	data := mnistDataset(t, "50")
	target := filepath.Join(t.TempDir(), "run.arrows")
	code, _, stderr := rbmtrain(context.Background(), data, "-hidden", "8", "-epochs", "3", "-batch", "10",
		"-lr", "3e38", "-momentum", "0.99", "-o", target)
	if code != 1 || !strings.Contains(stderr, "rbm-train: weights became non-finite during epoch 1") ||
		!strings.Contains(stderr, "-o not written") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	left, err := os.ReadDir(filepath.Dir(target))
	if err != nil || len(left) != 0 {
		t.Fatalf("the broken run left %v (%v)", left, err)
	}
}

// A run killed while writing to stdout (SIGKILL: no final snapshot, no
// end-of-stream marker, maybe half a record batch) resumes from its
// complete snapshots, and the resumed stream equals the uninterrupted one.
func TestResumeCutStream(t *testing.T) {
	data := mnistDataset(t, "400")
	args := []string{"-hidden", "16", "-epochs", "5", "-batch", "40", "-seed", "3", "-method", "pcd", "-snapshots", "5", "data.arrows"}
	whole := t.TempDir()
	os.WriteFile(filepath.Join(whole, "data.arrows"), data, 0o644)
	var out, errOut bytes.Buffer
	if code := cli.Main(Tool, args, cli.Env{Stdout: &out, Stderr: &errOut, Dir: whole}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	full := out.Bytes()
	_, snaps := snapshots(t, full)
	for _, cut := range []int{len(full) - 8, len(full) - 100, len(full) / 2, len(full) / 3} {
		part := t.TempDir()
		os.WriteFile(filepath.Join(part, "data.arrows"), data, 0o644)
		os.WriteFile(filepath.Join(part, "run.arrows"), full[:cut], 0o644)
		errOut.Reset()
		code := cli.Main(Tool, []string{"-resume", "run.arrows", "-o", "run.arrows", "data.arrows"}, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: part})
		if code != 0 {
			t.Fatalf("cut at %d of %d bytes: resume: exit %d: %s", cut, len(full), code, errOut.String())
		}
		got, _ := os.ReadFile(filepath.Join(part, "run.arrows"))
		if !bytes.Equal(got, full) {
			t.Errorf("cut at %d of %d bytes (%d snapshots whole): the resumed stream's %d bytes differ", cut, len(full), len(snaps), len(got))
		}
	}
}

// runIn runs rbm-train in dir with args under ctx: its exit code and
// stderr.
func runIn(ctx context.Context, dir string, args ...string) (int, string) {
	var errOut bytes.Buffer
	code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Context: ctx, Dir: dir})
	return code, errOut.String()
}
