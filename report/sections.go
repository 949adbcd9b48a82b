package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rbmkit/rbmkit/format"
)

// summaryRow is the summary table's row of one hidden size.
type summaryRow struct {
	M                  int
	initConsistent     int // replicas consistent with MP at their first snapshot
	fitted             int // replicas with a fit
	outliers, unstable Stat
	sigma1             Stat
	firstOut, firstUn  Stat
	refMethod          string
	refEpoch           int64 // the last epoch with a trajectory log Z, else with an exact or AIS one
	logZ, ll, llTAP    Stat
	// exact or AIS at refEpoch beside a trajectory estimate: its validation
	valMethod string
	valLogZ   Stat
	// the reference and validating estimates below their replicas' bound
	belowRef, belowVal below
	// diffusion at the last epoch, per replica
	ouDiv, thDiv, giDiv, modes Stat
}

func (s *Study) summaryRow(m int) summaryRow {
	row := summaryRow{M: m}
	if s.has("mpfit") {
		for _, f := range s.fits(m).inOrder() {
			row.fitted++
			first, last := f.epochs[0], f.epochs[len(f.epochs)-1]
			if f.consistent[first] {
				row.initConsistent++
			}
			row.outliers.Add(float64(f.outliers[last]))
			row.unstable.Add(float64(f.unstable[last]))
			if e, ok := firstAtLeast(f.epochs, f.outliers, 1); ok {
				row.firstOut.Add(float64(e))
			}
			if e, ok := firstAtLeast(f.epochs, f.unstable, 1); ok {
				row.firstUn.Add(float64(e))
			}
		}
	}
	if s.has("monitors") {
		for _, mr := range s.monitors(m).inOrder() {
			row.sigma1.Add(mr.sigma1[mr.epochs[len(mr.epochs)-1]])
		}
	}
	// log Z along training covers every replica at every snapshot; exact
	// and AIS, when they stand beside it, only validate it on one replica.
	if l := s.logZ(m); len(l.trajEpochs) > 0 || len(l.refEpochs) > 0 {
		var e int64
		if len(l.trajEpochs) > 0 {
			e = l.trajEpochs[len(l.trajEpochs)-1]
			row.refMethod, row.refEpoch = format.MethodTrajectory, e
			if ve := l.method[e]; ve != "" {
				row.valMethod, row.valLogZ = ve, l.stat(l.z, s.Replicas[m], e, ve)
			}
		} else {
			e = l.refEpochs[len(l.refEpochs)-1]
			row.refMethod, row.refEpoch = l.method[e], e
		}
		reps := s.Replicas[m]
		row.belowRef = l.belowBound(reps, e, row.refMethod)
		if row.valMethod != "" {
			row.belowVal = l.belowBound(reps, e, row.valMethod)
		}
		row.logZ = l.stat(l.z, reps, e, row.refMethod)
		row.ll = l.stat(l.ll, reps, e, row.refMethod)
		row.llTAP = l.stat(l.ll, reps, e, format.MethodTAP)
	}
	if d := s.diffusion(m); len(d) > 0 {
		for _, dr := range d[sortedKeys(d)[len(d)-1]].inOrder() {
			row.ouDiv.Add(float64(dr.simulated))
			row.thDiv.Add(float64(dr.theory))
			row.giDiv.Add(float64(dr.gibbs))
			row.modes.Add(float64(dr.modes))
		}
	}
	return row
}

