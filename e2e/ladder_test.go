package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// rbm-train -ladder → rbm-sample -method ptt: the ladder stream is a
// checkpoint stream whose rows are PTT's rungs as they come (the default
// selection, all, takes every rung even where several share an epoch):
// one acceptance per link from the independent-site model up to the last
// rung, and the samples are the last rung's. The runs here make 60
// updates, fewer than one line of the default -logz-stride (100), whose
// rungs come at the lines' ends: they go update by update.
func TestLadderPTT(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data -limit 1000 "$MNIST/train10k-images-idx3-ubyte.gz" > d.arrows
rbm-train -hidden 16 -epochs 6 -lr 0.1 -visible-bias logit -seed 2 -logz -logz-chains 64 -logz-stride 1 -ladder ladder.arrows -o run.arrows d.arrows 2>/dev/null
rbm-sample -method ptt -chains 20 -burn-in 20 -sweeps 100 -thin 50 -mixing mixing.arrows < ladder.arrows > samples.arrows 2>/dev/null
rbm-sample -method ptt -snapshots all -chains 20 -burn-in 20 -sweeps 100 -thin 50 -o all.arrows ladder.arrows 2>/dev/null`)
	_, rungs := readAll(t, dir+"/ladder.arrows", func(s format.Snapshot) format.Snapshot { return s })
	if len(rungs) < 3 {
		t.Fatalf("%d rungs: the run is meant to cut several", len(rungs))
	}
	_, mixing := readAll(t, dir+"/mixing.arrows", func(r format.MixingRow) format.MixingRow { return r })
	links := 0
	for _, r := range mixing {
		if r.What == "acceptance" {
			if r.Rung != int64(links) || !(r.Value > 0 && r.Value <= 1) {
				t.Errorf("link %d: row for rung %d, acceptance %v", links, r.Rung, r.Value)
			}
			links++
		}
	}
	if links != len(rungs) {
		t.Errorf("%d links over %d ladder rungs and the independent-site model: want %d", links, len(rungs), len(rungs))
	}
	_, samples := readAll(t, dir+"/samples.arrows", func(s format.Sample) format.Sample { return s })
	last := rungs[len(rungs)-1]
	for _, s := range samples {
		if s.Step != last.Step || s.Snapshot != int64(len(rungs)-1) {
			t.Fatalf("a sample of snapshot %d at step %d, want the last rung's (%d, step %d)", s.Snapshot, s.Step, len(rungs)-1, last.Step)
		}
	}
	meta := sh(t, dir, `rbm-cat -meta samples.arrows`)
	var epochs []string
	for _, r := range rungs {
		epochs = append(epochs, strconv.FormatInt(r.Epoch, 10))
	}
	if want := `"rung_epochs":[` + strings.Join(epochs, ",") + `]`; !strings.Contains(meta, want) {
		t.Errorf("the samples' settings lack %s:\n%s", want, meta)
	}
	if sh(t, dir, `cmp <(rbm-cat samples.arrows) <(rbm-cat all.arrows) && echo same`) != "same\n" {
		t.Error("-snapshots all and the default selection sample differently")
	}
}

// rbm-sample -method ptt -rungs: the ladder's rungs below a run's last
// snapshot, so that the samples are of the trained model (the study's
// samples stage). The same rounds as PTT over one stream holding those
// rungs and that snapshot, row for row; the samples name the run's
// snapshot; the options that cannot go with it are refused.
func TestLadderBelowRun(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data -limit 1000 "$MNIST/train10k-images-idx3-ubyte.gz" > d.arrows
rbm-train -hidden 16 -epochs 6 -lr 0.1 -visible-bias logit -seed 2 -logz -logz-chains 64 -logz-stride 1 -ladder ladder.arrows -o run.arrows d.arrows 2>/dev/null
rbm-train -hidden 12 -epochs 1 -lr 0.1 -seed 2 -logz -logz-chains 16 -logz-stride 1 -ladder other.arrows -o /dev/null d.arrows 2>/dev/null
rbm-sample -method ptt -rungs ladder.arrows -chains 20 -burn-in 20 -sweeps 100 -thin 50 -mixing mixing.arrows -o top.arrows run.arrows 2>/dev/null`)
	clone := func(s format.Snapshot) format.Snapshot { return *format.CloneSnapshot(&s) }
	h, run := readAll(t, dir+"/run.arrows", clone)
	_, rungs := readAll(t, dir+"/ladder.arrows", clone)
	last := run[len(run)-1]
	var joined []format.Snapshot
	for _, r := range rungs {
		if r.Step < last.Step {
			joined = append(joined, r)
		}
	}
	if len(joined) < 2 {
		t.Fatalf("%d rungs before step %d: the run is meant to cut several", len(joined), last.Step)
	}
	joined = append(joined, last)
	f, err := os.Create(filepath.Join(dir, "joined.arrows"))
	if err != nil {
		t.Fatal(err)
	}
	if err := format.WriteAll(f, h, joined); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sh(t, dir, `rbm-sample -method ptt -chains 20 -burn-in 20 -sweeps 100 -thin 50 -o ref.arrows joined.arrows 2>/dev/null`)
	cols := `rbm-cat -no-header -columns chain,sweep,energy,free_energy,v`
	if sh(t, dir, `cmp <(`+cols+` top.arrows) <(`+cols+` ref.arrows) && echo same`) != "same\n" {
		t.Error("-rungs samples differently from PTT over the same rungs in one stream")
	}
	_, samples := readAll(t, dir+"/top.arrows", func(s format.Sample) format.Sample { return s })
	for _, s := range samples {
		if s.Snapshot != int64(len(run)-1) || s.Epoch != last.Epoch || s.Step != last.Step {
			t.Fatalf("a sample of snapshot %d (epoch %d, step %d), want the run's last (%d, %d, %d)",
				s.Snapshot, s.Epoch, s.Step, len(run)-1, last.Epoch, last.Step)
		}
	}
	for _, bad := range []string{
		`rbm-sample -method gibbs -rungs ladder.arrows run.arrows`,
		`rbm-sample -method ptt -rungs ladder.arrows -all-rungs run.arrows`,
		`rbm-sample -method ptt -rungs other.arrows run.arrows`,
		`rbm-sample -method ptt -rungs ladder.arrows -snapshots 0 run.arrows`,
	} {
		if out, err := shErr(dir, bad+` > /dev/null`); err == nil {
			t.Errorf("%s: accepted:\n%s", bad, out)
		}
	}
}
