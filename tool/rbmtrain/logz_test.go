package rbmtrain

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
)

// With -logz, every snapshot carries log Z (against exact enumeration at
// M = 16), and the training and test log-likelihoods −⟨F⟩ − log Z
// (against free energies computed here); the bytes do not depend on
// GOMAXPROCS, and an interrupted run resumes to the same bytes.
func TestLogZColumns(t *testing.T) {
	data := mnistDataset(t, "400")
	test := mnistDataset(t, "600") // a second dataset for -test-data
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "test.arrows"), test, 0o644)
	args := []string{"-hidden", "16", "-epochs", "5", "-batch", "40", "-lr", "0.01", "-visible-bias", "logit", "-seed", "3",
		"-snapshots", "4", "-logz", "-logz-chains", "64", "-test-data", "test.arrows", "-o", "run.arrows", "data.arrows"}
	run := runIn
	var outs [][]byte
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		code, stderr := run(context.Background(), dir, args...)
		runtime.GOMAXPROCS(prev)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, "test LL") {
			t.Errorf("the progress line shows no test log-likelihood: %s", stderr)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "run.arrows"))
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("output differs between GOMAXPROCS 1 and 2")
	}
	h, snaps := snapshots(t, outs[0])
	trainRows, testRows := exampleRows(t, data), exampleRows(t, test)
	for _, s := range snaps {
		m := &rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: rbm.Bernoulli, W: s.W, A: s.A, B: s.B}
		exact := rbm.ExactLogZ(m)
		if math.Abs(s.LogZ-exact) > 0.3 || s.LogZStdErr <= 0 && s.Epoch > 0 {
			t.Errorf("epoch %d: log Z %.4f ± %.4f, exact %.4f", s.Epoch, s.LogZ, s.LogZStdErr, exact)
		}
		if !(s.ESS > 0 && s.ESS <= 1) || s.Resamplings < 0 || s.VarLogW < 0 || len(s.LogZState) == 0 {
			t.Errorf("epoch %d: ESS %v, resamplings %d, var log w %v, state %d bytes", s.Epoch, s.ESS, s.Resamplings, s.VarLogW, len(s.LogZState))
		}
		for _, c := range []struct {
			name string
			rows [][]bool
			got  float64
		}{{"train", trainRows, s.TrainLogLik}, {"test", testRows, s.TestLogLik}} {
			f, err := ais.FreeEnergies(m, c.rows)
			if err != nil {
				t.Fatal(err)
			}
			mean := 0.0
			for _, x := range f {
				mean += x
			}
			if want := -mean/float64(len(f)) - s.LogZ; math.Abs(c.got-want) > 1e-9*math.Abs(want) {
				t.Errorf("epoch %d: %s log-likelihood %v, want %v", s.Epoch, c.name, c.got, want)
			}
		}
	}

	// Interrupted mid-epoch and resumed (with the same -test-data).
	part := t.TempDir()
	os.WriteFile(filepath.Join(part, "data.arrows"), data, 0o644)
	os.WriteFile(filepath.Join(part, "test.arrows"), test, 0o644)
	if code, stderr := run(&stopAfter{context.Background(), 23}, part, args...); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-o", "run.arrows", "data.arrows"); code != 2 || !strings.Contains(stderr, "-test-data") {
		t.Errorf("resume without -test-data: exit %d: %s", code, stderr)
	}
	if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-test-data", "test.arrows", "-o", "run.arrows", "data.arrows"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(part, "run.arrows"))
	if !bytes.Equal(outs[0], b) {
		t.Fatalf("the resumed run's %d bytes differ from the uninterrupted run's %d", len(b), len(outs[0]))
	}
}

