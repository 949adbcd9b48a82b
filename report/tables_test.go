package report

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/diffusion"
	"github.com/rbmkit/rbmkit/format"
)

// readRun reads every row of one run's own stream (not the stack) with
// the typed reader of its kind: the direct route the tables are checked
// against.
func readRun[T any](t *testing.T, dir string, m, r int, name string) []T {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("m%d/r%d/%s.arrows", m, r, name))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader[T](f, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []T
	for rd.Next() {
		out = append(out, *rd.Row())
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func loadStudy(t *testing.T) (*Study, string) {
	t.Helper()
	dir := testStudyDir(t)
	s, err := Load(filepath.Join(dir, "agg"))
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// sameStat checks a Stat's values (in replica order) against the direct
// ones.
func sameStat(t *testing.T, what string, got Stat, want []float64) {
	t.Helper()
	if len(got.Values) != len(want) {
		t.Errorf("%s: %d values %v, want %d %v", what, len(got.Values), got.Values, len(want), want)
		return
	}
	g, w := slices.Clone(got.Values), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	for i := range g {
		if math.Abs(g[i]-w[i]) > 1e-12*math.Max(1, math.Abs(w[i])) {
			t.Errorf("%s: values %v, want %v", what, got.Values, want)
			return
		}
	}
}

func TestStat(t *testing.T) {
	for _, c := range []struct {
		values     []float64
		prec, want int
		mean, sd   float64
		text       string
	}{
		{[]float64{1, 2, 3, 4}, 2, 0, 2.5, math.Sqrt(5.0 / 3), "2.50 ± 1.29 (1.00–4.00)"},
		{[]float64{7}, 1, 0, 7, 0, "7.0"},
		{[]float64{7}, 1, 3, 7, 0, "7.0 [1/3]"},
		{[]float64{-2, 1}, 0, 0, -0.5, math.Sqrt(4.5), "0 ± 2 (-2 to 1)"},
		{[]float64{5, 5, math.NaN()}, 1, 3, 5, 0, "5.0 ± 0.0 [2/3]"},
		{nil, 1, 0, math.NaN(), math.NaN(), "–"},
	} {
		var s Stat
		for _, x := range c.values {
			s.Add(x)
		}
		if got := s.Format(c.prec, c.want); got != c.text {
			t.Errorf("%v: Format %q, want %q", c.values, got, c.text)
		}
		if m := s.Mean(); !(math.Abs(m-c.mean) < 1e-12 || math.IsNaN(m) && math.IsNaN(c.mean)) {
			t.Errorf("%v: mean %v, want %v", c.values, m, c.mean)
		}
		if sd := s.SD(); !(math.Abs(sd-c.sd) < 1e-12 || math.IsNaN(sd) && math.IsNaN(c.sd)) {
			t.Errorf("%v: sd %v, want %v", c.values, sd, c.sd)
		}
	}
}

// TestSummaryAndTimeline checks the MP columns, outliers, σ₁ and the
// per-epoch fit against each run's own mpfit and checkpoint streams.
func TestSummaryAndTimeline(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		var init, n int
		var outLast, unLast, sigma1, firstOut []float64
		sByEpoch := map[int64][]float64{}
		for _, r := range s.Replicas[m] {
			var sum []format.Fit
			for _, f := range readRun[format.Fit](t, dir, m, r, "mpfit") {
				if f.Table == "summary" {
					sum = append(sum, f)
				}
			}
			n++
			if sum[0].Consistent {
				init++
			}
			last := sum[len(sum)-1]
			outLast, unLast = append(outLast, float64(last.Outliers)), append(unLast, float64(last.Unstable))
			for _, f := range sum {
				if f.Outliers >= 1 {
					firstOut = append(firstOut, float64(f.Epoch))
					break
				}
			}
			for _, f := range sum {
				sByEpoch[f.Epoch] = append(sByEpoch[f.Epoch], math.Sqrt(f.S2))
			}
			snaps := readRun[format.Snapshot](t, dir, m, r, "run")
			sigma1 = append(sigma1, snaps[len(snaps)-1].TopSigma[0])
		}
		row := s.summaryRow(m)
		if row.initConsistent != init || row.fitted != n {
			t.Errorf("M = %d: MP at init %d/%d, want %d/%d", m, row.initConsistent, row.fitted, init, n)
		}
		sameStat(t, fmt.Sprintf("M = %d outliers at the end", m), row.outliers, outLast)
		sameStat(t, fmt.Sprintf("M = %d σ > 4 at the end", m), row.unstable, unLast)
		sameStat(t, fmt.Sprintf("M = %d σ₁ at the end", m), row.sigma1, sigma1)
		sameStat(t, fmt.Sprintf("M = %d first epoch with an outlier", m), row.firstOut, firstOut)
		tl := s.timeline(m)
		if len(tl) != len(sByEpoch) {
			t.Errorf("M = %d: %d timeline rows, want %d epochs", m, len(tl), len(sByEpoch))
		}
		for _, r := range tl {
			sameStat(t, fmt.Sprintf("M = %d epoch %d noise scale", m, r.epoch), r.s, sByEpoch[r.epoch])
		}
	}
}

// TestFreeEnergy checks log Z and the test log-likelihood against each
// run's logz stream, and the log-likelihood against its definition
// −⟨F⟩_test − log Z.
func TestFreeEnergy(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		rows := s.freeEnergy(m)
		if len(rows) != 2 {
			t.Fatalf("M = %d: %d free-energy rows, want the 2 snapshots with log Z", m, len(rows))
		}
		for _, fr := range rows {
			var z, ll, def []float64
			for _, r := range s.Replicas[m] {
				var lz, l, fd float64
				for _, e := range readRun[format.Estimate](t, dir, m, r, "logz") {
					if e.Epoch != fr.epoch || (e.Method != fr.method && e.Quantity != "F_data") {
						continue
					}
					switch e.Quantity {
					case "logZ":
						lz = e.Value
					case "loglik":
						l = e.Value
					case "F_data":
						fd = e.Value
					}
				}
				z, ll, def = append(z, lz), append(ll, l), append(def, -fd-lz)
			}
			sameStat(t, fmt.Sprintf("M = %d epoch %d log Z (%s)", m, fr.epoch, fr.method), fr.z, z)
			sameStat(t, fmt.Sprintf("M = %d epoch %d test LL", m, fr.epoch), fr.ll, ll)
			sameStat(t, fmt.Sprintf("M = %d epoch %d test LL = −⟨F⟩ − log Z", m, fr.epoch), fr.ll, def)
		}
		var fs Stat
		for _, r := range s.Replicas[m] {
			for _, smp := range readRun[format.Sample](t, dir, m, r, "samples") {
				fs.Add(smp.FreeEnergy)
			}
		}
		if f, k := s.samplesF(m); k != fs.N() || math.Abs(f-fs.Mean()) > 1e-12 {
			t.Errorf("M = %d: samples' ⟨F⟩ %v over %d, want %v over %d", m, f, k, fs.Mean(), fs.N())
		}
		want := "exact"
		if m == 5 {
			want = "ais"
		}
		if rows[0].method != want || (m == 5) != (rows[0].zr.N() == 1) {
			t.Errorf("M = %d: method %s with %d rAIS values, want %s", m, rows[0].method, rows[0].zr.N(), want)
		}
	}
}

// TestLandau checks the Landau coefficients at the first and last epoch
// against each run's fe stream and the formula quadratic = 1 − σ/4.
func TestLandau(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		rows := s.landau(m)
		if len(rows) != 4 { // 2 modes × first and last epoch
			t.Fatalf("M = %d: %d Landau rows, want 4", m, len(rows))
		}
		for _, lr := range rows {
			var quad []float64
			for _, r := range s.Replicas[m] {
				for _, e := range readRun[format.Estimate](t, dir, m, r, "fe") {
					if e.Epoch == lr.epoch && e.Rank == lr.rank && e.Method == "mf" && e.Quantity == "landau_quadratic" {
						quad = append(quad, e.Value)
					}
				}
			}
			sameStat(t, fmt.Sprintf("M = %d epoch %d rank %d quadratic", m, lr.epoch, lr.rank), lr.quad, quad)
			for i, sg := range lr.sigma.Values {
				if got := lr.quad.Values[i]; math.Abs(got-(1-sg/4)) > 1e-9 {
					t.Errorf("M = %d epoch %d rank %d: quadratic %v, want 1 − σ/4 = %v", m, lr.epoch, lr.rank, got, 1-sg/4)
				}
			}
		}
	}
}

