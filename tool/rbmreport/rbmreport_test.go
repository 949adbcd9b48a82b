package rbmreport

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

// mpfitStack writes study/agg/mpfit.arrows: two replicas of M = 2, three
// snapshots, replica 0 consistent with MP at the first, replica 1 not,
// one outlier from epoch 1 + late on for replica 0 and from epoch 2 +
// late for 1.
func mpfitStack(t *testing.T, study string, late int) {
	t.Helper()
	runs := []format.StackedRun{{Run: 0, Source: "m2/r0/mpfit.arrows", Hidden: 2, Replica: 0, Seed: 9}, {Run: 1, Source: "m2/r1/mpfit.arrows", Hidden: 2, Replica: 1, Seed: 9}}
	js, err := json.Marshal(runs)
	if err != nil {
		t.Fatal(err)
	}
	h := format.Header{Visible: 4, Hidden: 2, Units: "bernoulli", Seed: 9}
	h.Set(format.KeyRuns, string(js))
	var buf bytes.Buffer
	w, err := format.NewStackWriter[format.Fit](&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		for e := range 3 {
			out := int64(0)
			if e >= 1+run+late {
				out = 1
			}
			f := format.Fit{Table: "summary", Snapshot: int64(e), Epoch: int64(e), S2: 0.01, KS: 0.1, KSReference: 0.2, Consistent: e == 0 && run == 0, Outliers: out, Threshold: 4}
			if err := w.Write(run, &f); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(study, "agg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(study, "agg", "mpfit.arrows"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(dir string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := cli.Main(Tool, args, cli.Env{Stdin: bytes.NewReader(nil), Stdout: &out, Stderr: &errOut, Dir: dir})
	return code, out.String(), errOut.String()
}

// writeReports runs rbm-report on dir/study with the extra arguments,
// writing both files into it, and returns them.
func writeReports(t *testing.T, dir string, args ...string) (md, page []byte) {
	t.Helper()
	code, _, stderr := run(dir, append(args, "-o", "study/REPORT.md", "-html", "study/report.html", "study")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "study", "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	page, err = os.ReadFile(filepath.Join(dir, "study", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	return md, page
}

func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	mpfitStack(t, filepath.Join(dir, "study"), 0)
	md, page := writeReports(t, dir)
	for _, want := range []string{
		"| 2 | 2 | 1/2 | 1.0 ± 0.0 |",               // summary: M, replicas, MP at init, outliers
		"| 1 | 1.5 ± 0.7 (1.0–2.0) [2/2] |",         // k = 1 leaves the bulk at epochs 1 and 2
		"`agg/logz.arrows` **absent**",              // missing inputs named
		"**Partly supported.** 1/2 runs consistent", // claim 1
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("REPORT.md lacks %q:\n%s", want, md)
		}
	}
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) || !bytes.Contains(page, []byte(`<table class="sortable">`)) {
		t.Errorf("report.html is not the page:\n%.500s", page)
	}
	// To stdout without -html.
	code, out, stderr := run(dir, "study")
	if code != 0 || out != string(md) {
		t.Errorf("stdout report (exit %d, %s) differs from -o's", code, stderr)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "want one study directory"},
		{[]string{"a", "b"}, 2, "want one study directory"},
		{[]string{"-o", "REPORT.md", "-html", "report.html", "nothing"}, 1, "no stack of the study"},
	} {
		code, _, stderr := run(dir, c.args...)
		if code != c.code || !strings.Contains(stderr, "rbm-report: ") || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 0 {
		t.Errorf("a failed run left files behind: %v", ents)
	}
}

// TestCompare: -compare adds the comparison section to both outputs,
// naming each study by its directory; a missing or invalid study to
// compare with fails, leaving no output.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	mpfitStack(t, filepath.Join(dir, "study"), 0)
	mpfitStack(t, filepath.Join(dir, "sweeps", "other"), 1)
	md, page := writeReports(t, dir, "-compare", "sweeps/other")
	for _, want := range []string{
		"## Comparison: study and other",
		"- Hidden sizes in both: 2.",
		"| 2 | outliers | 1.0 ± 0.0 (n = 2) | 0.5 ± 0.7 (n = 2) | -0.5 |", // epoch 2: 1, 1 against 1, 0
		"| 1 | 0.5 ± 0.7 (n = 2) | 0.0 ± 0.0 (n = 2) | -0.5 |",            // epoch 1: 1, 0 against 0, 0
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("REPORT.md lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(string(page), "<h2>Comparison: study and other</h2>") {
		t.Errorf("report.html lacks the comparison")
	}
	// Without -compare, no comparison.
	if _, out, _ := run(dir, "study"); strings.Contains(out, "Comparison") {
		t.Errorf("a report without -compare has a comparison")
	}

	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, other := range []string{"nothing", "file", "study/agg"} {
		code, _, stderr := run(dir, "-compare", other, "-o", "out.md", "-html", "out.html", "study")
		if code != 1 || !strings.Contains(stderr, "rbm-report: the study to compare with: ") {
			t.Errorf("-compare %s: exit %d, stderr %q; want exit 1 naming the study to compare with", other, code, stderr)
		}
		for _, f := range []string{"out.md", "out.html"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Errorf("-compare %s: a failed run left %s behind", other, f)
			}
		}
	}
}