// exampleRows reads a dataset stream's configurations.
func exampleRows(t *testing.T, data []byte) [][]bool {
	t.Helper()
	r, err := format.NewReader[format.Example](bytes.NewReader(data), "data")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]bool
	for r.Next() {
		out = append(out, append([]bool(nil), r.Row().V...))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// -logz-sweeps changes the estimator's chains, not the model; the run
// keeps it in its settings, so that -resume continues it to the same bytes
// and refuses another value; every snapshot's entropy is its energy plus
// its log Z.
func TestLogZSweeps(t *testing.T) {
	dir, part := twoRunDirs(t)
	run := runIn
	base := []string{"-hidden", "12", "-epochs", "2", "-batch", "40", "-seed", "3", "-logz", "-logz-chains", "32", "data.arrows"}
	outs := map[string][]byte{}
	for _, k := range []string{"1", "3"} {
		if code, stderr := run(context.Background(), dir, append([]string{"-logz-sweeps", k, "-o", "run.arrows"}, base...)...); code != 0 {
			t.Fatalf("-logz-sweeps %s: exit %d: %s", k, code, stderr)
		}
		outs[k], _ = os.ReadFile(filepath.Join(dir, "run.arrows"))
	}
	_, one := snapshots(t, outs["1"])
	_, three := snapshots(t, outs["3"])
	if !otherLogZ(t, one, three, "-logz-sweeps") {
		t.Error("log Z is the same with 1 and 3 sweeps per update")
	}
	for i := range one {
		for _, s := range []format.Snapshot{one[i], three[i]} {
			if math.Abs(s.Entropy-(s.Energy+s.LogZ)) > 1e-9*math.Abs(s.LogZ) || !(s.EntropyStdErr >= 0) || !(s.EnergyStdErr >= 0) {
				t.Errorf("epoch %d: entropy %v ± %v, energy %v ± %v, log Z %v", s.Epoch, s.Entropy, s.EntropyStdErr, s.Energy, s.EnergyStdErr, s.LogZ)
			}
		}
	}
	resumesAlike(t, part, base, "-logz-sweeps", "3", "2", nil, outs["3"])
}

// twoRunDirs returns two directories holding the same data.arrows (400
// MNIST digits): one for whole runs, one for an interrupted run to resume.
func twoRunDirs(t *testing.T) (dir, part string) {
	t.Helper()
	data := mnistDataset(t, "400")
	dir, part = t.TempDir(), t.TempDir()
	for _, d := range []string{dir, part} {
		if err := os.WriteFile(filepath.Join(d, "data.arrows"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, part
}

// otherLogZ checks that runs a and b, which differ only in the estimator's
// setting flag, hold the same model at every snapshot, and reports whether
// their log Z differs anywhere.
func otherLogZ(t *testing.T, a, b []format.Snapshot, flag string) bool {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d and %d snapshots", len(a), len(b))
	}
	differ := false
	for i := range a {
		if !slices.Equal(a[i].W, b[i].W) || !slices.Equal(a[i].B, b[i].B) {
			t.Fatalf("epoch %d: the model depends on %s", a[i].Epoch, flag)
		}
		differ = differ || a[i].LogZ != b[i].LogZ
	}
	return differ
}

// resumesAlike runs base with flag value in part, stopped after 13
// updates; a resume with flag other must be refused, and one with resume's
// flags (the run's own settings when nil) must end with want's bytes.
func resumesAlike(t *testing.T, part string, base []string, flag, value, other string, resume []string, want []byte) {
	t.Helper()
	if code, stderr := runIn(&stopAfter{context.Background(), 13}, part, append([]string{flag, value, "-o", "run.arrows"}, base...)...); code != 1 {
		t.Fatalf("interrupted: exit %d: %s", code, stderr)
	}
	if code, stderr := runIn(context.Background(), part, "-resume", "run.arrows", flag, other, "-o", "run.arrows", "data.arrows"); code != 2 || !strings.Contains(stderr, flag+" "+other+" disagrees") {
		t.Errorf("resume with another %s: exit %d: %s", flag, code, stderr)
	}
	args := append(append([]string{"-resume", "run.arrows"}, resume...), "-o", "run.arrows", "data.arrows")
	if code, stderr := runIn(context.Background(), part, args...); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(part, "run.arrows")); !bytes.Equal(b, want) {
		t.Errorf("the resumed run with %s %s differs from the uninterrupted one", flag, value)
	}
}

// -logz-line-steps changes the estimator's chains, not the model: at the
// stride's own value it writes the rows of the run without it, at fewer
// steps other log Z, still within 0.3 nat of exact enumeration; the run keeps it in its settings, so that -resume
// continues it to the same bytes and refuses another value; and settings
// that cannot run are refused before anything is written.
func TestLogZLineSteps(t *testing.T) {
	dir, part := twoRunDirs(t)
	run := runIn
	base := []string{"-hidden", "12", "-epochs", "3", "-batch", "40", "-lr", "0.01", "-visible-bias", "logit", "-seed", "3",
		"-logz", "-logz-chains", "64", "-logz-stride", "5", "data.arrows"}
	outs := map[string][]byte{}
	for _, k := range []string{"", "5", "2"} {
		args := append([]string{"-o", "run.arrows"}, base...)
		if k != "" {
			args = append([]string{"-logz-line-steps", k}, args...)
		}
		if code, stderr := run(context.Background(), dir, args...); code != 0 {
			t.Fatalf("-logz-line-steps %q: exit %d: %s", k, code, stderr)
		}
		outs[k], _ = os.ReadFile(filepath.Join(dir, "run.arrows"))
	}
	h, all := snapshots(t, outs[""])
	_, five := snapshots(t, outs["5"])
	_, two := snapshots(t, outs["2"])
	if fmt.Sprint(all) != fmt.Sprint(five) {
		t.Error("-logz-line-steps 5 at -logz-stride 5 writes other rows than the run without it")
	}
	if !otherLogZ(t, all, two, "-logz-line-steps") {
		t.Error("log Z is the same with 5 and 2 steps a line")
	}
	for i := range all {
		m := &rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: rbm.Bernoulli, W: two[i].W, A: two[i].A, B: two[i].B}
		if exact := rbm.ExactLogZ(m); math.Abs(two[i].LogZ-exact) > 0.3 {
			t.Errorf("epoch %d: log Z %.4f ± %.4f in 2 steps a line, exact %.4f", two[i].Epoch, two[i].LogZ, two[i].LogZStdErr, exact)
		}
	}
	resumesAlike(t, part, base, "-logz-line-steps", "2", "3", []string{"-logz-line-steps", "2"}, outs["2"])
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-logz", "-logz-stride", "4", "-logz-line-steps", "5"}, "-logz-line-steps 5: want 1 to the stride, 4"},
		{[]string{"-logz", "-logz-line-steps", "200"}, "-logz-line-steps 200: want 1 to the stride, 100"},
		{[]string{"-logz", "-logz-stride", "4", "-logz-line-steps", "-1"}, "-logz-line-steps -1"},
		{[]string{"-logz-line-steps", "1"}, "-logz-line-steps needs -logz"},
	} {
		code, stderr := run(context.Background(), dir, append(append([]string{"-hidden", "8", "-epochs", "1", "-batch", "20", "-o", "refused.arrows"}, c.args...), "data.arrows")...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "refused.arrows")); err == nil {
			t.Errorf("%v: refused, but wrote its output", c.args)
		}
	}
}
