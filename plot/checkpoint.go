package plot

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindCheckpoint, Spec{Name: "sigma", Multi: true,
		Summary: "the largest singular values of W (top_sigma) against training time; several runs are grouped by M with replicas as bands",
		Build:   checkpointSigma})
	Register(format.KindCheckpoint, Spec{Name: "vectors",
		Summary: "the top left singular vectors u_α of W as images at the chosen snapshots (default last)",
		Build:   checkpointVectors})
	Register(format.KindCheckpoint, Spec{Name: "monitors", Multi: true,
		Summary: "reconstruction error and pseudo-log-likelihood against training time",
		Build:   checkpointMonitors})
}

// readCheckpointTrace reads the per-snapshot scalars of a checkpoint
// stream: the top singular values (quantities 0…) or the monitors.
func readCheckpointTrace(in Input, monitors bool) (trace, error) {
	rd, err := reader[format.Snapshot](in)
	if err != nil {
		return trace{}, err
	}
	defer rd.Close()
	t := trace{name: in.Name, header: rd.Header(), edge0: math.NaN()}
	var rows [][]float64
	for rd.Next() {
		s := rd.Row()
		if len(rows) == 0 {
			t.edge0 = mpEdge(s.W, t.header.Visible, t.header.Hidden)
		}
		t.epochs, t.steps = append(t.epochs, s.Epoch), append(t.steps, s.Step)
		if monitors {
			rows = append(rows, []float64{s.ReconError, s.PseudoLogLik})
		} else {
			rows = append(rows, append([]float64(nil), s.TopSigma...))
		}
	}
	if err := rd.Err(); err != nil {
		return trace{}, err
	}
	if len(rows) == 0 {
		return trace{}, fmt.Errorf("%s: the checkpoint stream has no snapshots", in.Name)
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	t.values = make([][]float64, width)
	for q := range t.values {
		t.values[q] = make([]float64, len(rows))
		for i, r := range rows {
			t.values[q][i] = math.NaN()
			if q < len(r) {
				t.values[q][i] = r[q]
			}
		}
	}
	return t, nil
}

// mpEdge is the upper Marchenko–Pastur edge s(√N + √M) of the singular
// values of an N×M matrix with i.i.d. entries of W's mean square s²: where
// the bulk of a freshly initialized W ends.
func mpEdge(w []float32, n, m int) float64 {
	sum := 0.0
	for _, x := range w {
		sum += float64(x) * float64(x)
	}
	s := math.Sqrt(sum / float64(len(w)))
	return s * (math.Sqrt(float64(n)) + math.Sqrt(float64(m)))
}

func checkpointSigma(ins []Input, opt Options) (*Figure, error) {
	modes := opt.Modes
	if modes <= 0 {
		modes = 10
	}
	var ts []trace
	for _, in := range ins {
		t, err := readCheckpointTrace(in, false)
		if err != nil {
			return nil, err
		}
		if len(t.values) == 0 {
			return nil, fmt.Errorf("%s: the checkpoints hold no top_sigma monitor (train with -top-sigma k)", in.Name)
		}
		ts = append(ts, t)
	}
	groups := groupByHidden(ts)
	var panels []*Panel
	for _, g := range groups {
		thr, thrLabel, err := threshold(g[0].header)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", g[0].name, err)
		}
		title := replicas(g)
		p := newPanel(title, "", "singular value σ of W")
		logY(p)
		var times []float64
		var unit string
		k := min(modes, len(g[0].values))
		for q := 0; q < k; q++ {
			s, u := summarize(g, q)
			unit = u
			times = append(times, s.x...)
			drawSummary(p, "σ"+subscript(q+1), s, q, len(g), true)
		}
		timeAxis(p, times, unit)
		p.add("", refLine(thr, thrLabel, thresholdColor, dashed, true))
		if g[0].steps[0] == 0 { // the first snapshot is the initialization
			edge := 0.0
			for _, t := range g {
				edge += t.edge0 / float64(len(g))
			}
			p.add("", refLine(edge, "MP bulk edge of W at initialization", edgeColor, dotted, true))
		}
		panels = append(panels, p)
	}
	title := fmt.Sprintf("Top %d singular values of W during training (rank order, not tracked by mode)", min(modes, len(ts[0].values)))
	if len(groups) == 1 && len(groups[0]) == 1 {
		fig := single(title, panels[0], 16*vg.Centimeter, 12*vg.Centimeter)
		return fig, nil
	}
	cols := len(panels)
	if cols > 3 {
		cols = int(math.Ceil(math.Sqrt(float64(cols))))
	}
	rows := (len(panels) + cols - 1) / cols
	return &Figure{Title: title, Panels: gridOf(panels, cols),
		Width: vg.Length(cols) * 13 * vg.Centimeter, Height: vg.Length(rows)*10*vg.Centimeter + vg.Centimeter}, nil
}

