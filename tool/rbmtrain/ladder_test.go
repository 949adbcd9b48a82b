package rbmtrain

import (
	"bytes"
	"context"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/train"
	"github.com/rbmkit/rbmkit/trajectory"
)

// The ladder's rows name the models they hold: a model that stands still
// for 30 updates, jumps at update 31 to a strongly coupled one and stands
// still again makes two rungs: θ₃₀, the model before the jump, at update
// 31 (the chains' weights toward the jumped-to model see the jump at
// once), and θ₃₁, the jumped-to model, at update 32 (its acceptance to
// θ₃₀ is still low), written with steps 30 and 31 and the epochs
// completed by then (7 updates an epoch: 4), their weights those models'.
func TestLadderRowsForcedJump(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(std float64) *rbm.Model {
		m := rbm.New(12, 6, rbm.Bernoulli)
		for _, p := range [][]float32{m.W, m.A, m.B} {
			for i := range p {
				p[i] = float32(std * r.NormFloat64())
			}
		}
		return m
	}
	start, jump := random(0.05), random(2)
	tr := &train.Trainer{Model: start.Clone()}
	est, err := trajectory.New(tr.Model, trajectory.Config{Chains: 64, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	tr.AfterUpdate = est.Update
	var buf bytes.Buffer
	h := format.Header{Kind: format.KindCheckpoint, Visible: 12, Hidden: 6, Units: "bernoulli"}
	const perEpoch = 7
	d := &ladder{target: 0.3, perEpoch: perEpoch}
	if d.w, err = format.NewWriter[format.Snapshot](&buf, h, format.Include(format.LadderColumns...)); err != nil {
		t.Fatal(err)
	}
	d.l = est.EnableLadder(d.target)
	d.observe(tr)
	for u := 1; u <= 60; u++ {
		if u == 31 {
			copy(tr.Model.W, jump.W)
			copy(tr.Model.A, jump.A)
			copy(tr.Model.B, jump.B)
		}
		tr.Step = u // as the trainer counts: the update just made
		tr.AfterUpdate(tr.Model)
		if u%perEpoch == 0 {
			tr.Epoch++
		}
	}
	if err := d.pending(); err != nil {
		t.Fatal(err)
	}
	d.w.Close()
	_, rows := snapshots(t, buf.Bytes())
	if len(rows) != 2 {
		t.Fatalf("%d rungs written, want 2 (the models before and after the jump)", len(rows))
	}
	before, s := rows[0], rows[1]
	if before.Step != 30 || before.Epoch != 30/perEpoch || before.Rung != 1 || !slices.Equal(before.W, start.W) || before.LadderAcceptance != 1 {
		t.Errorf("rung %d at epoch %d, step %d (W the start's: %v), acceptance %v to θ₀; want rung 1 at epoch %d, step 30, acceptance 1 (the same model)",
			before.Rung, before.Epoch, before.Step, slices.Equal(before.W, start.W), before.LadderAcceptance, 30/perEpoch)
	}
	if s.Step != 31 || s.Epoch != 31/perEpoch || s.Rung != 2 || !slices.Equal(s.W, jump.W) || !slices.Equal(s.B, jump.B) {
		t.Errorf("rung %d at epoch %d, step %d (W the jump's: %v); want rung 2 at epoch %d, step 31", s.Rung, s.Epoch, s.Step, slices.Equal(s.W, jump.W), 31/perEpoch)
	}
	if !(s.LadderAcceptance >= 0 && s.LadderAcceptance < 0.3) {
		t.Errorf("the jumped-to rung's acceptance to θ₃₀ %v: want below the target", s.LadderAcceptance)
	}
}

// rbm-train -ladder: the ladder stream starts at θ₀ (the main stream's
// epoch 0), numbers its rungs in order at increasing steps with the epochs
// completed there; the main stream records each snapshot's acceptance to
// the last rung, and both streams each acceptance's pairs' effective
// number (between 1 and the chains; NaN where nothing is measured); both
// streams are the same at GOMAXPROCS 1 and 2, and a run
// interrupted (mid-epoch, before and after rungs were cut) and resumed
// writes both byte for byte. All of it update by update, with the
// estimator taking 4 updates at a time (-logz-stride), whose rungs come
// late, in bursts, and taking those 4 in 2 steps (-logz-line-steps);
// with the cut at the point estimate and at two standard errors below it
// (-ladder-confidence 2).
func TestLadderStreams(t *testing.T) {
	for _, c := range []struct{ stride, lineSteps, confidence string }{{"1", "0", "0"}, {"4", "0", "0"}, {"4", "2", "0"}, {"1", "0", "2"}, {"4", "2", "2"}} {
		t.Run("stride"+c.stride+"-steps"+c.lineSteps+"-z"+c.confidence, func(t *testing.T) { ladderStreams(t, c.stride, c.lineSteps, c.confidence) })
	}
}

func ladderStreams(t *testing.T, stride, lineSteps, confidence string) {
	data := mnistDataset(t, "400")
	args := []string{"-hidden", "10", "-epochs", "6", "-batch", "40", "-lr", "0.2", "-visible-bias", "logit", "-seed", "3",
		"-snapshots", "4", "-logz", "-logz-chains", "64", "-logz-stride", stride, "-logz-line-steps", lineSteps,
		"-ladder", "ladder.arrows", "-ladder-confidence", confidence, "-o", "run.arrows", "data.arrows"}
	run := runIn
	read := func(dir string) (main, lad []byte) {
		main, _ = os.ReadFile(filepath.Join(dir, "run.arrows"))
		lad, _ = os.ReadFile(filepath.Join(dir, "ladder.arrows"))
		return main, lad
	}
	var mains, ladders [][]byte
	for _, procs := range []int{1, 2} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
		prev := runtime.GOMAXPROCS(procs)
		code, stderr := run(context.Background(), dir, args...)
		runtime.GOMAXPROCS(prev)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stderr, " rungs ") {
			t.Errorf("the progress line shows no rung count: %s", stderr)
		}
		m, l := read(dir)
		mains, ladders = append(mains, m), append(ladders, l)
	}
	if !bytes.Equal(mains[0], mains[1]) || !bytes.Equal(ladders[0], ladders[1]) {
		t.Fatal("the streams differ between GOMAXPROCS 1 and 2")
	}
	_, snaps := snapshots(t, mains[0])
	lh, rungs := snapshots(t, ladders[0])
	if lh.Kind != format.KindCheckpoint || lh.Hidden != 10 {
		t.Fatalf("ladder stream of kind %s with %d hidden units", lh.Kind, lh.Hidden)
	}
	if len(rungs) < 3 {
		t.Fatalf("%d rungs: the run is meant to cut several", len(rungs))
	}
	if !slices.Equal(rungs[0].W, snaps[0].W) || rungs[0].Step != 0 || !math.IsNaN(rungs[0].LadderAcceptance) || !math.IsNaN(rungs[0].LadderPairs) {
		t.Errorf("rung 0 is not the initial model with no acceptance (step %d, acceptance %v, pairs %v)", rungs[0].Step, rungs[0].LadderAcceptance, rungs[0].LadderPairs)
	}
	// The pairs' effective number lies between 1 and the 64 pairs.
	pairs := func(n float64) bool { return n >= 1 && n <= 64 }
	const perEpoch = 10
	for k, s := range rungs {
		if s.Rung != int64(k) || s.Epoch != s.Step/perEpoch || k > 0 && (s.Step <= rungs[k-1].Step || !(s.LadderAcceptance > 0 && s.LadderAcceptance <= 1) || !pairs(s.LadderPairs)) {
			t.Errorf("row %d: rung %d at epoch %d, step %d, acceptance %v, pairs %v", k, s.Rung, s.Epoch, s.Step, s.LadderAcceptance, s.LadderPairs)
		}
	}
	for _, s := range snaps {
		if !(s.LadderAcceptance >= 0 && s.LadderAcceptance <= 1) || len(s.LadderState) == 0 || s.Epoch == 0 && (s.LadderAcceptance != 1 || !math.IsNaN(s.LadderPairs)) || s.Epoch > 0 && !pairs(s.LadderPairs) {
			t.Errorf("snapshot at epoch %d: acceptance to the last rung %v (pairs %v), ladder state %d bytes", s.Epoch, s.LadderAcceptance, s.LadderPairs, len(s.LadderState))
		}
	}
	t.Logf("rungs at steps %v", func() (st []int64) {
		for _, s := range rungs {
			st = append(st, s.Step)
		}
		return
	}())

	// Stopped before the run's 60 updates end (the last rung may come
	// within 3 of them).
	for _, stop := range []int{23, int(rungs[1].Step) + 3, min(int(rungs[len(rungs)-1].Step)+3, 6*perEpoch-1)} {
		part := t.TempDir()
		os.WriteFile(filepath.Join(part, "data.arrows"), data, 0o644)
		if code, stderr := run(&stopAfter{context.Background(), stop}, part, args...); code != 1 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-o", "run.arrows", "data.arrows"); code != 2 || !strings.Contains(stderr, "give its -ladder file again") {
			t.Errorf("resume without -ladder: exit %d: %s", code, stderr)
		}
		if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-ladder", "ladder.arrows", "-ladder-target", "0.5", "-o", "run.arrows", "data.arrows"); code != 2 || !strings.Contains(stderr, "-ladder-target 0.5 disagrees") {
			t.Errorf("resume with another target: exit %d: %s", code, stderr)
		}
		if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-ladder", "ladder.arrows", "-ladder-confidence", "3", "-o", "run.arrows", "data.arrows"); code != 2 || !strings.Contains(stderr, "-ladder-confidence 3 disagrees") {
			t.Errorf("resume with another confidence: exit %d: %s", code, stderr)
		}
		if code, stderr := run(context.Background(), part, "-resume", "run.arrows", "-ladder", "ladder.arrows", "-o", "run.arrows", "data.arrows"); code != 0 {
			t.Fatalf("resume: exit %d: %s", code, stderr)
		}
		m, l := read(part)
		if !bytes.Equal(m, mains[0]) || !bytes.Equal(l, ladders[0]) {
			t.Errorf("stopped after %d updates and resumed: main stream equal %v, ladder stream equal %v", stop, bytes.Equal(m, mains[0]), bytes.Equal(l, ladders[0]))
		}
	}
}