func (s *Study) summaryTable() Table {
	t := Table{Head: []string{"M", "replicas", "MP at init", "outliers", "σ > 4", "σ₁", "1st mode out (epoch)", "1st σ > 4 (epoch)",
		"log Z", "test LL", "test LL (TAP)", "diffusion: simulated / theory / Gibbs diverge"}}
	for _, m := range s.Hidden {
		r := s.summaryRow(m)
		n := s.nrep(m)
		mp := "–"
		if r.fitted > 0 {
			mp = fmt.Sprintf("%d/%d", r.initConsistent, r.fitted)
		}
		z := "–"
		if r.refMethod != "" {
			z = r.logZ.Format(1, n) + " (" + r.refMethod + ")" + r.belowRef.note()
			if r.valMethod != "" {
				z += ", " + r.valLogZ.Format(1, n) + " (" + r.valMethod + ")" + r.belowVal.note()
			}
		}
		di := "–"
		if r.modes.N() > 0 {
			di = fmt.Sprintf("%s / %s / %s of %s", r.ouDiv.Format(1, 0), r.thDiv.Format(1, 0), r.giDiv.Format(1, 0), r.modes.Format(0, 0))
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(m), fmt.Sprint(n), mp, r.outliers.Format(1, 0), r.unstable.Format(1, 0), r.sigma1.Format(2, 0),
			r.firstOut.Format(1, n), r.firstUn.Format(1, n), z, r.ll.Format(1, n), r.llTAP.Format(1, n), di})
	}
	return t
}

// timelineRow is one epoch of the table of modes leaving the bulk.
type timelineRow struct {
	epoch                 int64
	consistent, fitted    int
	s, outliers, unstable Stat
	sigma1, rec, pll      Stat
}

func (s *Study) timeline(m int) []timelineRow {
	rows := map[int64]*timelineRow{}
	get := func(e int64) *timelineRow {
		if rows[e] == nil {
			rows[e] = &timelineRow{epoch: e}
		}
		return rows[e]
	}
	if s.has("mpfit") {
		for _, f := range s.fits(m).inOrder() {
			for _, e := range f.epochs {
				r := get(e)
				r.fitted++
				if f.consistent[e] {
					r.consistent++
				}
				r.s.Add(math.Sqrt(f.s2[e]))
				r.outliers.Add(float64(f.outliers[e]))
				r.unstable.Add(float64(f.unstable[e]))
			}
		}
	}
	if s.has("monitors") {
		for _, mr := range s.monitors(m).inOrder() {
			for _, e := range mr.epochs {
				r := get(e)
				r.sigma1.Add(mr.sigma1[e])
				r.rec.Add(mr.rec[e])
				r.pll.Add(mr.pll[e])
			}
		}
	}
	var out []timelineRow
	for _, e := range sortedKeys(rows) {
		out = append(out, *rows[e])
	}
	return out
}

func (s *Study) timelineTable(m int) Table {
	t := Table{Head: []string{"epoch", "MP", "s", "outliers", "σ > 4", "σ₁", "recon error", "pseudo-log-lik"}}
	for _, r := range s.timeline(m) {
		mp := "–"
		if r.fitted > 0 {
			mp = fmt.Sprintf("%d/%d", r.consistent, r.fitted)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.epoch), mp, r.s.Format(4, 0), r.outliers.Format(1, 0), r.unstable.Format(1, 0),
			r.sigma1.Format(2, 0), r.rec.Format(4, 0), r.pll.Format(1, 0)})
	}
	return t
}

// kthRow says when the k-th mode leaves the bulk and crosses σ = 4.
type kthRow struct {
	k               int
	leaves, crosses Stat // first epoch with ≥ k, over the replicas that get there
	id              int64
	idEpoch         int64
	haveID          bool
}

// kthCounts are the k of the table: 1–6, then sparser.
var kthCounts = []int{1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 700, 800, 1000}