// TestGaussAndDiffusion checks the Gaussianity and diffusion tables at
// every epoch against each run's spectrum and diffusion streams.
func TestGaussAndDiffusion(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		fail := map[int64][]float64{}
		kurt1 := map[int64][]float64{}
		theory, agree, gibbs := map[int64][]float64{}, map[int64][]float64{}, map[int64][]float64{}
		for _, r := range s.Replicas[m] {
			bad, modes := map[int64]int{}, map[int64]int{}
			for _, md := range readRun[format.Mode](t, dir, m, r, "spectrum") {
				modes[md.Epoch]++
				if md.XKSP < 0.01 {
					bad[md.Epoch]++
				}
				if md.Rank == 0 {
					kurt1[md.Epoch] = append(kurt1[md.Epoch], md.XKurt)
				}
			}
			for e, n := range modes {
				fail[e] = append(fail[e], 100*float64(bad[e])/float64(n))
			}
			th, ag, gi := map[int64]int{}, map[int64]int{}, map[int64]int{}
			epochs := map[int64]bool{}
			for _, p := range readRun[format.DiffusionPoint](t, dir, m, r, "diffusion") {
				if p.Table != "mode" {
					continue
				}
				epochs[p.Epoch] = true
				if p.Source == "ou" {
					if p.Sigma > p.Threshold {
						th[p.Epoch]++
					}
					if p.Verdict == p.VerdictAnalytic {
						ag[p.Epoch]++
					}
				} else if p.Verdict == "diverges" {
					gi[p.Epoch]++
				}
			}
			for e := range epochs {
				theory[e], agree[e], gibbs[e] = append(theory[e], float64(th[e])), append(agree[e], float64(ag[e])), append(gibbs[e], float64(gi[e]))
			}
		}
		g := s.gaussRows(m)
		if len(g) != len(fail) {
			t.Errorf("M = %d: %d Gaussianity rows, want %d", m, len(g), len(fail))
		}
		for _, r := range g {
			sameStat(t, fmt.Sprintf("M = %d epoch %d share failing KS", m, r.epoch), r.failing, fail[r.epoch])
			sameStat(t, fmt.Sprintf("M = %d epoch %d kurtosis₁", m, r.epoch), r.kurt1, kurt1[r.epoch])
		}
		d := s.diffRows(m)
		if len(d) != len(theory) {
			t.Errorf("M = %d: %d diffusion rows, want %d", m, len(d), len(theory))
		}
		for _, r := range d {
			sameStat(t, fmt.Sprintf("M = %d epoch %d theory diverges (σ > threshold)", m, r.epoch), r.theory, theory[r.epoch])
			sameStat(t, fmt.Sprintf("M = %d epoch %d agree", m, r.epoch), r.agree, agree[r.epoch])
			sameStat(t, fmt.Sprintf("M = %d epoch %d Gibbs diverges", m, r.epoch), r.gibbs, gibbs[r.epoch])
		}
	}
}