// The ladder's flags refuse what cannot run, before anything is written.
func TestLadderRefusals(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.arrows"), mnistDataset(t, "100"), 0o644)
	base := []string{"-hidden", "8", "-epochs", "1", "-batch", "20", "-o", "run.arrows"}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"-ladder", "l.arrows"}, "-ladder needs -logz"},
		{[]string{"-logz", "-ladder", "l.arrows", "-ladder-target", "0"}, "-ladder-target"},
		{[]string{"-logz", "-ladder", "l.arrows", "-ladder-target", "1"}, "-ladder-target"},
		{[]string{"-logz", "-ladder-target", "0.4"}, "-ladder-target needs -ladder"},
		{[]string{"-logz", "-ladder-confidence", "1"}, "-ladder-confidence needs -ladder"},
		{[]string{"-logz", "-ladder", "l.arrows", "-ladder-confidence", "-1"}, "-ladder-confidence"},
		{[]string{"-logz", "-ladder", "run.arrows"}, "names the same file"},
	} {
		var errOut bytes.Buffer
		args := append(append(slices.Clone(base), c.flags...), "data.arrows")
		code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir})
		if code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: exit %d: %s (want %q)", c.flags, code, errOut.String(), c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "l.arrows")); err == nil {
			t.Errorf("%v: the ladder stream was written", c.flags)
		}
	}
	// A run shorter than one line of the stride is told its ladder stays
	// empty; one line long, it is not.
	for _, c := range []struct {
		stride string
		warn   bool
	}{{"100", true}, {"5", false}} {
		var errOut bytes.Buffer
		args := append(slices.Clone(base), "-logz", "-logz-chains", "16", "-logz-stride", c.stride, "-ladder", "short.arrows", "data.arrows")
		if code := cli.Main(Tool, args, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir}); code != 0 {
			t.Fatalf("stride %s: exit %d: %s", c.stride, code, errOut.String())
		}
		if got := strings.Contains(errOut.String(), "no rung above the start"); got != c.warn {
			t.Errorf("stride %s over 5 updates: warned %v, want %v: %s", c.stride, got, c.warn, errOut.String())
		}
	}
	// A run without a ladder does not grow one on resume.
	var errOut bytes.Buffer
	if code := cli.Main(Tool, append(base, "data.arrows"), cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir}); code != 0 {
		t.Fatal(errOut.String())
	}
	errOut.Reset()
	code := cli.Main(Tool, []string{"-resume", "run.arrows", "-ladder", "l.arrows", "-o", "run.arrows", "data.arrows"}, cli.Env{Stdout: io.Discard, Stderr: &errOut, Dir: dir})
	if code != 2 || !strings.Contains(errOut.String(), "drop -ladder") {
		t.Errorf("resume of a run without a ladder, with -ladder: exit %d: %s", code, errOut.String())
	}
}

