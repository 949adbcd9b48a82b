package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/plot"
	"github.com/rbmkit/rbmkit/tool/rbmplot"
)

// TestLearningFigure: the learning curves drawn by rbm-plot from the
// checkpoints that rbm-train -logz wrote and their mpfit streams, as
// pipelines/paper draws them, plot the checkpoints' test log-likelihoods,
// and the report places them among the figures across runs, after the
// order parameter, with their caption.
func TestLearningFigure(t *testing.T) {
	runs := trajStudy.get(t)
	dir := filepath.Join(t.TempDir(), "quick-traj")
	if err := os.MkdirAll(filepath.Join(dir, "fig"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(runs, "agg"), filepath.Join(dir, "agg")); err != nil {
		t.Fatal(err)
	}
	var ckpts, fits []string
	for _, rep := range []int{0, 1} {
		ckpts = append(ckpts, filepath.Join(runs, fmt.Sprintf("m3/r%d/run.arrows", rep)))
		fits = append(fits, filepath.Join(runs, fmt.Sprintf("m3/r%d/mpfit.arrows", rep)))
	}
	for _, ext := range []string{"svg", "png"} {
		if err := runTool(dir, rbmplot.Tool, append(append([]string{"-figure", "learning", "-o", "fig/learning." + ext}, ckpts...), fits...)...); err != nil {
			t.Fatal(err)
		}
		if err := runTool(dir, rbmplot.Tool, append([]string{"-figure", "order", "-o", "fig/order." + ext}, fits...)...); err != nil {
			t.Fatal(err)
		}
	}

	// The curve is the replicas' mean test log-likelihood at each snapshot.
	var ins []plot.Input
	for _, p := range append(append([]string{}, ckpts...), fits...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in, err := plot.Open(bytes.NewReader(b), p)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	fig, err := plot.Build(ins, "learning", plot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var curve *plotter.Line
	for _, s := range fig.Panels[0][0].Series {
		if l, ok := s.Plotter.(*plotter.Line); ok && s.Name == "M = 3 (2 replicas)" {
			curve = l
		}
	}
	r0, r1 := readRun[format.Snapshot](t, runs, 3, 0, "run"), readRun[format.Snapshot](t, runs, 3, 1, "run")
	if curve == nil || len(curve.XYs) != len(r0) {
		t.Fatalf("curve %v, want a point at each of the %d snapshots", curve, len(r0))
	}
	for i, xy := range curve.XYs {
		want := (r0[i].TestLogLik + r1[i].TestLogLik) / 2
		if xy.X != float64(r0[i].Epoch) || math.Abs(xy.Y-want) > 1e-12*math.Abs(want) {
			t.Errorf("point %d = %v, want (%d, %v)", i, xy, r0[i].Epoch, want)
		}
	}

	d, err := Build(dir, -1)
	if err != nil {
		t.Fatal(err)
	}
	var section string
	var order []string
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Heading:
			section = b.Text
		case Figure:
			if section == "Figures across runs" {
				order = append(order, b.Name)
			}
			if b.Name == "learning" && (!strings.HasPrefix(b.Caption, "Learning curves: the test log-likelihood") || b.SVG == nil) {
				t.Errorf("learning figure: caption %q, SVG %d bytes", b.Caption, len(b.SVG))
			}
		}
	}
	if fmt.Sprint(order) != "[order learning]" {
		t.Errorf("figures across runs %v, want [order learning]", order)
	}
	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "(fig/learning.png)") {
		t.Error("REPORT.md does not link fig/learning.png")
	}
}