func checkpointMonitors(ins []Input, opt Options) (*Figure, error) {
	var ts []trace
	for _, in := range ins {
		t, err := readCheckpointTrace(in, true)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	groups := groupByHidden(ts)
	names := []string{"reconstruction error (mean squared, per unit)", "pseudo-log-likelihood (nats per example)"}
	titles := []string{"one-step reconstruction, over each epoch", "pseudo-likelihood on a fixed data subset"}
	var panels []*Panel
	for q, name := range names {
		p := newPanel(titles[q], "", name)
		var times []float64
		var unit string
		for gi, g := range groups {
			s, u := summarize(g, q)
			unit = u
			times = append(times, s.x...)
			label := groupLabel(g)
			drawSummary(p, label, s, gi, len(g), false)
		}
		if len(times) == 0 {
			return nil, fmt.Errorf("%s: no snapshot has a %s", ins[0].Name, name)
		}
		timeAxis(p, times, unit)
		panels = append(panels, p)
	}
	title := "Training monitors"
	if len(ts) == 1 {
		title += ": " + identity(ts[0].header)
	} else {
		title += fmt.Sprintf(" of %d runs (replicas as min–max bands)", len(ts))
	}
	return &Figure{Title: title, Panels: [][]*Panel{panels}, Width: 26 * vg.Centimeter, Height: 10 * vg.Centimeter}, nil
}

// leftVectors returns the top k singular values and left singular vectors
// of the N×M row-major W, in float64, each vector's sign fixed so that
// its largest-magnitude component is positive.
func leftVectors(w []float32, n, m, k int) ([]float64, [][]float64, error) {
	a := mat.NewDense(n, m, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			a.Set(i, j, float64(w[i*m+j]))
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThinU) {
		return nil, nil, fmt.Errorf("SVD did not converge")
	}
	sigma := svd.Values(nil)
	var u mat.Dense
	svd.UTo(&u)
	k = min(k, len(sigma))
	vecs := make([][]float64, k)
	for a := 0; a < k; a++ {
		v := mat.Col(nil, a, &u)
		big := 0
		for i := range v {
			if math.Abs(v[i]) > math.Abs(v[big]) {
				big = i
			}
		}
		if v[big] < 0 {
			for i := range v {
				v[i] = -v[i]
			}
		}
		vecs[a] = v
	}
	return sigma[:k], vecs, nil
}

type vectorsAt struct {
	epoch, step int64
	sigma       []float64
	u           [][]float64
}

func checkpointVectors(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rows, cols, err := imageShape(in.Header, in.Name)
	if err != nil {
		return nil, err
	}
	modes := opt.Modes
	if modes <= 0 {
		modes = 8
	}
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.Last = true
	}
	rd, err := reader[format.Snapshot](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	wanted := map[int64]bool{}
	for _, e := range sel.Epochs {
		wanted[e] = true
	}
	done := map[int]vectorsAt{}
	var epochs []int64
	var last format.Snapshot
	for i := 0; rd.Next(); i++ {
		s := rd.Row()
		epochs = append(epochs, s.Epoch)
		if sel.All || sel.First && i == 0 || wanted[s.Epoch] {
			sigma, u, err := leftVectors(s.W, h.Visible, h.Hidden, modes)
			if err != nil {
				return nil, fmt.Errorf("%s: snapshot at epoch %d: %v", in.Name, s.Epoch, err)
			}
			done[i] = vectorsAt{s.Epoch, s.Step, sigma, u}
		}
		if sel.Last {
			last = format.Snapshot{Epoch: s.Epoch, Step: s.Step, W: append(last.W[:0], s.W...)}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	var panels [][]*Panel
	for _, i := range picked {
		v, ok := done[i]
		if !ok { // the last snapshot, kept aside
			sigma, u, err := leftVectors(last.W, h.Visible, h.Hidden, modes)
			if err != nil {
				return nil, fmt.Errorf("%s: snapshot at epoch %d: %v", in.Name, last.Epoch, err)
			}
			v = vectorsAt{last.Epoch, last.Step, sigma, u}
		}
		tiles := make([]Tile, len(v.u))
		for a := range v.u {
			tiles[a] = Tile{Values: v.u[a], Caption: fmt.Sprintf("u%s  σ = %.3g", subscript(a+1), v.sigma[a])}
		}
		grid, err := newTiles(rows, cols, tiles, Diverging)
		if err != nil {
			return nil, err
		}
		grid.Columns = len(tiles)
		p := newPanel(fmt.Sprintf("epoch %d (step %d)", v.epoch, v.step), "", "")
		p.HideAxes()
		p.add("vectors", grid)
		panels = append(panels, []*Panel{p})
	}
	k := min(modes, min(h.Visible, h.Hidden))
	title := fmt.Sprintf("Left singular vectors u_α of W (top %d by σ), %s\nblue < 0 < red, each image scaled to its own max |u_i|; sign: largest |u_i| positive", k, identity(h))
	width, height := vectorRowsSize(k, len(panels))
	return &Figure{Title: title, Panels: panels, Width: width, Height: height}, nil
}