// modeOrder lists the tracked ids of replica rep's modes in the order
// they first leave the bulk (ties by rank at that snapshot), with the
// epoch each leaves.
func (s *Study) modeOrder(m, rep int) (ids, epochs []int64) {
	t := s.t["mpfit"]
	first := map[int64][2]int64{} // id → (epoch, rank)
	for _, i := range s.rows("mpfit", m) {
		if t.s("table", i) != format.FitOutlier || int(t.i("replica", i)) != rep {
			continue
		}
		id, e, rk := t.i("mode", i), t.i("epoch", i), t.i("rank", i)
		if f, ok := first[id]; !ok || e < f[0] || (e == f[0] && rk < f[1]) {
			first[id] = [2]int64{e, rk}
		}
	}
	ids = sortedKeys(first)
	slices.SortStableFunc(ids, func(a, b int64) int {
		fa, fb := first[a], first[b]
		if fa[0] != fb[0] {
			return int(fa[0] - fb[0])
		}
		return int(fa[1] - fb[1])
	})
	for _, id := range ids {
		epochs = append(epochs, first[id][0])
	}
	return ids, epochs
}

func (s *Study) kth(m int) []kthRow {
	fits := s.fits(m)
	most := 0
	for _, f := range fits.inOrder() {
		for _, e := range f.epochs {
			most = max(most, f.outliers[e], f.unstable[e])
		}
	}
	ids, idEpochs := s.modeOrder(m, s.Rep)
	var out []kthRow
	for _, k := range kthCounts {
		if k > most {
			break
		}
		r := kthRow{k: k}
		for _, rep := range sortedKeys(fits) {
			f := fits[rep]
			if e, ok := firstAtLeast(f.epochs, f.outliers, k); ok {
				r.leaves.Add(float64(e))
			}
			if e, ok := firstAtLeast(f.epochs, f.unstable, k); ok {
				r.crosses.Add(float64(e))
			}
		}
		if k <= len(ids) {
			r.id, r.idEpoch, r.haveID = ids[k-1], idEpochs[k-1], true
		}
		out = append(out, r)
	}
	return out
}

func (s *Study) kthTable(m int) Table {
	t := Table{Head: []string{"k", "leaves the bulk (epoch)", "crosses σ = 4 (epoch)", fmt.Sprintf("replica %d: mode id", s.Rep)}}
	n := s.nrep(m)
	for _, r := range s.kth(m) {
		id := "–"
		if r.haveID {
			id = fmt.Sprintf("%d (epoch %d)", r.id, r.idEpoch)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.k), fmt.Sprintf("%s [%d/%d]", r.leaves.Format(1, 0), r.leaves.N(), n),
			fmt.Sprintf("%s [%d/%d]", r.crosses.Format(1, 0), r.crosses.N(), n), id})
	}
	return t
}

// feRow is one epoch of the free-energy table.
type feRow struct {
	epoch            int64
	method           string
	z, zr, ztap, zmf Stat
	se, ser          Stat // standard errors of log Z (AIS, rAIS)
	ll, llr, lltap   Stat
	fdata            Stat
	zt, set, llt     Stat // the trajectory estimate (rbm-train -logz)
	bound            Stat // the lower bound on log Z (rbm-freeenergy -bound)
	// the estimates below their bound: the reference, rAIS, trajectory
	belowZ, belowR, belowT below
}

func (s *Study) freeEnergy(m int) []feRow {
	l := s.logZ(m)
	reps := s.Replicas[m]
	var out []feRow
	epochs := slices.Clone(l.refEpochs)
	for _, e := range l.trajEpochs {
		if !slices.Contains(epochs, e) {
			epochs = append(epochs, e)
		}
	}
	slices.Sort(epochs)
	for _, e := range epochs {
		mt := l.method[e]
		r := feRow{epoch: e, method: mt,
			z: l.stat(l.z, reps, e, mt), zr: l.stat(l.z, reps, e, format.MethodRAIS), ztap: l.stat(l.z, reps, e, format.MethodTAP), zmf: l.stat(l.z, reps, e, format.MethodMF),
			ll: l.stat(l.ll, reps, e, mt), llr: l.stat(l.ll, reps, e, format.MethodRAIS), lltap: l.stat(l.ll, reps, e, format.MethodTAP),
			fdata: l.stat(l.fdata, reps, e, "")}
		if mt != format.MethodExact {
			r.se = l.stat(l.se, reps, e, mt)
		}
		r.ser = l.stat(l.se, reps, e, format.MethodRAIS)
		r.zt, r.set, r.llt = l.stat(l.z, reps, e, format.MethodTrajectory), l.stat(l.se, reps, e, format.MethodTrajectory), l.stat(l.ll, reps, e, format.MethodTrajectory)
		r.bound = l.stat(l.bound, reps, e, "")
		r.belowZ, r.belowR, r.belowT = l.belowBound(reps, e, mt), l.belowBound(reps, e, format.MethodRAIS), l.belowBound(reps, e, format.MethodTrajectory)
		out = append(out, r)
	}
	return out
}

