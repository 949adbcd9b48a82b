package rbmcat

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fixture(t *testing.T, kind format.Kind) []byte {
	t.Helper()
	var buf bytes.Buffer
	h := format.Header{Visible: 3, Hidden: 2, Units: "bernoulli", Seed: 5, Replica: 1,
		Provenance: []format.Step{{Tool: "fixture", Version: "0", Args: []string{"-x"}}}}
	var err error
	switch kind {
	case format.KindCheckpoint:
		var w *format.Writer[format.Snapshot]
		if w, err = format.NewWriter[format.Snapshot](&buf, h); err == nil {
			for e := int64(0); e < 2; e++ {
				s := format.Snapshot{Epoch: e, Step: 10 * e, W: []float32{1, -2, 3, -4, 5, -6}, A: []float32{0.5, 0, 0},
					B: []float32{0, 1}, ReconError: 0.25, PseudoLogLik: -2, TopSigma: []float64{9.5, 0.5}}
				if e == 1 {
					s.State = []byte{1, 2, 3}
				}
				w.Write(&s)
			}
			err = w.Close()
		}
	case format.KindDataset:
		h.Hidden = 0
		var w *format.Writer[format.Example]
		if w, err = format.NewWriter[format.Example](&buf, h); err == nil {
			w.Write(&format.Example{V: []bool{true, false, true}, Label: 7})
			w.Write(&format.Example{V: []bool{false, false, true}, Label: 2})
			err = w.Close()
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rbmcat(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	code, out, errOut := cli.Call(Tool, stdin, "", args...)
	return code, string(out), errOut
}

func TestGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		kind   format.Kind
		args   []string
	}{
		{"checkpoint.tsv", format.KindCheckpoint, nil},
		{"checkpoint_full.jsonl", format.KindCheckpoint, []string{"-f", "jsonl", "-full"}},
		{"checkpoint_meta.txt", format.KindCheckpoint, []string{"-meta"}},
		{"dataset_full.csv", format.KindDataset, []string{"-f", "csv", "-full"}},
		{"dataset_head.tsv", format.KindDataset, []string{"-head", "1", "-columns", "label,v", "-no-header"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			code, got, stderr := rbmcat(t, fixture(t, c.kind), c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			path := filepath.Join("testdata", c.golden)
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Fatalf("output differs from %s:\n got:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

// The summary columns are computed, not copied: check them against the
// fixture's known W = [1 -2; 3 -4; 5 -6].
func TestSummaryValues(t *testing.T) {
	_, got, _ := rbmcat(t, fixture(t, format.KindCheckpoint), "-columns", "W", "-head", "1", "-no-header")
	want := "3x2\t-6\t5\t-0.5\t9.53939\n" // mean −3/6, norm √91
	if got != want {
		t.Fatalf("W summary %q, want %q", got, want)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		stdin []byte
		args  []string
		code  int
		want  string
	}{
		{"empty", nil, nil, 1, "rbm-cat: stdin: empty input"},
		{"garbage", []byte("hello world, not arrow"), nil, 1, "rbm-cat: stdin: not an Arrow IPC stream"},
		{"bad format", fixture(t, format.KindDataset), []string{"-f", "xml"}, 2, "want tsv, csv or jsonl"},
		{"bad column", fixture(t, format.KindDataset), []string{"-columns", "W"}, 2, `no column "W" in this dataset stream (it has v, label)`},
		{"missing file", nil, []string{"/nonexistent/run.arrows"}, 1, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := rbmcat(t, c.stdin, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, c.code, c.want)
			}
		})
	}
}

// A checkpoint of format version 1 (flat W with the tensor extension,
// binary state) prints as the same rows written as version 2 do.
func TestCheckpointVersion1(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("..", "..", "format", "testdata", "checkpoint-v1.arrows"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := format.NewReader[format.Snapshot](bytes.NewReader(old), "v1")
	if err != nil {
		t.Fatal(err)
	}
	var cur bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&cur, r.Header())
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		w.Write(r.Row())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {"-f", "jsonl", "-full"}} {
		_, got, stderr := rbmcat(t, old, args...)
		_, want, _ := rbmcat(t, cur.Bytes(), args...)
		summary := args == nil && (!strings.Contains(got, "\t6x4\t") || !strings.Contains(got, "\t12 bytes\n"))
		if got != want || summary {
			t.Fatalf("rbm-cat %v of version 1:\n%s%s\nof version 2:\n%s", args, got, stderr, want)
		}
	}
}
