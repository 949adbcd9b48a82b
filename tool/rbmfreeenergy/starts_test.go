package rbmfreeenergy

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/tool/rbmsample"
)

// TestReverseStartPTT: reverse AIS started from rbm-sample -method ptt's
// samples of the last snapshot of a trajectory whose planted mode grows
// past the threshold (two modes, ±u) agrees with exact enumeration, and
// its rows say where it started.
func TestReverseStartPTT(t *testing.T) {
	var sigmas []float64
	for k := range 15 {
		sigmas = append(sigmas, float64(k))
	}
	ms := models(12, 8, rbm.Bernoulli, sigmas)
	last := int64(len(ms) - 1)
	in := checkpoint(t, ms)
	dir := t.TempDir()
	code, samples, stderr := cli.Call(rbmsample.Tool, in, dir, "-method", "ptt", "-chains", "200", "-burn-in", "100", "-sweeps", "100", "-thin", "50")
	if code != 0 {
		t.Fatalf("rbm-sample: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "ptt.arrows"), samples, 0o644); err != nil {
		t.Fatal(err)
	}
	writeStates(t, filepath.Join(dir, "one.arrows"), ms[0].Visible, 10*last, 200)
	logZ := func(start string) (exact, rais format.Estimate) {
		t.Helper()
		code, out, stderr := run(dir, in, "-method", "exact,ais", "-snapshots", fmt.Sprint(10*last), "-chains", "200", "-temps", "500",
			"-burn-in", "0", "-slice-points", "0", "-reverse-start", start)
		if code != 0 {
			t.Fatalf("-reverse-start %s: exit %d: %s", start, code, stderr)
		}
		_, rows := parse(t, out)
		e, r := find(rows, last, "exact", "logZ"), find(rows, last, "rais", "logZ")
		if len(e) != 1 || len(r) != 1 {
			t.Fatalf("-reverse-start %s: %d exact and %d rais log Z rows", start, len(e), len(r))
		}
		return e[0], r[0]
	}
	exact, rais := logZ("ptt.arrows")
	t.Logf("exact %.4f, reverse AIS from PTT samples %.4f ± %.4f", exact.Value, rais.Value, rais.StdErr)
	if d := math.Abs(rais.Value - exact.Value); d > math.Max(0.1, 3*rais.StdErr) {
		t.Errorf("reverse AIS from PTT samples %.4f ± %.4f, exact %.4f", rais.Value, rais.StdErr, exact.Value)
	}
	if !strings.Contains(rais.Settings, "start=samples=ptt.arrows n=200 burnin=0") {
		t.Errorf("settings %q do not name the samples", rais.Settings)
	}
	// The starts are used: one state repeated (the planted mode +u) gives
	// another estimate than the PTT samples. (Not a far one: on 12 units a
	// 500-step schedule crosses between the modes, so only the first
	// steps' weights remember where the chains began.)
	_, one := logZ("one.arrows")
	if one.Value == rais.Value || !strings.Contains(one.Settings, "start=samples=one.arrows n=200") {
		t.Errorf("reverse AIS from one repeated state: %.6f %q, from PTT samples %.6f", one.Value, one.Settings, rais.Value)
	}
}

// TestReverseStartUsage: the samples must fit the checkpoint, and
// -no-reverse leaves nothing to start.
func TestReverseStartUsage(t *testing.T) {
	dir := t.TempDir()
	in := checkpoint(t, models(6, 4, rbm.Bernoulli, []float64{0, 1}))
	writeStates(t, filepath.Join(dir, "wide.arrows"), 7, 10, 5)
	if code, _, stderr := run(dir, in, "-method", "ais", "-reverse-start", "wide.arrows"); code != 1 || !strings.Contains(stderr, "7 visible units, the checkpoint's 6") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(dir, in, "-method", "ais", "-no-reverse", "-reverse-start", "wide.arrows"); code != 2 {
		t.Errorf("-no-reverse with -reverse-start: exit %d: %s", code, stderr)
	}
}

// writeStates writes a samples stream of n copies, at epoch, of the
// state of models' planted mode +u: unit i on where u_i > 0.
func writeStates(t *testing.T, path string, visible int, epoch int64, n int) {
	t.Helper()
	rows := make([]format.Sample, n)
	for c := range rows {
		v := make([]bool, visible)
		for i := range v {
			v[i] = i%3 != 1
		}
		rows[c] = format.Sample{Epoch: epoch, Chain: int64(c), Sweep: 1, Beta: 1, V: v}
	}
	var buf bytes.Buffer
	if err := format.WriteAll(&buf, format.Header{Visible: visible, Hidden: 4}, rows, format.Omit("h")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