// withSE appends "± mean standard error" to a log Z.
func withSE(z, se Stat, n int) string {
	v := z.Format(2, n)
	if z.N() > 0 && se.N() > 0 {
		v += fmt.Sprintf(" (se %s)", num(se.Mean(), 2))
	}
	return v
}

func (s *Study) freeEnergyTable(m int) Table {
	t := Table{Head: []string{"epoch", "method", "log Z", "log Z (rAIS)", "log Z (TAP)", "log Z (MF)", "test LL", "test LL (rAIS)", "test LL (TAP)", "⟨F⟩ test"},
		Left: []bool{false, true}}
	rows := s.freeEnergy(m)
	traj, bound := false, false
	for _, r := range rows {
		traj = traj || r.zt.N() > 0
		bound = bound || r.bound.N() > 0
	}
	if bound {
		// A rigorous lower bound beside the estimates, each marked where
		// it falls more than 2 of its SE below it.
		t.Head = slices.Insert(t.Head, 2, "log Z bound")
	}
	if traj {
		// The trajectory estimate (at every snapshot) beside the
		// reference (exact, or AIS with rAIS: a bracket) where there is one.
		t.Head = slices.Insert(t.Head, 2, "log Z (trajectory)", "test LL (trajectory)")
	}
	n := s.nrep(m)
	for _, r := range rows {
		method := r.method
		if method == "" {
			method = "–"
		}
		row := []string{fmt.Sprint(r.epoch), method, withSE(r.z, r.se, n) + r.belowZ.note(), withSE(r.zr, r.ser, n) + r.belowR.note(), r.ztap.Format(2, n), r.zmf.Format(2, n),
			r.ll.Format(2, n), r.llr.Format(2, n), r.lltap.Format(2, n), r.fdata.Format(2, n)}
		if bound {
			row = slices.Insert(row, 2, r.bound.Format(2, n))
		}
		if traj {
			row = slices.Insert(row, 2, withSE(r.zt, r.set, n)+r.belowT.note(), r.llt.Format(2, n))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// samplesF is the mean free energy of the Gibbs samples of m, and how
// many there are.
func (s *Study) samplesF(m int) (float64, int) {
	t := s.t["samples"]
	var st Stat
	for _, i := range s.rows("samples", m) {
		st.Add(t.f("free_energy", i))
	}
	return st.Mean(), st.N()
}

// modalState is one replica's most frequent sample: its share of the
// replica's samples and its free energy.
type modalState struct {
	replica int
	share   float64
	f       float64
	n       int // the replica's samples
}

// samplesModal finds, per replica of m, the most frequent sample, told
// apart by free energy (two different states of one model with the same
// float64 F are as good as never met; the samples stream carries F, not
// a hash of the state). A model whose equilibrium is nearly one state (the
// blank image, docs/ptt.md) shows it here where ⟨F⟩ and τ of F do not.
func (s *Study) samplesModal(m int) []modalState {
	t := s.t["samples"]
	counts := map[int]map[float64]int{}
	total := map[int]int{}
	for _, i := range s.rows("samples", m) {
		rep := int(t.i("replica", i))
		if counts[rep] == nil {
			counts[rep] = map[float64]int{}
		}
		counts[rep][t.f("free_energy", i)]++
		total[rep]++
	}
	var out []modalState
	for _, rep := range s.Replicas[m] {
		if total[rep] == 0 {
			continue
		}
		best := modalState{replica: rep, f: math.NaN()}
		n := 0
		for f, c := range counts[rep] {
			if c > n || c == n && f < best.f {
				n, best.f = c, f
			}
		}
		best.share, best.n = float64(n)/float64(total[rep]), total[rep]
		out = append(out, best)
	}
	return out
}

// landauRow is one mode's Landau coefficients at one epoch.
type landauRow struct {
	epoch              int64
	rank               int64
	sigma, quad, quart Stat
}

func (s *Study) landau(m int) []landauRow {
	t := s.t["fe"]
	type key struct{ e, rank int64 }
	rows := map[key]*landauRow{}
	var epochs []int64
	for _, i := range s.rows("fe", m) {
		q := t.s("quantity", i)
		if t.s("method", i) != format.MethodMF || (q != format.QuantityLandauQuadratic && q != format.QuantityLandauQuartic) {
			continue
		}
		k := key{t.i("epoch", i), t.i("rank", i)}
		r := rows[k]
		if r == nil {
			r = &landauRow{epoch: k.e, rank: k.rank}
			rows[k] = r
			if !slices.Contains(epochs, k.e) {
				epochs = append(epochs, k.e)
			}
		}
		if q == format.QuantityLandauQuadratic {
			r.sigma.Add(t.f("sigma", i))
			r.quad.Add(t.f("value", i))
		} else {
			r.quart.Add(t.f("value", i))
		}
	}
	if len(epochs) == 0 {
		return nil
	}
	slices.Sort(epochs)
	show := []int64{epochs[0]}
	if last := epochs[len(epochs)-1]; last != epochs[0] {
		show = append(show, last)
	}
	var out []landauRow
	for _, e := range show {
		var ranks []int64
		for k := range rows {
			if k.e == e {
				ranks = append(ranks, k.rank)
			}
		}
		slices.Sort(ranks)
		for _, rk := range ranks {
			out = append(out, *rows[key{e, rk}])
		}
	}
	return out
}

func (s *Study) landauTable(m int) Table {
	t := Table{Head: []string{"epoch", "mode (rank)", "σ", "quadratic", "quartic"}}
	for _, r := range s.landau(m) {
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.epoch), fmt.Sprint(r.rank), r.sigma.Format(2, 0), r.quad.Format(3, 0), r.quart.Format(5, 0)})
	}
	return t
}

