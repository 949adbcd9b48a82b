package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// paperMake runs make in pipelines/paper with the built commands and the
// given variables, returning its combined output.
func paperMake(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("make", append([]string{"-C", filepath.Join("..", "pipelines", "paper"), "BIN=" + bin, "MNIST=" + mnist()}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// The paper's pipeline at a tiny scale: every per-run artifact, the
// stacked streams, the figures REPORT.md links and report.html inlines,
// and nothing redone by a second make.
func TestPaperPipeline(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	out := filepath.Join(t.TempDir(), "out")
	// log Z along training in every run; validated at the last epoch by
	// exact enumeration at M = 16, AIS at M = 30.
	vars := []string{"OUT=" + out, "HIDDEN=16 30", "REPLICAS=0 1", "EPOCHS=2", "LIMIT=1000",
		"AIS_CHAINS=4", "AIS_BETAS=200", "LOGZ_SNAPSHOTS=2", "FE_MODES=2",
		"SAMPLE_CHAINS=20", "SAMPLE_BURNIN=20", "SAMPLE_SWEEPS=20", "SAMPLE_THIN=10",
		"PTT_BURNIN=5", "PTT_ROUNDS=20", "PTT_THIN=10",
		"DIFF_CHAINS=20", "DIFF_SWEEPS=20", "DIFF_TRAJ=20", "DIFF_MODES=4"}
	runs, err := paperMake(t, append([]string{"-s", "print-RUNS"}, vars...)...)
	if err != nil || strings.TrimSpace(runs) != "m16/r0 m16/r1 m30/r0 m30/r1" {
		t.Fatalf("print-RUNS: %v %q", err, runs)
	}
	if log, err := paperMake(t, append([]string{"-j2", "all"}, vars...)...); err != nil {
		t.Fatalf("make all: %v\n%s", err, log)
	}
	for _, run := range strings.Fields(runs) {
		for _, f := range []string{"run.arrows", "spectrum.arrows", "mpfit.arrows", "fe.arrows", "logz.arrows",
			"samples.arrows", "mixing.arrows", "gibbs.arrows", "trace.arrows", "projections.arrows", "diffusion.arrows"} {
			if st, err := os.Stat(filepath.Join(out, run, f)); err != nil || st.Size() == 0 {
				t.Errorf("%s/%s: %v", run, f, err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, run, "run.partial.arrows")); err == nil {
			t.Errorf("%s: run.partial.arrows left after a finished run", run)
		}
	}
	// No per-run or aggregated TSV tables: the stacks are the tables
	// (rbm-cat gives them as TSV).
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".tsv") {
			t.Errorf("the pipeline wrote a TSV table %s", p)
		}
		return nil
	})
	// The stacked streams hold every run under its identity.
	for _, kind := range []string{"spectrum", "mpfit", "fe", "logz", "diffusion", "samples", "mixing", "trace", "monitors"} {
		ids := sh(t, out, `rbm-cat -no-header -columns hidden,replica agg/`+kind+`.arrows | sort -u | tr '\t\n' '/ '`)
		if ids != "16/0 16/1 30/0 30/1 " {
			t.Errorf("agg/%s.arrows holds the runs %q", kind, ids)
		}
	}
	report, err := os.ReadFile(filepath.Join(out, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Summary", "## M = 16 hidden units", "## M = 30 hidden units",
		"| 16 | ", "| 30 | ", "(trajectory)", "| 2 | exact | ", "| 2 | ais | ", "### Reciprocal diffusion", "### Are the reciprocal variables Gaussian?",
		"(fig/learning.png)", "### Equilibrium samples: do the chains mix?", "(fig/m16-projections.png)", "(fig/m30-walkers.png)",
		"Trajectory tempering (PTT) samples of the last snapshot"} {
		if !bytes.Contains(report, []byte(want)) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
	figs := regexp.MustCompile(`!\[[^]]*\]\((fig/[^)]+\.png)\)`).FindAllSubmatch(report, -1)
	if len(figs) < 30 {
		t.Errorf("REPORT.md embeds %d figures", len(figs))
	}
	for _, f := range figs {
		if _, err := os.Stat(filepath.Join(out, string(f[1]))); err != nil {
			t.Errorf("REPORT.md embeds a missing figure: %v", err)
		}
	}
	for _, want := range []string{"## The paper's claims", "## Inputs"} {
		if !bytes.Contains(report, []byte(want)) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(page, []byte("<figure")); n != len(figs) || bytes.Count(page, []byte("<svg ")) < n {
		t.Errorf("report.html has %d figures (%d inline SVGs), REPORT.md %d", n, bytes.Count(page, []byte("<svg ")), len(figs))
	}
	// A second make changes nothing.
	before := map[string]time.Time{}
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			before[p] = fi.ModTime()
		}
		return nil
	})
	log, err := paperMake(t, append([]string{"-j2", "all"}, vars...)...)
	if err != nil || strings.Contains(log, bin+"/rbm-") {
		t.Fatalf("second make all: %v\n%s", err, log)
	}
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !fi.ModTime().Equal(before[p]) {
			t.Errorf("second make touched %s", p)
		}
		return nil
	})
	// COMPARE=dir: the report (only) is redone with the comparison section,
	// here of the study beside itself.
	for _, f := range []string{"REPORT.md", "report.html"} {
		if err := os.Remove(filepath.Join(out, f)); err != nil {
			t.Fatal(err)
		}
	}
	if log, err := paperMake(t, append([]string{"all", "COMPARE=" + out}, vars...)...); err != nil || strings.Count(log, bin+"/rbm-") != 1 {
		t.Fatalf("make all COMPARE=%s: %v (want one tool run, rbm-report)\n%s", out, err, log)
	}
	cmp, err := os.ReadFile(filepath.Join(out, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Comparison: out and out (other)", "- Hidden sizes in both: 16, 30.", "The two studies have the same training settings",
		"### M = 30: the order parameter, over time"} {
		if !bytes.Contains(cmp, []byte(want)) {
			t.Errorf("REPORT.md with COMPARE lacks %q", want)
		}
	}
	if i := bytes.Index(cmp, []byte("\n## Comparison")); i < 0 || !bytes.HasPrefix(report, cmp[:i]) {
		t.Errorf("REPORT.md with COMPARE does not begin as the report without it")
	}
}

