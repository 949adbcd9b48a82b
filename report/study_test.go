package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/tool/rbmfreeenergy"
	"github.com/rbmkit/rbmkit/tool/rbmmp"
	"github.com/rbmkit/rbmkit/tool/rbmplot"
	"github.com/rbmkit/rbmkit/tool/rbmsample"
	"github.com/rbmkit/rbmkit/tool/rbmstack"
	"github.com/rbmkit/rbmkit/tool/rbmsvd"
	"github.com/rbmkit/rbmkit/tool/rbmtrain"
)

// The small study the tests report on: 4×4 bar images, M = 3 with two
// replicas and M = 5 with one, a few epochs, every analysis of
// pipelines/paper at a tiny size (samples by trajectory tempering, plain
// Gibbs's trace beside them), stacked by rbm-stack, two figures; and
// the study the comparison tests put beside it, another sweep point
// (centered gradient, fewer snapshots) with M = 3, 4 and 5 and only the
// stacks a comparison reads. Each lies in a directory named as
// pipelines/paper names its OUT (the comparison names studies by it).
var (
	mainStudy  = &testStudy{name: "quick", runs: [][2]int{{3, 0}, {3, 1}, {5, 0}}, data: "Bars"}
	otherStudy = &testStudy{name: "quick-CENTERED1", runs: [][2]int{{3, 0}, {3, 1}, {4, 0}, {5, 0}},
		train: []string{"-centered", "-snapshots", "3"}, lite: true}
	// log Z along training (pipelines/paper's LOGZ=trajectory): the
	// trajectory estimate at every snapshot, exact at the last; lr 0.05, as
	// the shared lr 1 moves the model further in one update than one sweep
	// per update can follow.
	trajStudy = &testStudy{name: "quick-traj", runs: [][2]int{{3, 0}, {3, 1}},
		train: []string{"-lr", "0.05", "-logz", "-logz-chains", "16", "-test-data", "test.arrows"}, lite: true,
		logz: []string{"-method", "trajectory,auto", "-ref-snapshots", "6"}}
)

// testStudy is a study the tests make once, in a directory the test
// binary removes at exit.
type testStudy struct {
	name  string
	data  string   // the dataset's name (rbm.dataset), "" for none
	runs  [][2]int // hidden size and replica
	train []string // rbm-train flags after (overriding) the shared ones
	lite  bool     // only the monitors, mpfit and logz stacks, no figures
	logz  []string // rbm-freeenergy's flags for logz.arrows (nil: auto at epochs 0 and 6)
	once  sync.Once
	dir   string
	err   error
}

// get makes the study once and returns its directory.
func (ts *testStudy) get(t *testing.T) string {
	t.Helper()
	ts.once.Do(func() { ts.dir, ts.err = ts.make() })
	if ts.err != nil {
		t.Fatal(ts.err)
	}
	return ts.dir
}

// testStudyDir makes the main test study once and returns its directory.
func testStudyDir(t *testing.T) string { return mainStudy.get(t) }

func TestMain(m *testing.M) {
	code := m.Run()
	for _, ts := range []*testStudy{mainStudy, otherStudy, trajStudy} {
		if ts.dir != "" {
			os.RemoveAll(filepath.Dir(ts.dir))
		}
	}
	os.Exit(code)
}

// runTool runs a tool in process in dir.
func runTool(dir string, tool cli.Tool, args ...string) error {
	var out, errOut bytes.Buffer
	if code := cli.Main(tool, args, cli.Env{Stdin: bytes.NewReader(nil), Stdout: &out, Stderr: &errOut, Dir: dir}); code != 0 {
		return fmt.Errorf("%s %v: exit %d: %s", tool.Name, args, code, errOut.String())
	}
	return nil
}

