package rbmstack

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

// fit writes a tiny mpfit stream of one run.
func fit(t *testing.T, dir string, hidden, replica int) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Fit](&buf, format.Header{Visible: 4, Hidden: hidden, Units: "bernoulli", Replica: replica, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	for e := range 3 {
		if err := w.Write(&format.Fit{Table: "summary", Epoch: int64(e), Outliers: int64(e * replica)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "m"+string(rune('0'+hidden))+"r"+string(rune('0'+replica))+".arrows")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(stdin []byte, dir string, args ...string) (int, []byte, string) {
	return cli.Call(Tool, stdin, dir, args...)
}

func TestStackFilesAndStdin(t *testing.T) {
	dir := t.TempDir()
	a, b, c := fit(t, dir, 2, 0), fit(t, dir, 2, 1), fit(t, dir, 3, 2)
	cdata, _ := os.ReadFile(c)
	code, _, stderr := run(cdata, dir, "-o", "all.arrows", "-columns", "epoch,outliers", filepath.Base(a), b, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(filepath.Join(dir, "all.arrows"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := format.OpenStream(f, "all.arrows")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, _ := s.Header().Runs()
	if len(runs) != 3 || runs[0].Source != filepath.Base(a) || runs[2].Source != "stdin" || runs[2].Hidden != 3 {
		t.Errorf("runs %+v", runs)
	}
	rows := 0
	for s.Next() {
		rows += int(s.Record().NumRows())
	}
	if rows != 9 || s.Err() != nil || len(s.Schema().Fields()) != 6 {
		t.Errorf("%d rows, %v, schema %v", rows, s.Err(), s.Schema())
	}
	if p := s.Header().Provenance; len(p) != 1 || p[0].Tool != "rbm-stack" || !strings.Contains(strings.Join(p[0].Args, " "), "-columns epoch,outliers") {
		t.Errorf("provenance %+v", p)
	}
}

func TestUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	a := fit(t, dir, 2, 0)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no input files"},
		{[]string{"-", "-"}, 2, "stdin (-) can be only one"},
		{[]string{"-columns", ",", a}, 2, "names no column"},
		{[]string{a, "missing.arrows"}, 1, "rbm-stack: open"},
		{[]string{"-drop", "nope", a}, 1, `no column "nope" to drop`},
	} {
		code, out, stderr := run(nil, dir, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || len(out) != 0 {
			t.Errorf("%v: exit %d, stderr %q, want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	// Nothing is left under the -o name when stacking fails midway.
	data, _ := os.ReadFile(a)
	cut := filepath.Join(dir, "cut.arrows")
	os.WriteFile(cut, data[:len(data)-8], 0o644)
	if code, _, stderr := run(nil, dir, "-o", "out.arrows", a, cut); code != 1 || !strings.Contains(stderr, "truncated") {
		t.Errorf("truncated input: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.arrows")); !os.IsNotExist(err) {
		t.Errorf("a failed stack left its output: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