// TestKth checks when the k-th mode leaves the bulk against each run's
// outlier counts, and the order of the modes of replica 0 against its
// outlier rows.
func TestKth(t *testing.T) {
	s, dir := loadStudy(t)
	for _, m := range s.Hidden {
		first := map[int][]float64{} // k → first epochs
		most := 0
		for _, r := range s.Replicas[m] {
			reached := map[int]bool{}
			for _, f := range readRun[format.Fit](t, dir, m, r, "mpfit") {
				if f.Table != "summary" {
					continue
				}
				most = max(most, int(f.Outliers), int(f.Unstable))
				for k := 1; k <= int(f.Outliers); k++ {
					if !reached[k] {
						reached[k] = true
						first[k] = append(first[k], float64(f.Epoch))
					}
				}
			}
		}
		rows := s.kth(m)
		if most == 0 && len(rows) != 0 || most > 0 && (len(rows) == 0 || rows[len(rows)-1].k > most) {
			t.Errorf("M = %d: %d rows up to k = %v with at most %d modes out", m, len(rows), rows, most)
		}
		for _, r := range rows {
			sameStat(t, fmt.Sprintf("M = %d k = %d leaves the bulk", m, r.k), r.leaves, first[r.k])
		}
		ids, epochs := s.modeOrder(m, 0)
		seen := map[int64]int64{}
		for _, f := range readRun[format.Fit](t, dir, m, 0, "mpfit") {
			if _, ok := seen[f.Mode]; f.Table == "outlier" && !ok {
				seen[f.Mode] = f.Epoch
			}
		}
		if len(ids) != len(seen) {
			t.Errorf("M = %d: %d modes ordered, want %d", m, len(ids), len(seen))
		}
		for i, id := range ids {
			if seen[id] != epochs[i] || i > 0 && epochs[i] < epochs[i-1] {
				t.Errorf("M = %d: mode %d leaves at %d (order %v %v), want %d", m, id, epochs[i], ids, epochs, seen[id])
			}
		}
	}
}