// A run written before the ladder_pairs column (its streams without the
// column, its ladder state of version 2, made here from a current run's by
// dropping them) resumes: the rows it had read NaN pairs, as do the
// resumed run's until the ladder measures again (the next update); the
// models, acceptances and rungs are the uninterrupted run's, the pairs
// from then on too, and so is the ladder state but for its last field,
// the last rung's linked pairs, unknown (NaN) until the next rung.
func TestLadderResumesOldLayout(t *testing.T) {
	data := mnistDataset(t, "400")
	args := []string{"-hidden", "10", "-epochs", "6", "-batch", "40", "-lr", "0.2", "-visible-bias", "logit", "-seed", "3",
		"-snapshots", "4", "-logz", "-logz-chains", "64", "-logz-stride", "1", "-ladder", "ladder.arrows", "-o", "run.arrows", "data.arrows"}
	read := func(path string) (format.Header, []*format.Snapshot) {
		f, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rd, err := format.NewReader[format.Snapshot](bytes.NewReader(f), path)
		if err != nil {
			t.Fatal(err)
		}
		var rows []*format.Snapshot
		for rd.Next() {
			rows = append(rows, format.CloneSnapshot(rd.Row()))
		}
		if err := rd.Err(); err != nil {
			t.Fatal(err)
		}
		return rd.Header(), rows
	}
	// old rewrites a stream as a run before the column wrote it.
	old := func(path string, cols []string) {
		h, rows := read(path)
		var buf bytes.Buffer
		w, err := format.NewWriter[format.Snapshot](&buf, h, format.Include(slices.DeleteFunc(slices.Clone(cols), func(c string) bool { return c == "ladder_pairs" })...))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rows {
			if len(s.LadderState) > 0 {
				s.LadderState = s.LadderState[:len(s.LadderState)-16]
				s.LadderState[0] = 2
			}
			if err := w.Write(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, buf.Bytes(), 0o644)
	}
	full, part := t.TempDir(), t.TempDir()
	for _, dir := range []string{full, part} {
		os.WriteFile(filepath.Join(dir, "data.arrows"), data, 0o644)
	}
	if code, stderr := runIn(context.Background(), full, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	const stop = 33
	if code, stderr := runIn(&stopAfter{context.Background(), stop}, part, args...); code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, partRows := read(filepath.Join(part, "run.arrows"))
	set := settings{LogZChains: 64, TestLogLik: false, LadderTarget: DefaultLadderTarget, State: true}
	old(filepath.Join(part, "run.arrows"), set.included())
	old(filepath.Join(part, "ladder.arrows"), format.LadderColumns)
	if code, stderr := runIn(context.Background(), part, "-resume", "run.arrows", "-ladder", "ladder.arrows", "-o", "run.arrows", "data.arrows"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	for _, stream := range []string{"run.arrows", "ladder.arrows"} {
		_, want := read(filepath.Join(full, stream))
		_, got := read(filepath.Join(part, stream))
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows resumed, %d uninterrupted", stream, len(got), len(want))
		}
		for k, g := range got {
			w := want[k]
			before := g.Step <= partRows[len(partRows)-1].Step
			pairsOK := same(g.LadderPairs, w.LadderPairs)
			stateOK := len(g.LadderState) == len(w.LadderState) && (len(g.LadderState) == 0 || bytes.Equal(g.LadderState[:len(g.LadderState)-8], w.LadderState[:len(w.LadderState)-8]))
			if before {
				pairsOK = math.IsNaN(g.LadderPairs)
				// The old rows as they were: version 2 states.
				stateOK = len(w.LadderState) == 0 && len(g.LadderState) == 0 || len(g.LadderState) == len(w.LadderState)-16 &&
					g.LadderState[0] == 2 && bytes.Equal(g.LadderState[1:], w.LadderState[1:len(w.LadderState)-16])
			}
			if g.Step != w.Step || g.Rung != w.Rung || !slices.Equal(g.W, w.W) || !same(g.LadderAcceptance, w.LadderAcceptance) || !pairsOK || !stateOK {
				t.Errorf("%s row %d (step %d, resumed at %d): rung %d, acceptance %v, pairs %v, state %d bytes; uninterrupted rung %d, %v, %v, %d bytes (same model %v)",
					stream, k, g.Step, partRows[len(partRows)-1].Step, g.Rung, g.LadderAcceptance, g.LadderPairs, len(g.LadderState), w.Rung, w.LadderAcceptance, w.LadderPairs, len(w.LadderState), slices.Equal(g.W, w.W))
			}
		}
	}
}

// same is == with NaN equal to NaN.
func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
