package rbmsvd

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/tool/rbmsample"
)

// snapshotOf is W = U diag(σ) Vᵀ with zero biases.
func snapshotOf(u, v *mat.Dense, sigma []float64, epoch int64) format.Snapshot {
	n, _ := u.Dims()
	m, _ := v.Dims()
	var us, wm mat.Dense
	us.Apply(func(i, a int, x float64) float64 { return x * sigma[a] }, u)
	wm.Mul(&us, v.T())
	s := format.Snapshot{Epoch: epoch, W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}
	for i := range s.W {
		s.W[i] = float32(wm.RawMatrix().Data[i])
	}
	return s
}

// randomData writes count uniform random binary examples of n units.
func randomData(t *testing.T, n, count int) (string, [][]float64) {
	t.Helper()
	r := rng.New(11, 0, "data")
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Example](&buf, format.Header{Visible: n})
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	for range count {
		ex := format.Example{V: make([]bool, n)}
		row := make([]float64, n)
		for i := range ex.V {
			ex.V[i] = r.Float64() < 0.5
			if ex.V[i] {
				row[i] = 1
			}
		}
		w.Write(&ex)
		rows = append(rows, row)
	}
	w.Close()
	p := filepath.Join(t.TempDir(), "data.arrows")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, rows
}

// With -data, every mode's statistics are those of u·v and v·σ(b+Wᵀv)
// computed directly; delocalized modes of random data look normal, a mode
// localized on one pixel does not; init_overlap is 1 for the first
// snapshot's vectors and small for unrelated ones; pc_overlap is the
// largest |u·p| over principal components found by a dense
// eigendecomposition of the data's covariance.
func TestDataStatistics(t *testing.T) {
	const n, m, count = 300, 30, 2000
	u0, v0 := orthonormal(n, m, 21), orthonormal(m, m, 22)
	// Mode 0 of the second snapshot sits on visible unit 5 alone.
	u1, v1 := orthonormal(n, m, 23), orthonormal(m, m, 24)
	for i := range n {
		u1.Set(i, 0, 0)
	}
	u1.Set(5, 0, 1)
	for a := 1; a < m; a++ {
		u1.Set(5, a, 0)
		col := mat.NewVecDense(n, mat.Col(nil, a, u1))
		col.ScaleVec(1/mat.Norm(col, 2), col)
		u1.SetCol(a, col.RawVector().Data)
	}
	sigma := make([]float64, m)
	for a := range sigma {
		sigma[a] = 3 - 0.05*float64(a)
	}
	var ck bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&ck, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
	snaps := []format.Snapshot{snapshotOf(u0, v0, sigma, 0), snapshotOf(u1, v1, sigma, 1)}
	for i := range snaps {
		w.Write(&snaps[i])
	}
	w.Close()
	path, data := randomData(t, n, count)

	code, out, stderr := rbmsvd(ck.Bytes(), "-vectors", "-track=false", "-data", path, "-pcs", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The principal components, independently: the covariance's eigenvectors.
	cov := mat.NewSymDense(n, nil)
	{
		dm := mat.NewDense(count, n, nil)
		for e, row := range data {
			dm.SetRow(e, row)
		}
		for i := range n {
			col := mat.Col(nil, i, dm)
			mu, _ := stat.MeanVariance(col, nil)
			for e := range count {
				dm.Set(e, i, col[e]-mu)
			}
		}
		var c mat.Dense
		c.Mul(dm.T(), dm)
		for i := range n {
			for j := i; j < n; j++ {
				cov.SetSym(i, j, c.At(i, j)/float64(count-1))
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		t.Fatal("eigendecomposition failed")
	}
	var pcs mat.Dense
	eig.VectorsTo(&pcs) // ascending: the last 20 columns are the top components

	rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	normal, delocalized := 0, 0
	for rd.Next() {
		row := rd.Row()
		checkDirect(t, row, snaps[row.Snapshot], data, n, m)
		best := 0.0
		for b := n - 20; b < n; b++ {
			best = max(best, math.Abs(mat.Dot(mat.NewVecDense(n, row.U), pcs.ColView(b))))
		}
		if math.Abs(row.PCOverlap-best) > 1e-6 {
			t.Fatalf("snapshot %d mode %d: pc_overlap %g, direct %g", row.Snapshot, row.Rank, row.PCOverlap, best)
		}
		switch {
		case row.Snapshot == 0 && math.Abs(row.InitOverlap-1) > 1e-9:
			t.Errorf("mode %d at the first snapshot: init_overlap %g, want 1", row.Rank, row.InitOverlap)
		case row.Snapshot == 1 && row.InitOverlap > 0.35:
			t.Errorf("mode %d of unrelated vectors: init_overlap %g", row.Rank, row.InitOverlap)
		}
		if row.Snapshot == 1 && row.Rank == 0 {
			// x = v_5, a fair coin: as far from normal as can be.
			if row.XKS < 0.3 || row.XKSP > 1e-6 || math.Abs(row.XVar-0.25) > 0.01 {
				t.Errorf("localized mode: KS %g (p %g), variance %g", row.XKS, row.XKSP, row.XVar)
			}
			continue
		}
		delocalized++
		if row.XKSP > 0.01 && math.Abs(row.XKurt) < 0.3 && math.Abs(row.XSkew) < 0.3 {
			normal++
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if normal < delocalized*9/10 {
		t.Errorf("only %d of %d delocalized modes look normal", normal, delocalized)
	}
}

func TestDataErrors(t *testing.T) {
	ck, _, _ := planted(t, 20, 5, []float64{3, 2, 1, 0.5, 0.1})
	wide, _ := randomData(t, 21, 10)
	one, _ := randomData(t, 20, 1)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-data", wide}, 1, "the dataset has 21 visible units, the checkpoint 20"},
		{[]string{"-data", one}, 1, "the statistics need at least 2 configurations, got 1"},
		{[]string{"-data", "nope.arrows"}, 1, "-data: open nope.arrows"},
		{[]string{"-data-limit", "-1"}, 2, "-data-limit and -bins must be ≥ 0"},
		{[]string{"-hist-bins", "-1"}, 2, "-data-limit and -bins must be ≥ 0"},
		{[]string{"-hist-bins", "20000"}, 2, "-bins 20000: at most 10000"},
		{[]string{"-data", wide, "-pcs", "0"}, 2, "-pcs ≥ 1"},
	} {
		code, out, stderr := rbmsvd(ck, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || len(out) != 0 {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	// Without -data the stream has none of the data columns.
	_, out, _ := rbmsvd(ck)
	rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range format.DataColumns {
		if rd.Has(c) {
			t.Errorf("column %s without -data", c)
		}
	}
	if !rd.Has("init_overlap") {
		t.Error("init_overlap missing though tracking computed the vectors")
	}
	// -no-hist (the old -hist-bins 0): the data columns without the histograms.
	data, _ := randomData(t, 20, 50)
	for _, args := range [][]string{{"-no-hist"}, {"-hist-bins", "0"}} {
		_, out, _ = rbmsvd(ck, append([]string{"-data", data}, args...)...)
		rd, err = format.NewReader[format.Mode](bytes.NewReader(out), "out")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range format.DataColumns {
			if hist := slices.Contains(format.HistColumns, c); rd.Has(c) == hist {
				t.Errorf("%v: column %s present: %v", args, c, rd.Has(c))
			}
		}
	}
}

// sampledRun is a checkpoint stream of three snapshots of a 40×10 model
// with random weights growing over training (epochs 0, 1, 2, or epochs
// scaled by epochScale) and random biases.
func sampledRun(t *testing.T, n, m, snapshots int, epochScale int64) ([]byte, []format.Snapshot) {
	t.Helper()
	r := rng.New(50, 0, "sampled run")
	var buf bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli", Seed: 3})
	var snaps []format.Snapshot
	for s := range snapshots {
		snap := format.Snapshot{Epoch: int64(s) * epochScale, Step: int64(10 * s), W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}
		for i := range snap.W {
			snap.W[i] = float32(0.3 * float64(s+1) * r.NormFloat64())
		}
		for i := range snap.A {
			snap.A[i] = float32(0.5 * r.NormFloat64())
		}
		for j := range snap.B {
			snap.B[j] = float32(0.5 * r.NormFloat64())
		}
		if err := w.Write(&snap); err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snap)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), snaps
}

// sample runs rbm-sample in process on a checkpoint stream and returns the
// path of its samples stream and the states at β = 1 per snapshot.
func sample(t *testing.T, run []byte, args ...string) (string, map[int64][][]float64) {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main(rbmsample.Tool, args, cli.Env{Stdin: bytes.NewReader(run), Stdout: &out, Stderr: &errOut}); code != 0 {
		t.Fatalf("rbm-sample %v: exit %d: %s", args, code, errOut.String())
	}
	p := filepath.Join(t.TempDir(), "samples.arrows")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rd, err := format.NewReader[format.Sample](bytes.NewReader(out.Bytes()), "samples")
	if err != nil {
		t.Fatal(err)
	}
	states := map[int64][][]float64{}
	betas := map[float64]bool{}
	for rd.Next() {
		row := rd.Row()
		betas[row.Beta] = true
		if row.Beta != 1 {
			continue
		}
		v := make([]float64, len(row.V))
		for i, on := range row.V {
			if on {
				v[i] = 1
			}
		}
		states[row.Snapshot] = append(states[row.Snapshot], v)
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(args, "-all-betas") && len(betas) < 2 {
		t.Fatalf("rbm-sample %v wrote only β = 1", args)
	}
	return p, states
}

// -data takes a samples stream of rbm-sample: each snapshot's statistics
// are those of its own states at β = 1 (the first -data-limit of them),
// computed here directly as u·v and v·σ(b+Wᵀv); snapshots not sampled have
// NaN statistics and pc −1.
func TestSampleStatistics(t *testing.T) {
	const n, m = 40, 10
	run, snaps := sampledRun(t, n, m, 3, 1)
	gibbs := []string{"-mode", "gibbs", "-chains", "300", "-burn-in", "10", "-sweeps", "40", "-thin", "10"}
	for _, tc := range []struct {
		name    string
		sample  []string
		limit   int
		sampled []int64
	}{
		{"every snapshot", append([]string{"-snapshot", "all"}, gibbs...), 0, []int64{0, 1, 2}},
		{"the last snapshot", gibbs, 0, []int64{2}},
		{"snapshot 1, the first 100 states", append([]string{"-snapshots", "1"}, gibbs...), 100, []int64{1}},
		{"tempering, all β recorded", []string{"-mode", "pt", "-snapshot", "all", "-temps", "3", "-all-betas", "-chains", "200",
			"-burn-in", "10", "-sweeps", "20", "-thin", "5"}, 0, []int64{0, 1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, states := sample(t, run, tc.sample...)
			for s, st := range states {
				if !slices.Contains(tc.sampled, s) || len(st) < 100 {
					t.Fatalf("rbm-sample wrote %d states of snapshot %d", len(st), s)
				}
				if tc.limit > 0 {
					states[s] = st[:tc.limit]
				}
			}
			args := []string{"-vectors", "-data", path, "-pcs", "5"}
			if tc.limit > 0 {
				args = append(args, "-data-limit", strconv.Itoa(tc.limit))
			}
			code, out, stderr := rbmsvd(run, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := rd.Header().Get("data_kind"); got != "samples" {
				t.Errorf("rbm.data_kind = %q, want samples", got)
			}
			rows := map[int64]int{}
			for rd.Next() {
				row := rd.Row()
				rows[row.Snapshot]++
				st, ok := states[row.Snapshot]
				if !ok {
					if row.PC != -1 || !math.IsNaN(row.XMean) || !math.IsNaN(row.XVar) || !math.IsNaN(row.YKSP) || !math.IsNaN(row.PCOverlap) ||
						len(row.XHist) != 0 || !math.IsNaN(row.XHistLo) {
						t.Fatalf("snapshot %d was not sampled, yet has statistics: %+v", row.Snapshot, row)
					}
					continue
				}
				checkDirect(t, row, snaps[row.Snapshot], st, n, m)
				if row.PC < 0 || row.PC >= 5 || !(row.PCOverlap > 0 && row.PCOverlap <= 1+1e-12) {
					t.Fatalf("snapshot %d mode %d: pc %d, pc_overlap %g", row.Snapshot, row.Rank, row.PC, row.PCOverlap)
				}
			}
			if err := rd.Err(); err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 || rows[0] != m || rows[2] != m {
				t.Fatalf("rows per snapshot %v, want %d for each of 3", rows, m)
			}
		})
	}
}

func TestSampleErrors(t *testing.T) {
	const n, m = 40, 10
	run, _ := sampledRun(t, n, m, 3, 1)
	path, _ := sample(t, run, "-snapshot", "all", "-chains", "20", "-burn-in", "2", "-sweeps", "4", "-thin", "2")
	other, _ := sampledRun(t, n, m, 3, 5) // the same snapshots at other epochs
	short, _ := sampledRun(t, n, m, 2, 1)
	wider, _ := sampledRun(t, n, m+1, 3, 1)
	for _, tc := range []struct {
		name string
		run  []byte
		data string
		want string
	}{
		{"another run", other, path, "the samples of snapshot 1 are at epoch 1 step 10, the checkpoint's snapshot 1 at epoch 5 step 10: they come from another run"},
		{"more snapshots sampled", short, path, "samples of snapshot 2 (epoch 2), but the checkpoint stream has 2 snapshots"},
		{"another model", wider, path, "the samples are of a 40×10 bernoulli model, the checkpoint is 40×11 bernoulli"},
		{"a checkpoint as data", run, writeTemp(t, run), "-data wants a dataset or a samples stream (rbm-data, rbm-sample), got a checkpoint stream"},
	} {
		// Some errors show only after snapshots were written: -o leaves
		// no file then.
		o := filepath.Join(t.TempDir(), "spectrum.arrows")
		code, _, stderr := rbmsvd(tc.run, "-data", tc.data, "-o", o)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, %q; want 1, %q", tc.name, code, stderr, tc.want)
		}
		if _, err := os.Stat(o); err == nil {
			t.Errorf("%s: failed, yet wrote %s", tc.name, o)
		}
	}
}

func writeTemp(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "stream.arrows")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkHist compares a row's histogram of x with the sample x: its range
// is mean ± 4 sd of x, its bins hold the values between their edges, and
// the values outside are counted.
func checkHist(t *testing.T, row *format.Mode, x []float64, bins int) {
	t.Helper()
	mean, variance := stat.MeanVariance(x, nil)
	sd := math.Sqrt(variance)
	if len(row.XHist) != bins || math.Abs(row.XHistLo-(mean-4*sd)) > 1e-9*sd || math.Abs(row.XHistHi-(mean+4*sd)) > 1e-9*sd {
		t.Fatalf("snapshot %d mode %d: %d bins over [%g, %g]; want %d over mean ± 4 sd = [%g, %g]",
			row.Snapshot, row.Rank, len(row.XHist), row.XHistLo, row.XHistHi, bins, mean-4*sd, mean+4*sd)
	}
	want := make([]int64, bins)
	out := int64(0)
	w := (row.XHistHi - row.XHistLo) / float64(bins)
	for _, v := range x {
		switch {
		case v < row.XHistLo || v > row.XHistHi:
			out++
		case v == row.XHistHi:
			want[bins-1]++
		default:
			i := 0
			for row.XHistLo+float64(i+1)*w <= v {
				i++
			}
			want[i]++
		}
	}
	if !slices.Equal(row.XHist, want) || row.XHistOut != out {
		t.Fatalf("snapshot %d mode %d: histogram %v (+%d outside), directly %v (+%d)", row.Snapshot, row.Rank, row.XHist, row.XHistOut, want, out)
	}
}

// checkDirect projects the states (visible vectors of the snapshot's N=n,
// M=m model) on the row's u and v directly, x = u·v and y = v·E[h|v], and
// checks the row's moments and x histogram against them.
func checkDirect(t *testing.T, row *format.Mode, snap format.Snapshot, states [][]float64, n, m int) {
	t.Helper()
	x, y := make([]float64, len(states)), make([]float64, len(states))
	for e, v := range states {
		for i, ui := range row.U {
			x[e] += ui * v[i]
		}
		for j, vj := range row.V {
			field := float64(snap.B[j])
			for i := range n {
				field += float64(snap.W[i*m+j]) * v[i]
			}
			y[e] += vj / (1 + math.Exp(-field))
		}
	}
	xm, xv := stat.MeanVariance(x, nil)
	ym, yv := stat.MeanVariance(y, nil)
	if math.Abs(row.XMean-xm) > 1e-9 || math.Abs(row.XVar-xv) > 1e-9*xv || math.Abs(row.YMean-ym) > 1e-5 || math.Abs(row.YVar-yv) > 1e-4*yv {
		t.Fatalf("snapshot %d mode %d: x mean, var %g, %g (direct %g, %g); y %g, %g (direct %g, %g)",
			row.Snapshot, row.Rank, row.XMean, row.XVar, xm, xv, row.YMean, row.YVar, ym, yv)
	}
	checkHist(t, row, x, 40)
}