// gaussRow is one epoch of the Gaussianity table.
type gaussRow struct {
	epoch                                     int64
	failing, absKurt                          Stat // per replica: percent failing, mean |kurtosis|
	sigma1, ks1, kurt1, skew1, pcOv1, initOv1 Stat
	pc1                                       string // replica Rep's best-matching PC of u₁
}

func (s *Study) gaussRows(m int) []gaussRow {
	g := s.gauss(m)
	var out []gaussRow
	for _, e := range sortedKeys(g) {
		r := gaussRow{epoch: e, pc1: "–"}
		for _, rep := range sortedKeys(g[e]) {
			gr := g[e][rep]
			r.failing.Add(100 * float64(gr.failing) / float64(gr.modes))
			r.absKurt.Add(gr.absKurt / float64(gr.modes))
			if gr.haveTop {
				r.sigma1.Add(gr.sigma1)
				r.ks1.Add(gr.ks1)
				r.kurt1.Add(gr.kurt1)
				r.skew1.Add(gr.skew1)
				r.pcOv1.Add(gr.pcOv1)
				r.initOv1.Add(gr.initOv1)
				if rep == s.Rep {
					r.pc1 = fmt.Sprint(gr.pc1)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func (s *Study) gaussTable(m int) Table {
	t := Table{Head: []string{"epoch", "non-normal modes (%)", "mean abs kurtosis", "σ₁", "KS₁", "kurtosis₁", "skewness₁", "PC overlap₁", "PC", "overlap with init₁"}}
	for _, r := range s.gaussRows(m) {
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.epoch), r.failing.Format(0, 0), r.absKurt.Format(2, 0), r.sigma1.Format(2, 0), r.ks1.Format(3, 0),
			r.kurt1.Format(2, 0), r.skew1.Format(2, 0), r.pcOv1.Format(2, 0), r.pc1, r.initOv1.Format(2, 0)})
	}
	return t
}

// diffRow is one epoch of the diffusion table.
type diffRow struct {
	epoch                                           int64
	modes, theory, simulated, agree, gibbs          Stat
	sigma1, growth, growthExact, varGibbs, varGauss Stat
	infinite                                        bool // the Gaussian limit's variance is infinite for some replica
}

func (s *Study) diffRows(m int) []diffRow {
	d := s.diffusion(m)
	var out []diffRow
	for _, e := range sortedKeys(d) {
		r := diffRow{epoch: e}
		for _, rep := range sortedKeys(d[e]) {
			dr := d[e][rep]
			r.modes.Add(float64(dr.modes))
			r.theory.Add(float64(dr.theory))
			r.simulated.Add(float64(dr.simulated))
			r.agree.Add(float64(dr.agree))
			r.gibbs.Add(float64(dr.gibbs))
			if dr.haveTop {
				r.sigma1.Add(dr.sigma1)
				r.growth.Add(dr.growth)
				r.growthExact.Add(dr.growthExact)
			}
			if dr.haveGibbsTop {
				r.varGibbs.Add(dr.varGibbs)
				if math.IsInf(dr.varGauss, 0) {
					r.infinite = true
				} else {
					r.varGauss.Add(dr.varGauss)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func (s *Study) diffTable(m int) Table {
	t := Table{Head: []string{"epoch", "modes", "theory diverges", "simulation diverges", "agree", "Gibbs diverges", "σ₁", "growth₁ simulated", "growth₁ exact", "Var x₁ Gibbs", "Var x₁ Gaussian"}}
	for _, r := range s.diffRows(m) {
		vg := r.varGauss.Format(3, 0)
		if r.infinite {
			vg = "∞"
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(r.epoch), r.modes.Format(0, 0), r.theory.Format(1, 0), r.simulated.Format(1, 0), r.agree.Format(1, 0),
			r.gibbs.Format(1, 0), r.sigma1.Format(2, 0), r.growth.Format(3, 0), r.growthExact.Format(3, 0), r.varGibbs.Format(3, 0), vg})
	}
	return t
}

// diffEqTable is the diffusion's Gibbs chains against the equilibrium
// (PTT) samples, per epoch that has them; empty without equilibrium rows.
func (s *Study) diffEqTable(m int) Table {
	t := Table{Head: []string{"epoch", "modes", "Gibbs at equilibrium", "Var x₊₁ Gibbs", "Var x₊₁ equilibrium", "ln ratio₁"}}
	d := s.diffusion(m)
	for _, e := range sortedKeys(d) {
		var modes, reached, gibbs, eq, ratio Stat
		for _, rep := range sortedKeys(d[e]) {
			dr := d[e][rep]
			if dr.eqModes == 0 {
				continue
			}
			modes.Add(float64(dr.eqModes))
			reached.Add(float64(dr.eqReached))
			if dr.haveEqTop {
				gibbs.Add(dr.eqGibbsTop)
				eq.Add(dr.eqTop)
				ratio.Add(dr.eqLogRatioTop)
			}
		}
		if modes.N() == 0 {
			continue
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(e), modes.Format(0, 0), reached.Format(1, 0), gibbs.Format(3, 0), eq.Format(3, 0), ratio.Format(2, 0)})
	}
	return t
}

// joinInts prints sizes as "16, 64, 256".
func joinInts(xs []int) string {
	p := make([]string, len(xs))
	for i, x := range xs {
		p[i] = fmt.Sprint(x)
	}
	return strings.Join(p, ", ")
}