// Training under the pipeline survives SIGTERM to the whole process group
// (a batch scheduler's preemption): rbm-train keeps a final snapshot in
// run.partial.arrows, run.arrows is not made, and the next make resumes and
// ends with the bytes of an uninterrupted run.
func TestPaperResume(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	dir := t.TempDir()
	// The same OUT path for both runs: the provenance records the files.
	out := filepath.Join(dir, "out")
	target := filepath.Join(out, "m64", "r0", "run.arrows")
	vars := []string{"OUT=" + out, "HIDDEN=64", "REPLICAS=0", "EPOCHS=10", "LIMIT=2000", target}
	if log, err := paperMake(t, vars...); err != nil {
		t.Fatalf("uninterrupted: %v\n%s", err, log)
	}
	want, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command("make", append([]string{"-C", filepath.Join("..", "pipelines", "paper"), "BIN=" + bin, "MNIST=" + mnist()}, vars...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	trainLog := filepath.Join(out, "m64", "r0", "train.log")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		b, _ := os.ReadFile(trainLog)
		if bytes.Contains(b, []byte("epoch 2/")) {
			break
		}
		if time.Now().After(deadline) {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
			t.Fatalf("training did not reach epoch 2:\n%s\n%s", b, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	if err := cmd.Wait(); err == nil {
		t.Fatalf("make succeeded despite SIGTERM:\n%s", log.String())
	}
	// rbm-train outlives make by the time of its final snapshot.
	partial := filepath.Join(out, "m64", "r0", "run.partial.arrows")
	for {
		b, _ := os.ReadFile(trainLog)
		if bytes.Contains(b, []byte("interrupted: wrote a final snapshot")) {
			if _, err := os.Stat(partial); err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no final snapshot after SIGTERM:\n%s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("run.arrows exists after an interrupted training")
	}
	if log, err := paperMake(t, vars...); err != nil || !strings.Contains(log, "resuming from run.partial.arrows") {
		t.Fatalf("resumed: %v\n%s", err, log)
	}
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("resumed run.arrows (%d bytes) differs from the uninterrupted one (%d bytes)", len(got), len(want))
	}
	if _, err := os.Stat(partial); err == nil {
		t.Fatal("run.partial.arrows left after the resumed run finished")
	}
}

// TestPaperData: DATA picks the dataset's directory, its name in the
// dataset streams (rbm-data -name) and the output directory; a dry run
// (make -n) shows what would run, so no dataset need be installed.
func TestPaperData(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	fashion := t.TempDir()
	for _, c := range []struct {
		data, out, dir, name string
	}{
		{"mnist", "out/quick", mnist(), "MNIST"},
		{"fashion", "out/fashion-quick", fashion, "Fashion-MNIST"},
		{"mnist60k", "out/mnist60k-quick", "", "MNIST"},
	} {
		t.Run(c.data, func(t *testing.T) {
			got, err := paperMake(t, "-s", "DATA="+c.data, "FASHION="+fashion, "print-OUT")
			if err != nil || strings.TrimSpace(got) != c.out {
				t.Fatalf("OUT %q (%v), want %s", got, err, c.out)
			}
			cmd, err := paperMake(t, "-s", "DATA="+c.data, "FASHION="+fashion, "print-TEST_IMAGES")
			if err != nil || (c.dir != "" && strings.TrimSpace(cmd) != filepath.Join(c.dir, "t10k-images-idx3-ubyte.gz")) {
				t.Fatalf("TEST_IMAGES %q (%v), want in %s", cmd, err, c.dir)
			}
			out := t.TempDir()
			dry, err := paperMake(t, "-n", "DATA="+c.data, "FASHION="+fashion, "OUT="+out, "TEST_IMAGES=/dev/null", out+"/test.arrows")
			if err != nil || !strings.Contains(dry, "rbm-data -name "+c.name+" ") {
				t.Fatalf("make -n test.arrows: %v\n%s\nwant rbm-data -name %s", err, dry, c.name)
			}
		})
	}
	if got, err := paperMake(t, "-s", "DATA=cifar", "print-OUT"); err == nil || !strings.Contains(got, "DATA=cifar: want mnist, mnist60k or fashion") {
		t.Fatalf("DATA=cifar: %v\n%s", err, got)
	}
}
