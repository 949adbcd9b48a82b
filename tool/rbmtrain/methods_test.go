package rbmtrain

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
)

// methodFlags are the command lines of the methods beyond plain SGD.
var methodFlags = map[string][]string{
	"centered":    {"-method", "pcd", "-k", "2", "-centered", "-center-slide", "0.05"},
	"adam-cosine": {"-method", "pcd", "-optim", "adam", "-lr", "0.005", "-lr-schedule", "cosine"},
	"l1-exp":      {"-l1", "0.001", "-lr-schedule", "exp", "-lr-final", "0.2"},
	"pt":          {"-method", "pt", "-k", "2", "-temps", "3", "-beta-min", "0.6"},
}

// Each method, interrupted mid-epoch and resumed, writes the same bytes as
// its uninterrupted run, whose bytes do not depend on GOMAXPROCS; the
// checkpoint records the method's settings and, for plain runs, none of
// them.
func TestMethodsResumeBytes(t *testing.T) {
	data := mnistDataset(t, "400")
	for name, flags := range methodFlags {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"-hidden", "16", "-epochs", "4", "-batch", "40", "-seed", "3", "-snapshots", "3", "-o", "run.arrows"}, flags...)
			args = append(args, "data.arrows")
			run := func(ctx context.Context, procs int, dir string, args ...string) (int, string) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				var errOut bytes.Buffer
				code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Context: ctx, Dir: dir})
				return code, errOut.String()
			}
			dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
			for _, dir := range dirs {
				os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
			}
			for i, procs := range []int{1, 2} {
				if code, stderr := run(context.Background(), procs, dirs[i], args...); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
			}
			code, stderr := run(&stopAfter{context.Background(), 17}, 2, dirs[2], args...)
			if code != 1 || !strings.Contains(stderr, "interrupted: wrote a final snapshot at epoch 1, step 17") {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if code, stderr := run(context.Background(), 1, dirs[2], "-resume", "run.arrows", "-o", "run.arrows", "data.arrows"); code != 0 {
				t.Fatalf("resume: exit %d: %s", code, stderr)
			}
			var out [3][]byte
			for i, dir := range dirs {
				out[i], _ = os.ReadFile(filepath.Join(dir, "run.arrows"))
			}
			if len(out[0]) == 0 || !bytes.Equal(out[0], out[1]) {
				t.Fatal("the output differs between GOMAXPROCS 1 and 2")
			}
			if !bytes.Equal(out[0], out[2]) {
				t.Fatalf("the resumed run's %d bytes differ from the uninterrupted run's %d", len(out[2]), len(out[0]))
			}
			h, snaps := snapshots(t, out[0])
			if len(snaps) != 4 || !(snaps[3].PseudoLogLik > snaps[0].PseudoLogLik) {
				t.Fatalf("%d snapshots; PLL %v → %v: no learning", len(snaps), snaps[0].PseudoLogLik, snaps[len(snaps)-1].PseudoLogLik)
			}
			js, _ := h.Get("train")
			var set settings
			if err := json.Unmarshal([]byte(js), &set); err != nil {
				t.Fatal(err)
			}
			switch name {
			case "centered":
				if !set.Centered || set.CenterSlide != 0.05 || set.Optimizer != "" {
					t.Fatalf("recorded %s", js)
				}
			case "adam-cosine":
				if set.Optimizer != "adam" || set.AdamBeta2 != 0.999 || set.Schedule != "cosine" || set.ScheduleSteps != 40 || set.LRFinal != 0.01 {
					t.Fatalf("recorded %s", js)
				}
			case "pt":
				if set.Method != "pt" || set.Ladder != 3 || set.BetaMin != 0.6 || set.Schedule != "" {
					t.Fatalf("recorded %s", js)
				}
			}
		})
	}
}

// A plain run records exactly the settings it did before the new methods
// existed: none of their keys.
func TestPlainRunRecordsNoNewSettings(t *testing.T) {
	code, out, stderr := rbmtrain(context.Background(), mnistDataset(t, "50"), "-hidden", "4", "-epochs", "1", "-batch", "10", "-method", "pcd")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, err := format.NewReader[format.Snapshot](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := r.Header().Get("train")
	for _, key := range []string{"Centered", "CenterSlide", "Optimizer", "Adam", "Schedule", "LRFinal", "L1", "Ladder", "BetaMin"} {
		if strings.Contains(js, `"`+key) {
			t.Errorf("a plain run records %s: %s", key, js)
		}
	}
}

func TestBadMethodFlags(t *testing.T) {
	data := mnistDataset(t, "50")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-optim", "rmsprop"}, `optimizer "rmsprop": want sgd or adam`},
		{[]string{"-lr-schedule", "step"}, `schedule "step": want constant, linear, exp or cosine`},
		{[]string{"-lr-schedule", "exp", "-lr-final", "0"}, "exp schedule: the final learning rate fraction must be in (0,1]"},
		{[]string{"-method", "pt", "-beta-min", "1"}, "-beta-min 1: want a value in (0,1)"},
		{[]string{"-method", "pt", "-temps", "0"}, "pt: the ladder needs at least one β"},
		{[]string{"-centered", "-center-slide", "0"}, "-center-slide 0: want a value in (0,1]"},
		{[]string{"-l1", "-1"}, "-l1 -1: want a value in [0,inf)"},
		{[]string{"-lr", "inf"}, "-lr +Inf: want a finite number"},
		{[]string{"-momentum", "NaN"}, "-momentum NaN: want a finite number"},
		{[]string{"-decay", "nan"}, "-decay NaN: want a finite number"},
		{[]string{"-init-std", "0"}, "-init-std 0: want a value in (0,inf)"},
		{[]string{"-init-std", "-inf"}, "-init-std -Inf: want a finite number"},
		{[]string{"-method", "gibbs"}, `method "gibbs": want cd, pcd or pt`},
	} {
		code, _, stderr := rbmtrain(context.Background(), data, append([]string{"-hidden", "4", "-batch", "10"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
