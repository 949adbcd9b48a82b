package rbmtrain

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

// rewrite returns the checkpoint stream run with its header changed by
// edit (and every row as it was): a crafted or an older run.
func rewrite(t *testing.T, run []byte, edit func(h *format.Header)) []byte {
	t.Helper()
	h, rows := snapshots(t, run)
	edit(&h)
	var out bytes.Buffer
	if err := format.WriteAll(&out, h, rows); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// editTrain changes one setting of a run's rbm.train JSON.
func editTrain(key string, value any) func(h *format.Header) {
	return func(h *format.Header) {
		js, _ := h.Get("train")
		var m map[string]any
		json.Unmarshal([]byte(js), &m)
		m[key] = value
		b, _ := json.Marshal(m)
		h.Set("train", string(b))
	}
}

// -resume refuses what does not belong to the run: flags that disagree
// with its settings, other data, and rbm.train settings its header
// contradicts or the memory budget cannot hold; and it accepts, saying
// so, a run older than the data digest. Nothing is written on a refusal.
func TestResumeRefuses(t *testing.T) {
	dir := t.TempDir()
	data, other := mnistDataset(t, "100"), mnistDataset(t, "120")
	os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "other.arrows"), other, 0o644)
	var errOut bytes.Buffer
	args := []string{"-hidden", "8", "-epochs", "3", "-batch", "20", "-seed", "5", "-o", "run.arrows", "data.arrows"}
	if code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	run, _ := os.ReadFile(filepath.Join(dir, "run.arrows"))
	if h, _ := snapshots(t, run); len(h.Extra["rbm.data_sha256"]) != 64 {
		t.Fatalf("the run records no data digest: %v", h.Extra)
	}
	old := rewrite(t, run, func(h *format.Header) { delete(h.Extra, "rbm.data_sha256") })
	for _, c := range []struct {
		name  string
		run   []byte
		flags []string
		data  string
		code  int
		want  string
	}{
		{"same", run, nil, "data.arrows", 0, ""},
		{"same flags", run, []string{"-hidden", "8", "-seed", "5", "-lr", "0.05"}, "data.arrows", 0, ""},
		{"lr", run, []string{"-lr", "0.1"}, "data.arrows", 2, "-resume run.arrows: -lr 0.1 disagrees with the run's 0.05"},
		{"epochs", run, []string{"-epochs", "9"}, "data.arrows", 2, "-epochs 9 disagrees with the run's 3"},
		{"old spelling", run, []string{"-snapshots", "7"}, "data.arrows", 2, "-log-snapshots 7 disagrees with the run's 20"},
		{"seed", run, []string{"-seed", "6"}, "data.arrows", 2, "-seed 6 disagrees with the run's 5"},
		{"units", run, []string{"-units", "spin"}, "data.arrows", 2, "-units spin disagrees with the run's bernoulli"},
		{"other data", run, nil, "other.arrows", 1, "the data are not the run's (120 examples of 784 units"},
		{"old run", old, nil, "data.arrows", 0, "the run records no digest of its data"},
		{"old run, other data", old, nil, "other.arrows", 0, "not checking that the data are the same"},
		{"hidden 1e9", rewrite(t, run, editTrain("Hidden", 1e9)), nil, "data.arrows", 1,
			"its rbm.train settings say 1000000000 hidden units, its header 8"},
		{"pt temps 1e9", rewrite(t, run, func(h *format.Header) {
			editTrain("Method", "pt")(h)
			editTrain("Ladder", 1e9)(h)
			editTrain("BetaMin", 0.5)(h)
		}),
			nil, "data.arrows", 1, "-chains 20 × -temps 1000000000 needs about"},
		{"hidden vs header", rewrite(t, run, editTrain("Hidden", 9)), nil, "data.arrows", 1, "its rbm.train settings say 9 hidden units, its header 8"},
		{"spin under bernoulli", rewrite(t, run, editTrain("Units", 1)), nil, "data.arrows", 1, "its rbm.train settings say spin units, its header bernoulli"},
		{"unknown unit code", rewrite(t, run, editTrain("Units", 7)), nil, "data.arrows", 1, "unknown unit code 7"},
		{"bad batch", rewrite(t, run, editTrain("BatchSize", 0)), nil, "data.arrows", 1, "its rbm.train settings: batch size must be ≥ 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := t.TempDir()
			os.WriteFile(filepath.Join(d, "run.arrows"), c.run, 0o644)
			os.WriteFile(filepath.Join(d, c.data), map[string][]byte{"data.arrows": data, "other.arrows": other}[c.data], 0o644)
			var errOut bytes.Buffer
			args := append(append([]string{"-resume", "run.arrows"}, c.flags...), "-o", "resumed.arrows", c.data)
			code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: d, Memory: "1G", Context: context.Background()})
			if code != c.code || !strings.Contains(errOut.String(), c.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut.String(), c.code, c.want)
			}
			_, err := os.Stat(filepath.Join(d, "resumed.arrows"))
			if written := err == nil; written != (c.code == 0) {
				t.Fatalf("exit %d, output written: %v", code, written)
			}
		})
	}
}

// Schedule takes every epoch when the log-spaced points are denser than
// one per epoch, without iterating over them: the same set as rounding
// every point, for counts on both sides of that threshold, and at once for
// an absurd count.
func TestScheduleDense(t *testing.T) {
	slow := func(epochs, count int) []int {
		set := map[int]bool{0: true, epochs: true}
		for i := 0; i < count; i++ {
			set[int(math.Round(math.Pow(float64(epochs), float64(i)/float64(count-1))))] = true
		}
		var out []int
		for e := 0; e <= epochs; e++ {
			if set[e] {
				out = append(out, e)
			}
		}
		return out
	}
	for _, epochs := range []int{1, 2, 3, 10, 37, 100, 500} {
		for _, count := range []int{2, 5, epochs, 2 * epochs, 4 * epochs, 8 * epochs, 20 * epochs, 200 * epochs} {
			if count < 2 {
				continue
			}
			if got, want := Schedule(epochs, count, 0), slow(epochs, count); !slices.Equal(got, want) {
				t.Errorf("Schedule(%d, %d): %v, want %v", epochs, count, got, want)
			}
		}
	}
	if got := Schedule(10, 1e9, 0); len(got) != 11 {
		t.Errorf("Schedule(10, 1e9): %v, want every epoch", got)
	}
}
