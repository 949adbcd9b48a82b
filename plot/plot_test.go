package plot

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rng"
)

func build(t *testing.T, figure string, opt Options, ins ...Input) *Figure {
	t.Helper()
	fig, err := Build(ins, figure, opt)
	if err != nil {
		t.Fatal(err)
	}
	return fig
}

// lines returns the named line plotters of a panel, by name.
func lines(p *Panel) map[string]*plotter.Line {
	out := map[string]*plotter.Line{}
	for _, s := range p.Series {
		if l, ok := s.Plotter.(*plotter.Line); ok && s.Name != "" {
			out[s.Name] = l
		}
	}
	return out
}

func refLines(p *Panel) []*RefLine {
	var out []*RefLine
	for _, s := range p.Series {
		if r, ok := s.Plotter.(*RefLine); ok {
			out = append(out, r)
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(b)) }

func TestOpenReplaysTheWholeStream(t *testing.T) {
	// Enough examples for several record batches and well over the
	// 64 KiB that OpenStream reads ahead.
	const n = 20000
	in := open(t, datasetStream(t, n), "data")
	if in.Header.Kind != format.KindDataset || in.Header.Visible != fixN {
		t.Fatalf("header %+v", in.Header)
	}
	rd, err := reader[format.Example](in)
	if err != nil {
		t.Fatal(err)
	}
	want := fixExamples(n)
	i := 0
	for ; rd.Next(); i++ {
		if !slices.Equal(rd.Row().V, want[i].V) || rd.Row().Label != want[i].Label {
			t.Fatalf("row %d differs after replay", i)
		}
	}
	if rd.Err() != nil || i != n {
		t.Fatalf("read %d rows, err %v; want %d", i, rd.Err(), n)
	}
}

func TestDatasetImages(t *testing.T) {
	for _, tc := range []struct{ total, count, want int }{{10, 0, 10}, {100, 0, 64}, {10, 3, 3}} {
		fig := build(t, "", Options{Count: tc.count}, open(t, datasetStream(t, tc.total), "data"))
		p := fig.Panels[0][0]
		tiles := p.Series[0].Plotter.(*Tiles)
		if tiles.Rows != 4 || tiles.Cols != 4 || len(tiles.Tiles) != tc.want {
			t.Fatalf("%+v: %d tiles of %d×%d, want %d of 4×4", tc, len(tiles.Tiles), tiles.Rows, tiles.Cols, tc.want)
		}
		for e, tl := range tiles.Tiles {
			for i, v := range tl.Values {
				if want := float64(b2i((i+e)%3 == 0)); v != want {
					t.Fatalf("tile %d pixel %d = %v, want %v", e, i, v, want)
				}
			}
			if tl.Caption != strconv.Itoa(e%10) {
				t.Fatalf("tile %d caption %q, want its label %d", e, tl.Caption, e%10)
			}
		}
		if want := fmt.Sprintf("first %d of %d examples", tc.want, tc.total); !strings.Contains(p.Title.Text, want) {
			t.Errorf("panel title %q does not say %q", p.Title.Text, want)
		}
		if !strings.Contains(fig.Title, "fixture") || !strings.Contains(fig.Title, "4×4") {
			t.Errorf("figure title %q names neither the source nor the image shape", fig.Title)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestDatasetWithoutImageShape(t *testing.T) {
	h := format.Header{Visible: 6}
	rows := []format.Example{{V: make([]bool, 6)}}
	_, err := Build([]Input{open(t, write(t, h, rows), "odd")}, "", Options{})
	if err == nil || !strings.Contains(err.Error(), "image shape") {
		t.Fatalf("err = %v, want one about the missing image shape", err)
	}
}

func TestCheckpointSigmaOneRun(t *testing.T) {
	for _, units := range []struct {
		name      string
		threshold float64
	}{{"bernoulli", 4}, {"spin", 1}} {
		h := fixHeader()
		h.Units = format.Units(units.name)
		fig := build(t, "sigma", Options{Modes: 3}, open(t, checkpointStream(t, h, 1), "run"))
		p := fig.Panels[0][0]
		ls := lines(p)
		if len(ls) != 3 {
			t.Fatalf("%d lines, want 3 (-modes 3)", len(ls))
		}
		for a := 0; a < 3; a++ {
			l := ls["σ"+subscript(a+1)]
			if l == nil || len(l.XYs) != len(fixEpochs) {
				t.Fatalf("line σ%d: %+v", a+1, l)
			}
			for s, xy := range l.XYs {
				// steps per epoch 10: time in epochs equals the epoch here
				if xy.X != float64(fixEpochs[s]) || !near(xy.Y, fixSigma(s, a)) {
					t.Errorf("σ%d point %d = (%v, %v), want (%d, %v)", a+1, s, xy.X, xy.Y, fixEpochs[s], fixSigma(s, a))
				}
			}
		}
		// The threshold, and the MP edge s(√N+√M) of W at epoch 0 with s²
		// its mean square: the σ_a² spread over N·M entries.
		ss := 0.0
		for a := 0; a < fixM; a++ {
			ss += fixSigma(0, a) * fixSigma(0, a)
		}
		edge := math.Sqrt(ss/(fixN*fixM)) * (math.Sqrt(fixN) + math.Sqrt(fixM))
		rl := refLines(p)
		if len(rl) != 2 || rl[0].Value != units.threshold || !near(rl[1].Value, edge) {
			t.Errorf("%s: reference lines at %v and %v, want the threshold %v and the edge %v", units.name, rl[0].Value, rl[len(rl)-1].Value, units.threshold, edge)
		}
		for _, want := range []string{"M = 6", "replica 2", "seed 7"} {
			if !strings.Contains(fig.Title+p.Title.Text, want) {
				t.Errorf("titles %q / %q do not name %q", fig.Title, p.Title.Text, want)
			}
		}
	}
}

func TestCheckpointSigmaReplicasAndSizes(t *testing.T) {
	var ins []Input
	scales := []float64{1, 2, 4}
	for r, s := range scales { // replicas 0, 1, 2 of M = 6
		h := fixHeader()
		h.Replica = r
		ins = append(ins, open(t, checkpointStream(t, h, s), fmt.Sprint("r", r)))
	}
	fig := build(t, "sigma", Options{Modes: 2}, ins...)
	if len(fig.Panels) != 1 || len(fig.Panels[0]) != 1 {
		t.Fatalf("one hidden size should make one panel, got %d rows", len(fig.Panels))
	}
	p := fig.Panels[0][0]
	mean := lines(p)["σ₁"]
	var bands []*plotter.Polygon
	for _, s := range p.Series {
		if b, ok := s.Plotter.(*plotter.Polygon); ok {
			bands = append(bands, b)
		}
	}
	if mean == nil || len(bands) != 2 {
		t.Fatalf("want a mean line and a band per mode, got %v lines and %d bands", len(lines(p)), len(bands))
	}
	n := len(fixEpochs)
	ring := bands[0].XYs[0]
	for s := 0; s < n; s++ {
		sig := fixSigma(s, 0)
		if want := sig * (1 + 2 + 4) / 3; !near(mean.XYs[s].Y, want) {
			t.Errorf("mean at %d = %v, want %v", s, mean.XYs[s].Y, want)
		}
		lo, hi := ring[s], ring[2*n-1-s]
		if !near(lo.Y, sig) || !near(hi.Y, 4*sig) || lo.X != hi.X {
			t.Errorf("band at %d = [%v, %v], want [%v, %v]", s, lo.Y, hi.Y, sig, 4*sig)
		}
	}

	// A second hidden size makes a second panel.
	h := fixHeader()
	h.Hidden = 5
	w := checkpointWithHidden(t, h)
	ins = []Input{open(t, checkpointStream(t, fixHeader(), 1), "a"), open(t, w, "b")}
	fig = build(t, "sigma", Options{}, ins...)
	var titles []string
	for _, row := range fig.Panels {
		for _, p := range row {
			titles = append(titles, p.Title.Text)
		}
	}
	if len(titles) != 2 || !strings.Contains(titles[0], "M = 5") || !strings.Contains(titles[1], "M = 6") {
		t.Errorf("panels %q: want M = 5 then M = 6", titles)
	}
}

// checkpointWithHidden writes one snapshot of a model of h's shape.
func checkpointWithHidden(t *testing.T, h format.Header) []byte {
	rows := []format.Snapshot{{W: make([]float32, h.Visible*h.Hidden), A: make([]float32, h.Visible), B: make([]float32, h.Hidden),
		TopSigma: []float64{3, 2}, ReconError: math.NaN(), PseudoLogLik: math.NaN()}}
	return write(t, h, rows)
}

func TestCheckpointVectors(t *testing.T) {
	data := checkpointStream(t, fixHeader(), 1)
	for _, tc := range []struct {
		snapshots string
		epochs    []int64
	}{{"", []int64{4}}, {"first,2", []int64{0, 2}}, {"all", fixEpochs}, {"last,1", []int64{1, 4}}} {
		sel, err := ParseSnapshots(tc.snapshots)
		if err != nil {
			t.Fatal(err)
		}
		fig := build(t, "vectors", Options{Modes: 3, Snapshots: sel}, open(t, data, "run"))
		if len(fig.Panels) != len(tc.epochs) {
			t.Fatalf("-snapshot %q: %d rows, want %d", tc.snapshots, len(fig.Panels), len(tc.epochs))
		}
		for r, row := range fig.Panels {
			p := row[0]
			if !strings.HasPrefix(p.Title.Text, fmt.Sprintf("epoch %d ", tc.epochs[r])) {
				t.Errorf("-snapshot %q row %d is %q, want epoch %d", tc.snapshots, r, p.Title.Text, tc.epochs[r])
			}
			s := slices.Index(fixEpochs, tc.epochs[r])
			tiles := p.Series[0].Plotter.(*Tiles)
			if len(tiles.Tiles) != 3 || tiles.Coloring != Diverging {
				t.Fatalf("%d tiles (coloring %v), want 3 diverging", len(tiles.Tiles), tiles.Coloring)
			}
			for a, tl := range tiles.Tiles {
				u := fixU(a)
				for i := range u {
					if math.Abs(tl.Values[i]-u[i]) > 1e-6 {
						t.Fatalf("epoch %d u%d[%d] = %v, want %v", tc.epochs[r], a+1, i, tl.Values[i], u[i])
					}
				}
				if want := fmt.Sprintf("σ = %.3g", fixSigma(s, a)); !strings.Contains(tl.Caption, want) {
					t.Errorf("caption %q, want %q", tl.Caption, want)
				}
			}
		}
	}
	sel, _ := ParseSnapshots("3")
	_, err := Build([]Input{open(t, data, "run")}, "vectors", Options{Snapshots: sel})
	if err == nil || !strings.Contains(err.Error(), "no snapshot at epoch 3") || !strings.Contains(err.Error(), "0, 1, 2, 4") {
		t.Errorf("err = %v, want one naming the missing epoch and the epochs there are", err)
	}
}

func TestLeftVectorsSignConvention(t *testing.T) {
	// −W has the same singular values and vectors up to sign: the
	// convention must give the same vectors.
	w := make([]float32, fixN*fixM)
	for a := 0; a < fixM; a++ {
		for i, x := range fixU(a) {
			w[i*fixM+a] = float32(-fixSigma(0, a) * x)
		}
	}
	sigma, u, err := leftVectors(w, fixN, fixM, fixM)
	if err != nil {
		t.Fatal(err)
	}
	for a := range u {
		if !near(sigma[a], fixSigma(0, a)) {
			t.Errorf("σ%d = %v, want %v", a+1, sigma[a], fixSigma(0, a))
		}
		for i, x := range fixU(a) {
			if math.Abs(u[a][i]-x) > 1e-6 {
				t.Fatalf("u%d[%d] = %v, want %v", a+1, i, u[a][i], x)
			}
		}
	}
}

func TestCheckpointMonitors(t *testing.T) {
	fig := build(t, "monitors", Options{}, open(t, checkpointStream(t, fixHeader(), 1), "run"))
	recon := lines(fig.Panels[0][0])["M = 6"]
	pll := lines(fig.Panels[0][1])["M = 6"]
	// The reconstruction error is NaN at initialization: left out.
	if len(recon.XYs) != 3 || recon.XYs[0].X != 1 || !near(recon.XYs[0].Y, 0.5) {
		t.Errorf("reconstruction error line %v", recon.XYs)
	}
	if len(pll.XYs) != 4 || !near(pll.XYs[3].Y, -10.0/4) {
		t.Errorf("pseudo-log-likelihood line %v", pll.XYs)
	}
}

func TestSpectrumModes(t *testing.T) {
	fig := build(t, "modes", Options{Modes: 2}, open(t, spectrumStream(t), "spec"))
	p := fig.Panels[0][0]
	ls := lines(p)
	// At the last snapshot mode 14 (σ = 9) and mode 10 (σ = 4.5) lead.
	if len(ls) != 2 || ls["mode 14"] == nil || ls["mode 10"] == nil {
		t.Fatalf("lines %v, want modes 14 and 10", keys(ls))
	}
	want := []float64{0.1, 2, 9}
	for s, xy := range ls["mode 14"].XYs {
		if xy.X != float64(s) || xy.Y != want[s] {
			t.Errorf("mode 14 point %d = %v, want (%d, %v)", s, xy, s, want[s])
		}
	}
	var crossings plotter.XYs
	for _, s := range p.Series {
		if sc, ok := s.Plotter.(*plotter.Scatter); ok {
			crossings = append(crossings, sc.XYs...)
		}
	}
	if len(crossings) != 1 || crossings[0].Y != 9 {
		t.Errorf("crossings %v, want the one of mode 14 at σ = 9", crossings)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestSpectrumHist(t *testing.T) {
	sel, _ := ParseSnapshots("0,last")
	fig := build(t, "hist", Options{Snapshots: sel, Bins: 7}, open(t, spectrumStream(t), "spec"))
	if len(fig.Panels[0]) != 2 {
		t.Fatalf("%d panels, want 2", len(fig.Panels[0]))
	}
	var first []plotter.HistogramBin
	for i, p := range fig.Panels[0] {
		h := p.Series[0].Plotter.(*plotter.Histogram)
		if len(h.Bins) != 7 {
			t.Fatalf("%d bins, want 7", len(h.Bins))
		}
		total := 0.0
		for j, b := range h.Bins {
			total += b.Weight
			if j > 0 && !near(math.Log(b.Max/b.Min), math.Log(h.Bins[0].Max/h.Bins[0].Min)) {
				t.Errorf("bin %d is not of equal log width", j)
			}
		}
		if total != 5 {
			t.Errorf("panel %d counts %v modes, want 5", i, total)
		}
		if i == 0 {
			first = h.Bins
		} else if first[0].Min != h.Bins[0].Min || first[6].Max != h.Bins[6].Max {
			t.Errorf("panels do not share bins")
		}
	}
}

func TestSpectrumVectorsNeedTheColumn(t *testing.T) {
	_, err := Build([]Input{open(t, spectrumStream(t), "spec")}, "vectors", Options{})
	if err == nil || !strings.Contains(err.Error(), "-vectors") {
		t.Fatalf("err = %v, want advice to write the vectors", err)
	}
}

func TestSpectrumVectors(t *testing.T) {
	var rows []format.Mode
	for s := int64(0); s < 2; s++ {
		for a := 0; a < 3; a++ {
			rows = append(rows, format.Mode{Snapshot: s, Epoch: s, Rank: int64(a), ModeID: int64(2 - a), Sigma: float64(3 - a),
				Overlap: math.NaN(), IPRU: math.NaN(), IPRV: math.NaN(), A0: math.NaN(), B0: math.NaN(),
				U: fixU(a), V: make([]float64, fixM)})
		}
	}
	fig := build(t, "vectors", Options{Modes: 2}, open(t, write(t, fixHeader(), rows), "spec"))
	tiles := fig.Panels[0][0].Series[0].Plotter.(*Tiles)
	if len(fig.Panels) != 1 || len(tiles.Tiles) != 2 {
		t.Fatalf("%d rows, %d tiles; want the last snapshot's 2", len(fig.Panels), len(tiles.Tiles))
	}
	for a, tl := range tiles.Tiles {
		if !slices.Equal(tl.Values, fixU(a)) || !strings.HasPrefix(tl.Caption, fmt.Sprintf("mode %d ", 2-a)) {
			t.Errorf("tile %d: caption %q", a, tl.Caption)
		}
	}
}

func TestMPFitSpectrum(t *testing.T) {
	fig := build(t, "", Options{}, open(t, mpfitStream(t, fixHeader(), 1), "fit"))
	if len(fig.Panels) != 1 {
		t.Fatalf("%d rows, want the last snapshot's", len(fig.Panels))
	}
	bulk, out := fig.Panels[0][0], fig.Panels[0][1]
	h := bulk.Series[0].Plotter.(*plotter.Histogram)
	// The bulk panel keeps the bins up to the cutoff and a margin; the
	// outliers' bin at 4.75 lies beyond.
	if len(h.Bins) != 4 || h.Bins[3].Weight != 0.4 {
		t.Errorf("bulk bins %+v", h.Bins)
	}
	if !strings.Contains(bulk.X.Label.Text, "2 modes beyond") {
		t.Errorf("x label %q does not count the modes not shown", bulk.X.Label.Text)
	}
	density := lines(bulk)["fitted MP density"]
	if density == nil || len(density.XYs) != 11 || !near(density.XYs[5].Y, 0.5) {
		t.Fatalf("density line %+v", density)
	}
	var vals []float64
	for _, r := range refLines(bulk) {
		vals = append(vals, r.Value)
	}
	slices.Sort(vals)
	if !slices.Equal(vals, []float64{1, 2, 2.2}) {
		t.Errorf("bulk panel reference lines at %v, want the fitted bulk's edges 1, 2 (the density's support) and the cutoff 2.2", vals)
	}
	var pts plotter.XYs
	for _, s := range out.Series {
		if sc, ok := s.Plotter.(*plotter.Scatter); ok {
			pts = sc.XYs
		}
	}
	if len(pts) != 2 || pts[0] != (plotter.XY{X: 1, Y: 5}) || pts[1] != (plotter.XY{X: 2, Y: 3}) {
		t.Errorf("outliers %v, want (1, 5) and (2, 3)", pts)
	}
	if !strings.Contains(out.Title.Text, "2 outliers, 1 past") {
		t.Errorf("outlier panel title %q", out.Title.Text)
	}
}

func TestMPFitOrder(t *testing.T) {
	var ins []Input
	for r, s := range []float64{1, 3} {
		h := fixHeader()
		h.Replica = r
		ins = append(ins, open(t, mpfitStream(t, h, s), fmt.Sprint("r", r)))
	}
	h := fixHeader()
	h.Hidden = 12
	ins = append(ins, open(t, mpfitStream(t, h, 5), "big"))
	fig := build(t, "order", Options{}, ins...)
	outliers := lines(fig.Panels[0][0])
	small, big := outliers["M = 6 (2 replicas)"], outliers["M = 12"]
	if small == nil || big == nil {
		t.Fatalf("lines %v", keys(outliers))
	}
	// Snapshot s has (s+1)·scale outliers: mean over scales 1 and 3.
	for s, xy := range small.XYs {
		if want := float64(s+1) * 2; xy.Y != want || xy.X != float64(s) {
			t.Errorf("M = 6 at %d: %v, want (%d, %v)", s, xy, s, want)
		}
	}
	if big.XYs[1].Y != 10 {
		t.Errorf("M = 12 at 1: %v, want 10", big.XYs[1].Y)
	}
	unstable := lines(fig.Panels[0][1])["M = 12"]
	if unstable.XYs[0].Y != 0 || unstable.XYs[1].Y != 1 {
		t.Errorf("unstable counts %v, want 0, 1", unstable.XYs)
	}
}

func TestMPFitModesAndQuality(t *testing.T) {
	data := mpfitStream(t, fixHeader(), 1)
	fig := build(t, "modes", Options{}, open(t, data, "fit"))
	ls := lines(fig.Panels[0][0])
	if m := ls["mode 20"]; m == nil || len(m.XYs) != 2 || m.XYs[1].Y != 5 {
		t.Errorf("mode 20 line %+v", m)
	}
	if m := ls["mode 21"]; m == nil || len(m.XYs) != 1 || m.XYs[0] != (plotter.XY{X: 1, Y: 3}) {
		t.Errorf("mode 21, an outlier only at the last snapshot: %+v", m)
	}
	fig = build(t, "fit", Options{}, open(t, data, "fit"))
	ks := lines(fig.Panels[0][0])["M = 6"]
	s2 := lines(fig.Panels[0][1])["M = 6"]
	if ks.XYs[0].Y != 0.05 || s2.XYs[1].Y != 0.01 {
		t.Errorf("KS %v, s² %v", ks.XYs, s2.XYs)
	}
}

func TestBuildErrors(t *testing.T) {
	data := open(t, datasetStream(t, 3), "data.arrows")
	run := open(t, checkpointStream(t, fixHeader(), 1), "run.arrows")
	for _, tc := range []struct {
		name   string
		ins    []Input
		figure string
		want   string
	}{
		{"figure of another kind", []Input{data}, "sigma", `dataset streams have no figure "sigma"; they have images`},
		{"kinds mixed", []Input{run, data}, "", "data.arrows is a dataset stream: a figure draws streams of one kind"},
		{"one-stream figure", []Input{data, data}, "", "draws one stream, got 2"},
		{"no input", nil, "", "no input"},
	} {
		_, err := Build(tc.ins, tc.figure, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	// A kind without figures.
	if _, err := Lookup("weights", ""); err == nil || !strings.Contains(err.Error(), "no figure for weights streams; figures exist for checkpoint, dataset") {
		t.Errorf("unknown kind: %v", err)
	}
	// A builder handed a stream of the wrong kind says what it expected.
	if _, err := checkpointSigma([]Input{open(t, datasetStream(t, 3), "data.arrows")}, Options{}); err == nil ||
		!strings.Contains(err.Error(), "data.arrows: expected a checkpoint stream, got a dataset stream") {
		t.Errorf("wrong kind: %v", err)
	}
}

func TestEveryKindHasFigures(t *testing.T) {
	for _, k := range format.Kinds() {
		if len(Figures(k)) == 0 {
			t.Errorf("kind %s has no figure", k)
		}
	}
}

func TestRenderFormats(t *testing.T) {
	fig := build(t, "", Options{}, open(t, checkpointStream(t, fixHeader(), 1), "run"))
	for _, tc := range []struct {
		format string
		w, h   vg.Length
		magic  string
		size   *regexp.Regexp
	}{
		{"png", 500 * vg.Inch / 96, 300 * vg.Inch / 96, "\x89PNG\r\n\x1a\n", nil},
		{"svg", 10 * vg.Centimeter, 5 * vg.Centimeter, "<?xml", regexp.MustCompile(`<svg width="283.46pt" height="141.73pt"`)},
		{"pdf", 10 * vg.Centimeter, 5 * vg.Centimeter, "%PDF-", regexp.MustCompile(`MediaBox \[0 0 283.46 141.73\]`)},
	} {
		var buf bytes.Buffer
		if err := fig.Render(&buf, tc.w, tc.h, tc.format); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(tc.magic)) {
			t.Errorf("%s starts with %q", tc.format, buf.Bytes()[:8])
		}
		if tc.size != nil && !tc.size.Match(buf.Bytes()) {
			t.Errorf("%s does not have the size %v", tc.format, tc.size)
		}
		if tc.format == "png" {
			cfg, err := png.DecodeConfig(&buf)
			if err != nil || cfg.Width != 500 || cfg.Height != 300 {
				t.Errorf("png: %d×%d (%v), want 500×300", cfg.Width, cfg.Height, err)
			}
		}
	}
	if err := fig.Render(&bytes.Buffer{}, 0, 0, "gif"); err == nil || !strings.Contains(err.Error(), "png, svg, pdf") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestSize(t *testing.T) {
	f := &Figure{Width: 20, Height: 10}
	for _, tc := range []struct{ w, h, ww, wh vg.Length }{{0, 0, 20, 10}, {40, 0, 40, 20}, {0, 5, 10, 5}, {7, 3, 7, 3}} {
		if w, h := f.Size(tc.w, tc.h); w != tc.ww || h != tc.wh {
			t.Errorf("Size(%v, %v) = %v, %v; want %v, %v", tc.w, tc.h, w, h, tc.ww, tc.wh)
		}
	}
}

func TestParseLength(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want vg.Length
	}{{"16cm", 16 * vg.Centimeter}, {"16", 16 * vg.Centimeter}, {"25mm", 2.5 * vg.Centimeter}, {"2in", 144}, {"72pt", 72}, {"96px", vg.Inch}, {" 3 cm ", 3 * vg.Centimeter}} {
		got, err := ParseLength(tc.in)
		if err != nil || math.Abs(float64(got-tc.want)) > 1e-9 {
			t.Errorf("ParseLength(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "cm", "-3cm", "0px", "3ft", "100000px"} {
		if _, err := ParseLength(bad); err == nil {
			t.Errorf("ParseLength(%q) accepted", bad)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for in, want := range map[string]string{"a.png": "png", "b/c.SVG": "svg", "x.pdf": "pdf", "x.jpg": "", "png": "", "stdout": ""} {
		if got := FormatOf(in); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSnapshots(t *testing.T) {
	epochs := []int64{0, 0, 1, 2, 2, 5}
	for _, tc := range []struct {
		in   string
		want []int
	}{{"last", []int{5}}, {"first", []int{0}}, {"all", []int{0, 1, 2, 3, 4, 5}}, {"2", []int{4}}, {"0, 5,first", []int{0, 1, 5}}} {
		sel, err := ParseSnapshots(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sel.Pick(epochs)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q picks %v (%v), want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"-1", "late", "1.5"} {
		if _, err := ParseSnapshots(bad); err == nil {
			t.Errorf("ParseSnapshots(%q) accepted", bad)
		}
	}
}

func TestTrainingTime(t *testing.T) {
	for _, tc := range []struct {
		epochs, steps []int64
		want          []float64
		unit          string
	}{
		{[]int64{0, 0, 1, 3}, []int64{0, 5, 20, 60}, []float64{0, 0.25, 1, 3}, "epochs"},
		// a last snapshot mid-epoch does not spoil the estimate
		{[]int64{0, 2, 2}, []int64{0, 20, 27}, []float64{0, 2, 2.7}, "epochs"},
		{[]int64{0, 0}, []int64{0, 7}, []float64{0, 7}, "minibatch updates"},
		{[]int64{0}, []int64{0}, []float64{0}, "epochs"},
	} {
		got, unit := trainingTime(tc.epochs, tc.steps)
		if !slices.Equal(got, tc.want) || !strings.Contains(unit, tc.unit) {
			t.Errorf("trainingTime(%v, %v) = %v %q, want %v in %s", tc.epochs, tc.steps, got, unit, tc.want, tc.unit)
		}
	}
}

func TestTimeScale(t *testing.T) {
	s := timeScale{zero: 0.1}
	// 0 sits at the left end; then logarithmic: 1 is halfway between 0.1 and 10.
	for _, tc := range []struct{ x, want float64 }{{0, 0}, {0.1, 0}, {1, 0.5}, {10, 1}} {
		if got := s.Normalize(0, 10, tc.x); !near(got, tc.want) {
			t.Errorf("Normalize(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	ticks := timeTicks{first: 1, zero: 0.1}.Ticks(0, 10)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
		if tk.Value > 0 && tk.Value < 1 {
			t.Errorf("tick %v between 0 and the first time", tk.Value)
		}
	}
	if !slices.Equal(labels, []string{"0", "1", "2", "5", "10"}) {
		t.Errorf("labels %v", labels)
	}
}

func TestTicks(t *testing.T) {
	label := func(ticks []gplot.Tick) []string {
		var out []string
		for _, tk := range ticks {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := label(niceTicks{}.Ticks(0, 12)); !slices.Equal(got, []string{"0", "2", "4", "6", "8", "10", "12"}) {
		t.Errorf("nice ticks 0..12: %v", got)
	}
	if got := label(niceTicks{}.Ticks(0, 1e-4)); !slices.Equal(got, []string{"0", "2e-5", "4e-5", "6e-5", "8e-5", "1e-4"}) {
		t.Errorf("nice ticks 0..1e-4: %v", got)
	}
	if got := label(logTicks{}.Ticks(0.3, 25)); !slices.Equal(got, []string{"0.5", "1", "2", "5", "10", "20"}) {
		t.Errorf("log ticks 0.3..25: %v", got)
	}
	if got := label(logTicks{}.Ticks(1, 1e6)); !slices.Equal(got, []string{"1", "10", "100", "1000", "1e+04", "1e+05", "1e+06"}) {
		t.Errorf("log ticks 1..1e6: %v", got)
	}
}

func TestDatasetPCsAgainstSVD(t *testing.T) {
	// Random binary examples with a correlated block, so that the
	// components are distinct; the PCs must be the right singular vectors
	// of the centered data matrix, the variances its σ²/n.
	r := rng.New(3, 0, "pcs-fixture")
	const n = 200
	rows := make([]format.Example, n)
	x := mat.NewDense(n, fixN, nil)
	for e := range rows {
		v := make([]bool, fixN)
		block := r.Float64() < 0.4
		for i := range v {
			p := 0.3 + 0.04*float64(i)
			if i < 5 && block {
				p = 0.9
			}
			v[i] = r.Float64() < p
			x.Set(e, i, float64(b2i(v[i])))
		}
		rows[e] = format.Example{V: v}
	}
	h := fixHeader()
	h.Hidden, h.Units = 0, ""
	fig := build(t, "pcs", Options{Modes: 3}, open(t, write(t, h, rows), "data"))
	tiles := fig.Panels[0][0].Series[0].Plotter.(*Tiles)

	for j := 0; j < fixN; j++ { // center the columns
		m := mat.Sum(x.ColView(j)) / n
		for e := 0; e < n; e++ {
			x.Set(e, j, x.At(e, j)-m)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(x, mat.SVDThinV) {
		t.Fatal("svd")
	}
	s := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	total := 0.0
	for _, sv := range s {
		total += sv * sv / n
	}
	if len(tiles.Tiles) != 3 {
		t.Fatalf("%d tiles, want 3", len(tiles.Tiles))
	}
	for a, tl := range tiles.Tiles {
		dot := 0.0
		for i := 0; i < fixN; i++ {
			dot += tl.Values[i] * v.At(i, a)
		}
		if math.Abs(math.Abs(dot)-1) > 1e-9 {
			t.Errorf("PC%d has overlap %v with the SVD's vector", a+1, dot)
		}
		if want := fmt.Sprintf("%.1f%%", 100*s[a]*s[a]/n/total); !strings.Contains(tl.Caption, want) {
			t.Errorf("PC%d caption %q, want %s", a+1, tl.Caption, want)
		}
	}
}

func TestSpectrumIPR(t *testing.T) {
	_, err := Build([]Input{open(t, spectrumStream(t), "spec")}, "ipr", Options{})
	if err == nil || !strings.Contains(err.Error(), "no inverse participation ratios") {
		t.Fatalf("NaN ratios: err = %v", err)
	}
	var rows []format.Mode
	for s := int64(0); s < 3; s++ {
		for a := int64(0); a < 2; a++ {
			rows = append(rows, format.Mode{Snapshot: s, Epoch: s, Rank: a, ModeID: a, Sigma: float64(s + a + 1), Overlap: math.NaN(),
				IPRU: 0.01 * float64(s+1), IPRV: 0.5, A0: math.NaN(), B0: math.NaN()})
		}
	}
	fig := build(t, "ipr", Options{}, open(t, write(t, fixHeader(), rows, format.Omit("u", "v")), "spec"))
	u := fig.Panels[0][0]
	var got []plotter.XYs
	var names []string
	for _, s := range u.Series {
		if sc, ok := s.Plotter.(*plotter.Scatter); ok {
			got, names = append(got, sc.XYs), append(names, s.Name)
		}
	}
	// First and last snapshots; y is N·Σu⁴ = 16·IPR.
	if !slices.Equal(names, []string{"epoch 0", "epoch 2"}) || len(got[1]) != 2 ||
		!near(got[0][0].Y, 0.16) || !near(got[1][1].Y, 0.48) || got[1][1].X != 4 {
		t.Errorf("series %v: %v", names, got)
	}
	v := fig.Panels[0][1].Series[0].Plotter.(*plotter.Scatter)
	if !near(v.XYs[0].Y, 3) { // M·Σv⁴ = 6·0.5
		t.Errorf("right vectors: %v", v.XYs)
	}
}

// fillRecorder records the paths filled on an SVG canvas.
type fillRecorder struct {
	vg.CanvasWriterTo
	paths []vg.Path
}

func (r *fillRecorder) Fill(p vg.Path) { r.paths = append(r.paths, p) }

func TestOutlinedText(t *testing.T) {
	face := gplot.DefaultTextHandler.Cache().Lookup(gplot.DefaultFont, 20)
	for _, tc := range []struct {
		text string
		ink  bool
	}{{"σ₁ = 4", true}, {"Marchenko–Pastur", true}, {"∝", false}} {
		rec := &fillRecorder{CanvasWriterTo: vgsvg.New(100, 100)}
		c := &outlined{CanvasWriterTo: rec}
		at := vg.Point{X: 10, Y: 50}
		c.FillString(face, at, tc.text)
		if !tc.ink {
			if len(rec.paths) != 0 {
				t.Errorf("%q: a glyph the font lacks drew %d paths", tc.text, len(rec.paths))
			}
			continue
		}
		if len(rec.paths) != 1 {
			t.Fatalf("%q: %d paths, want 1", tc.text, len(rec.paths))
		}
		lo, hi := vg.Length(math.Inf(1)), vg.Length(math.Inf(-1))
		for _, comp := range rec.paths[0] {
			for _, p := range append(comp.Control, comp.Pos) {
				if comp.Type != vg.CloseComp {
					lo, hi = min(lo, p.X), max(hi, p.X)
				}
			}
		}
		// The ink spans the width the layout measured, from the start.
		w := face.Width(tc.text)
		if lo < at.X-1 || hi > at.X+w+1 || hi-lo < 0.8*w {
			t.Errorf("%q: ink from %v to %v, want within [%v, %v] and most of it", tc.text, lo, hi, at.X, at.X+w)
		}
	}
}

func TestFreeEnergySlices(t *testing.T) {
	data := freeEnergyStream(t)
	sel, _ := ParseSnapshots("first,last")
	fig := build(t, "", Options{Snapshots: sel}, open(t, data, "fe"))
	var panels []*Panel
	for _, row := range fig.Panels {
		panels = append(panels, row...)
	}
	if len(panels) != 2 || !strings.Contains(fig.Title, "TAP (solid) and naive mean field (dashed)") {
		t.Fatalf("%d panels, title %q", len(panels), fig.Title)
	}
	for r, p := range panels {
		ls := lines(p)
		for _, s := range []int64{0, 3} {
			tap := ls[fmt.Sprintf("epoch %d, σ = %.3g", 2*s, feSigma(s, int64(r)))]
			mf := ls[fmt.Sprintf("epoch %d, σ = %.3g (naive mean field)", 2*s, feSigma(s, int64(r)))]
			if tap == nil || mf == nil {
				t.Fatalf("rank %d: lines %v", r, keys(ls))
			}
			for i, z := range feZ {
				want := feQuadratic(s, int64(r))*z*z + feQuartic(s, int64(r))*z*z*z*z
				if mf.XYs[i].X != z || !near(mf.XYs[i].Y, want) || !near(tap.XYs[i].Y, want+z*z*z*z/100) {
					t.Errorf("rank %d epoch %d z %v: mf %v tap %v, want %v", r, 2*s, z, mf.XYs[i], tap.XYs[i], want)
				}
			}
		}
		if len(ls) != 4 {
			t.Errorf("rank %d: %d lines, want 2 snapshots × 2 methods", r, len(ls))
		}
	}
	// By default up to six snapshots spread over the run: here all four.
	fig = build(t, "", Options{Modes: 1}, open(t, data, "fe"))
	if n := len(lines(fig.Panels[0][0])); len(fig.Panels[0]) != 1 || n != 8 {
		t.Errorf("-modes 1: %d panels, %d lines; want 1 and 8", len(fig.Panels[0]), n)
	}
}

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		m, n int
		want []int
	}{{4, 6, []int{0, 1, 2, 3}}, {11, 6, []int{0, 2, 4, 6, 8, 10}}, {7, 3, []int{0, 3, 6}}} {
		if got := spread(tc.m, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("spread(%d, %d) = %v, want %v", tc.m, tc.n, got, tc.want)
		}
	}
}

func TestFreeEnergyLogZAndLandau(t *testing.T) {
	data := freeEnergyStream(t)
	fig := build(t, "logz", Options{}, open(t, data, "fe"))
	logz, loglik := fig.Panels[0][0], fig.Panels[0][1]
	exact, ais := lines(logz)["exact enumeration"], lines(logz)["AIS"]
	if exact == nil || ais == nil || len(exact.XYs) != 4 || exact.XYs[3] != (plotter.XY{X: 6, Y: 103}) || ais.XYs[0].Y != 100.5 {
		t.Fatalf("log Z lines %v", keys(lines(logz)))
	}
	var bars []*plotter.YErrorBars
	for _, p := range []*Panel{logz, loglik} {
		for _, s := range p.Series {
			if b, ok := s.Plotter.(*plotter.YErrorBars); ok {
				bars = append(bars, b)
			}
		}
	}
	// Error bars only where there is an error: AIS, in both panels.
	if len(bars) != 2 || bars[0].YErrors[2].Low != 0.25 {
		t.Errorf("%d error bar sets, want 2 (AIS log Z and log-likelihood)", len(bars))
	}
	if l := lines(loglik)["AIS"]; l == nil || l.XYs[1].Y != -91 {
		t.Errorf("log-likelihood line %v", l)
	}

	fig = build(t, "landau", Options{}, open(t, data, "fe"))
	quad, quart := lines(fig.Panels[0][0]), lines(fig.Panels[0][1])
	for r := int64(0); r < 2; r++ {
		name := fmt.Sprintf("rank %d", r)
		for s := int64(0); s < 4; s++ {
			if q := quad[name].XYs[s]; q.X != float64(2*s) || !near(q.Y, feQuadratic(s, r)) {
				t.Errorf("%s quadratic at %d: %v", name, s, q)
			}
			if q := quart[name].XYs[s]; !near(q.Y, feQuartic(s, r)) {
				t.Errorf("%s quartic at %d: %v", name, s, q)
			}
		}
	}
	if rl := refLines(fig.Panels[0][1]); len(rl) != 1 || !near(rl[0].Value, (3.0/18+3.0/8)/12) {
		t.Errorf("Haar reference %v, want (3/(N+2) + 3/(M+2))/12", rl)
	}
}

// TestMPFitSquareBulkOnLogAxis: a square W's Marchenko–Pastur bulk starts
// at σ = 0 (M = N = 784 in the full study), which gonum's log scale
// rejects with a panic; the log-σ panels draw it from a hundredth of its
// upper edge, and every figure of such a fit renders.
func TestMPFitSquareBulkOnLogAxis(t *testing.T) {
	var rows []format.Fit
	for s := int64(0); s < 2; s++ {
		sm := blankFit("summary", s)
		sm.S2, sm.SigmaLo, sm.SigmaHi, sm.Cutoff = 0.01, 0, 2, 2.2
		sm.KS, sm.KSReference, sm.Consistent = 0.05, 0.1, true
		sm.Outliers, sm.Unstable, sm.Threshold = 1, 0, 4
		o := blankFit("outlier", s)
		o.Mode, o.Rank, o.X = 20, 0, 5
		rows = append(rows, sm, o)
		for b := 0; b < 4; b++ {
			hb := blankFit("hist_sigma", s)
			hb.X, hb.XHi, hb.Value, hb.Count = 0.5*float64(b), 0.5*float64(b+1), 0.25, 10
			rows = append(rows, hb)
		}
		for p := 0; p <= 10; p++ {
			d := blankFit("density_sigma", s)
			d.X = 0.2 * float64(p)
			d.Value = math.Sqrt(max(0, 4-d.X*d.X)) / math.Pi
			rows = append(rows, d)
		}
	}
	data := write(t, fixHeader(), rows)
	for _, figure := range []string{"spectrum", "modes", "order"} {
		fig := build(t, figure, Options{}, open(t, data, "square"))
		for _, row := range fig.Panels {
			for _, p := range row {
				for _, s := range p.Series {
					if poly, ok := s.Plotter.(*plotter.Polygon); ok && fmt.Sprintf("%T", p.Y.Scale) == "plot.LogScale" {
						for _, xy := range poly.XYs[0] {
							if xy.Y <= 0 {
								t.Errorf("%s: bulk band at σ = %v on a log axis", figure, xy.Y)
							}
						}
					}
				}
			}
		}
		if err := fig.Render(&bytes.Buffer{}, 0, 0, "svg"); err != nil {
			t.Errorf("%s: %v", figure, err)
		}
	}
}