// TestMissingInputs: a study with only some stacks says which are absent
// and leaves their tables out; the claims they need are Not tested.
func TestMissingInputs(t *testing.T) {
	src := testStudyDir(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "agg"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mpfit", "monitors"} {
		b, err := os.ReadFile(filepath.Join(src, "agg", k+".arrows"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "agg", k+".arrows"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Build(dir, -1)
	if err != nil {
		t.Fatal(err)
	}
	var md, headings []string
	for _, b := range d.Blocks {
		switch x := b.(type) {
		case List:
			md = append(md, x.Items...)
		case Heading:
			headings = append(headings, x.Text)
		}
	}
	for _, k := range []string{"spectrum", "fe", "logz", "samples", "diffusion"} {
		if !slices.ContainsFunc(md, func(s string) bool { return strings.HasPrefix(s, "`agg/"+k+".arrows` **absent**") }) {
			t.Errorf("the report does not say that agg/%s.arrows is absent", k)
		}
	}
	for _, h := range headings {
		if strings.Contains(h, "Free energy") || strings.Contains(h, "diffusion") || strings.Contains(h, "Gaussian") {
			t.Errorf("section %q without its input", h)
		}
	}
	untestedN := 0
	for _, it := range md {
		if strings.Contains(it, "**Not tested.**") {
			untestedN++
		}
	}
	if untestedN != 3 { // 3 (mean field), 4a (Gaussianity), 4b (diffusion)
		t.Errorf("%d claims Not tested without fe, logz, spectrum and diffusion, want 3", untestedN)
	}
	if _, err := Build(t.TempDir(), -1); err == nil {
		t.Error("a directory without stacks gave a report")
	}
}

// TestTrajectoryLearningCurve: with log Z along training, the free-energy
// table has a row at every snapshot with the trajectory log Z and test
// log-likelihood (the replicas' values of the runs' checkpoints), and at
// the last epoch the exact reference beside it, which the trajectory
// estimate matches.
func TestTrajectoryLearningCurve(t *testing.T) {
	dir := trajStudy.get(t)
	s, err := Load(filepath.Join(dir, "agg"))
	if err != nil {
		t.Fatal(err)
	}
	rows := s.freeEnergy(3)
	var epochs []int64
	for _, r := range readRun[format.Snapshot](t, dir, 3, 0, "run") {
		epochs = append(epochs, r.Epoch)
	}
	if len(rows) != len(epochs) {
		t.Fatalf("%d free-energy rows, want one per snapshot (%v)", len(rows), epochs)
	}
	for i, fr := range rows {
		var z, ll []float64
		for _, rep := range s.Replicas[3] {
			for _, sn := range readRun[format.Snapshot](t, dir, 3, rep, "run") {
				if sn.Epoch == fr.epoch {
					z, ll = append(z, sn.LogZ), append(ll, sn.TestLogLik)
				}
			}
		}
		sameStat(t, fmt.Sprintf("epoch %d trajectory log Z", fr.epoch), fr.zt, z)
		// rbm-freeenergy's −⟨F⟩ − log Z of the test set, as rbm-train's.
		for k := range ll {
			if math.Abs(fr.llt.Values[k]-ll[k]) > 1e-9*math.Abs(ll[k]) {
				t.Errorf("epoch %d: trajectory test LL %v, the checkpoint's %v", fr.epoch, fr.llt.Values[k], ll[k])
			}
		}
		last := i == len(rows)-1
		if (fr.method == "exact") != last {
			t.Errorf("epoch %d: reference method %q (want exact at the last epoch only)", fr.epoch, fr.method)
		}
		if last && math.Abs(fr.zt.Mean()-fr.z.Mean()) > 0.2 {
			t.Errorf("last epoch: trajectory log Z %v, exact %v", fr.zt.Mean(), fr.z.Mean())
		}
	}
	if head := s.freeEnergyTable(3).Head; !slices.Contains(head, "log Z (trajectory)") || !slices.Contains(head, "test LL (trajectory)") {
		t.Errorf("table head %v has no trajectory columns", head)
	}
}

// TestSummaryTakesTrajectory: with log Z along training, the summary's log
// Z and test log-likelihood are every replica's trajectory estimate at the
// last snapshot (the checkpoints' own values), not the one replica's
// validation that stands beside it.
func TestSummaryTakesTrajectory(t *testing.T) {
	dir := trajStudy.get(t)
	s, err := Load(filepath.Join(dir, "agg"))
	if err != nil {
		t.Fatal(err)
	}
	row := s.summaryRow(3)
	if row.refMethod != "trajectory" {
		t.Fatalf("summary log Z by %q, want trajectory", row.refMethod)
	}
	var z, ll []float64
	for _, rep := range s.Replicas[3] {
		run := readRun[format.Snapshot](t, dir, 3, rep, "run")
		last := run[len(run)-1]
		if last.Epoch != row.refEpoch {
			t.Fatalf("replica %d ends at epoch %d, the summary's epoch is %d", rep, last.Epoch, row.refEpoch)
		}
		z, ll = append(z, last.LogZ), append(ll, last.TestLogLik)
	}
	sameStat(t, "summary log Z", row.logZ, z)
	if row.valMethod != "exact" || row.valLogZ.N() == 0 {
		t.Errorf("summary validation %q of %d replicas, want exact", row.valMethod, row.valLogZ.N())
	}
	for k := range ll {
		if math.Abs(row.ll.Values[k]-ll[k]) > 1e-9*math.Abs(ll[k]) {
			t.Errorf("replica %d: summary test LL %v, the checkpoint's %v", k, row.ll.Values[k], ll[k])
		}
	}
}

// TestDiffusionClaimUndecided checks claim 4b's counts against each run's
// diffusion stream: modes inside the stream's resolution band (which must
// be diffusion.Band of its settings) count neither way; with another band
// written into the table ([2, 5]: decided modes on both sides of it), and
// with the band columns absent (older streams: every mode counts), the
// counts follow.
func TestDiffusionClaimUndecided(t *testing.T) {
	s, dir := loadStudy(t)
	var points []format.DiffusionPoint
	for _, m := range s.Hidden {
		for _, r := range s.Replicas[m] {
			for _, p := range readRun[format.DiffusionPoint](t, dir, m, r, "diffusion") {
				if p.Table == "mode" && p.Source == "ou" {
					points = append(points, p)
				}
			}
		}
	}
	if len(points) == 0 {
		t.Fatal("no simulated mode rows")
	}
	// The fixture's settings: 10 trajectories, c = 1/4, T = 10c, 100 records.
	lo, hi := diffusion.Band(0.25, diffusion.Config{Dt: 0.25 / 250, Time: 2.5, Records: 100}.Times(), 0.25, 10)
	for _, p := range points {
		if math.Abs(p.BandLow-lo) > 1e-12 || math.Abs(p.BandHigh-hi) > 1e-12 {
			t.Fatalf("band [%v, %v], want diffusion.Band's [%v, %v]", p.BandLow, p.BandHigh, lo, hi)
		}
	}
	count := func(lo, hi float64) string {
		var past, pastDiv, below, belowConv, undecided int
		for _, p := range points {
			if lo <= p.Sigma && p.Sigma <= hi {
				undecided++
				continue
			}
			if p.Sigma > p.Threshold {
				past++
				if p.Verdict == "diverges" {
					pastDiv++
				}
			} else {
				below++
				if p.Verdict == "converges" {
					belowConv++
				}
			}
		}
		out := fmt.Sprintf("%d/%d modes past σ = 1/c diverge and %d/%d below it converge, as the theory says;", pastDiv, past, belowConv, below)
		if !math.IsNaN(lo) {
			out += fmt.Sprintf(" %d modes with σ in the resolution band [%s, %s] are undecided", undecided, num(lo, 3), num(hi, 3))
		}
		return out
	}
	check := func(what, want string) {
		t.Helper()
		if got := s.claimDiffusion().text; !strings.Contains(got, want) {
			t.Errorf("%s: claim 4b reads\n%s\nwant it to contain\n%s", what, got, want)
		}
	}
	check("the streams' band", count(lo, hi))
	tab := s.t["diffusion"]
	for i := range tab.Num["band_low"] {
		if !math.IsNaN(tab.Num["band_low"][i]) {
			tab.Num["band_low"][i], tab.Num["band_high"][i] = 2, 5
		}
	}
	// Some modes of the fixture on either side of it, some inside.
	check("a band of [2, 5]", count(2, 5))
	delete(tab.Num, "band_low")
	delete(tab.Num, "band_high")
	check("no band", count(math.NaN(), math.NaN()))
	if got := s.claimDiffusion().text; strings.Contains(got, "undecided") {
		t.Errorf("no band, yet: %s", got)
	}
}