// bars writes n 4×4 images, each one random row or column of ones with a
// little noise.
func bars(path string, n int, seed uint64, name string) error {
	r := rng.New(seed, 0, "bars")
	h := format.Header{Visible: 16}
	h.Set("rbm.image_shape", "4,4")
	if name != "" {
		h.Set("rbm.dataset", name)
	}
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Example](&buf, h, format.Omit("label"))
	if err != nil {
		return err
	}
	for range n {
		v := make([]bool, 16)
		k, vertical := r.IntN(4), r.IntN(2) == 1
		for i := range 4 {
			if vertical {
				v[4*i+k] = true
			} else {
				v[4*k+i] = true
			}
		}
		for i := range v {
			if r.Float64() < 0.03 {
				v[i] = !v[i]
			}
		}
		if err := w.Write(&format.Example{V: v}); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func (ts *testStudy) make() (string, error) {
	parent, err := os.MkdirTemp("", "rbmkit-report-test-")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(parent, ts.name)
	for _, d := range []string{"agg", "fig"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return dir, err
		}
	}
	if err := bars(filepath.Join(dir, "train.arrows"), 300, 1, ts.data); err != nil {
		return dir, err
	}
	if err := bars(filepath.Join(dir, "test.arrows"), 200, 2, ts.data); err != nil {
		return dir, err
	}
	stacks := []string{"spectrum", "mpfit", "fe", "logz", "samples", "mixing", "trace", "diffusion"}
	if ts.lite {
		stacks = []string{"mpfit", "logz"}
	}
	kinds := map[string][]string{}
	for _, mr := range ts.runs {
		m, rep := mr[0], mr[1]
		run := fmt.Sprintf("m%d/r%d", m, rep)
		if err := os.MkdirAll(filepath.Join(dir, run), 0o755); err != nil {
			return dir, err
		}
		p := func(name string) string { return run + "/" + name + ".arrows" }
		logz := []string{"-method", "auto"}
		if m == 5 {
			logz = []string{"-method", "ais", "-chains", "8", "-betas", "200", "-base", "train.arrows"}
		}
		snaps := []string{"-snapshots", "0,6"}
		if ts.logz != nil {
			logz, snaps = ts.logz, nil
		}
		type step struct {
			tool cli.Tool
			args []string
		}
		steps := []step{
			{rbmtrain.Tool, append(append([]string{"-hidden", fmt.Sprint(m), "-replica", fmt.Sprint(rep), "-epochs", "6", "-lr", "1", "-batch", "10",
				"-visible-bias", "logit", "-seed", "7", "-top-sigma", "3", "-snapshots", "6"}, ts.train...), "-o", p("run"), "train.arrows")},
			{rbmsvd.Tool, []string{"-data", "test.arrows", "-o", p("spectrum"), p("run")}},
			{rbmmp.Tool, []string{"-o", p("mpfit"), p("spectrum")}},
			{rbmfreeenergy.Tool, append(append(append(logz, "-slice-points", "0"), snaps...), "-bound", "-data", "test.arrows", "-o", p("logz"), p("run"))},
		}
		if !ts.lite {
			steps = append(steps,
				step{rbmfreeenergy.Tool, []string{"-method", "mf,tap", "-modes", "2", "-slice-points", "0", "-data", "test.arrows", "-o", p("fe"), p("run")}},
				step{rbmsample.Tool, []string{"-method", "ptt", "-chains", "4", "-burn-in", "10", "-sweeps", "40", "-thin", "20", "-mixing", p("mixing"), "-walker-columns", "2", "-o", p("samples"), p("run")}},
				step{rbmsample.Tool, []string{"-mode", "gibbs", "-chains", "4", "-burn-in", "5", "-sweeps", "40", "-thin", "5", "-trace", p("trace"), "-o", p("gibbs"), p("run")}},
				step{rbmsample.Tool, []string{"-mode", "diffusion", "-modes", "3", "-chains", "10", "-sweeps", "20", "-trajectories", "10", "-equilibrium", p("samples"), "-o", p("diffusion"), p("run")}})
		}
		for _, s := range steps {
			if err := runTool(dir, s.tool, s.args...); err != nil {
				return dir, err
			}
		}
		for _, k := range append(stacks, "run") {
			kinds[k] = append(kinds[k], p(k))
		}
	}
	for _, k := range stacks {
		if err := runTool(dir, rbmstack.Tool, append([]string{"-o", "agg/" + k + ".arrows"}, kinds[k]...)...); err != nil {
			return dir, err
		}
	}
	if err := runTool(dir, rbmstack.Tool, append([]string{"-columns", "epoch,step,recon_error,pseudo_loglik,top_sigma", "-o", "agg/monitors.arrows"}, kinds["run"]...)...); err != nil {
		return dir, err
	}
	if ts.lite {
		return dir, nil
	}
	// Two figures, as pipelines/paper draws them: PNG and SVG.
	for _, ext := range []string{"svg", "png"} {
		if err := runTool(dir, rbmplot.Tool, append([]string{"-figure", "order", "-o", "fig/order." + ext}, kinds["mpfit"]...)...); err != nil {
			return dir, err
		}
		if err := runTool(dir, rbmplot.Tool, "-figure", "spectrum", "-snapshot", "last", "-o", "fig/m3-spectrum-last."+ext, "m3/r0/mpfit.arrows"); err != nil {
			return dir, err
		}
	}
	return dir, nil
}

func TestStudyLoads(t *testing.T) {
	s, err := Load(filepath.Join(testStudyDir(t), "agg"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(s.Hidden) != "[3 5]" || fmt.Sprint(s.Replicas[3]) != "[0 1]" || fmt.Sprint(s.Replicas[5]) != "[0]" || len(s.Absent) != 0 {
		t.Errorf("hidden %v, replicas %v, absent %v", s.Hidden, s.Replicas, s.Absent)
	}
}
