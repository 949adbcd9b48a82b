package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rbmkit/rbmkit/format"
)

// perRun holds something of each run of one hidden size, by replica.
type perRun[T any] map[int]T

// inOrder lists the values by replica, so that sums over replicas are
// added in one order and print the same bytes every time.
func (p perRun[T]) inOrder() []T {
	out := make([]T, 0, len(p))
	for _, r := range sortedKeys(p) {
		out = append(out, p[r])
	}
	return out
}

func sortedKeys[K int | int64, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// --- Marchenko–Pastur fits (mpfit summary rows) ---

// fitRun is one run's MP summary over its snapshots.
type fitRun struct {
	epochs             []int64 // ascending
	consistent         map[int64]bool
	s2, ks, ksRef      map[int64]float64
	outliers, unstable map[int64]int
}

// fits gathers the summary rows of hidden size m per replica.
func (s *Study) fits(m int) perRun[*fitRun] {
	t := s.t["mpfit"]
	out := perRun[*fitRun]{}
	for _, i := range s.rows("mpfit", m) {
		if t.s("table", i) != format.FitSummary {
			continue
		}
		r := int(t.i("replica", i))
		f := out[r]
		if f == nil {
			f = &fitRun{consistent: map[int64]bool{}, s2: map[int64]float64{}, ks: map[int64]float64{}, ksRef: map[int64]float64{},
				outliers: map[int64]int{}, unstable: map[int64]int{}}
			out[r] = f
		}
		e := t.i("epoch", i)
		if _, ok := f.s2[e]; !ok {
			f.epochs = append(f.epochs, e)
		}
		f.consistent[e] = t.b("consistent", i)
		f.s2[e], f.ks[e], f.ksRef[e] = t.f("s2", i), t.f("ks", i), t.f("ks_reference", i)
		f.outliers[e], f.unstable[e] = int(t.i("outliers", i)), int(t.i("unstable", i))
	}
	for _, f := range out {
		slices.Sort(f.epochs)
	}
	return out
}

// firstAtLeast is the first epoch at which count reaches k (ok false if
// never).
func firstAtLeast(epochs []int64, count map[int64]int, k int) (int64, bool) {
	for _, e := range epochs {
		if count[e] >= k {
			return e, true
		}
	}
	return 0, false
}

// --- monitors ---

// monitorRun is one run's monitors by epoch (the last snapshot of an
// epoch).
type monitorRun struct {
	epochs           []int64
	sigma1, rec, pll map[int64]float64
}

func (s *Study) monitors(m int) perRun[*monitorRun] {
	t := s.t["monitors"]
	out := perRun[*monitorRun]{}
	for _, i := range s.rows("monitors", m) {
		r := int(t.i("replica", i))
		mr := out[r]
		if mr == nil {
			mr = &monitorRun{sigma1: map[int64]float64{}, rec: map[int64]float64{}, pll: map[int64]float64{}}
			out[r] = mr
		}
		e := t.i("epoch", i)
		if _, ok := mr.rec[e]; !ok {
			mr.epochs = append(mr.epochs, e)
		}
		mr.sigma1[e], mr.rec[e], mr.pll[e] = t.f("top_sigma", i), t.f("recon_error", i), t.f("pseudo_loglik", i)
	}
	for _, mr := range out {
		slices.Sort(mr.epochs)
	}
	return out
}

// --- free energies: log Z and the test log-likelihood ---

// feKey is one estimate of one run: epoch, replica, method.
type feKey struct {
	epoch   int64
	replica int
	method  string
}

// logZs holds, per (epoch, replica, method), log Z, its standard error
// and the test log-likelihood, and per (epoch, replica) ⟨F⟩ of the test
// data; refEpochs are the epochs with an exact or AIS log Z, and method
// which of the two each has.
type logZs struct {
	z, se, ll map[feKey]float64
	fdata     map[feKey]float64 // method ""
	// bound is the rigorous lower bound on log Z (rbm-freeenergy -bound),
	// method "".
	bound     map[feKey]float64
	refEpochs []int64
	method    map[int64]string
	// trajEpochs are the epochs with a trajectory log Z (rbm-train -logz).
	trajEpochs []int64
}

// isRef reports whether a method gives the reference log Z (exact or
// forward AIS).
func isRef(method string) bool { return method == format.MethodExact || method == format.MethodAIS }

// logZ gathers log Z, stderr, the test log-likelihood and ⟨F⟩_test of
// hidden size m from the logz and fe stacks. A method without its own
// loglik row gets −⟨F⟩_test − log Z of the same snapshot.
func (s *Study) logZ(m int) *logZs {
	out := &logZs{z: map[feKey]float64{}, se: map[feKey]float64{}, ll: map[feKey]float64{}, fdata: map[feKey]float64{}, bound: map[feKey]float64{}, method: map[int64]string{}}
	own := map[feKey]bool{}
	for _, name := range []string{"logz", "fe"} {
		t := s.t[name]
		for _, i := range s.rows(name, m) {
			k := feKey{t.i("epoch", i), int(t.i("replica", i)), t.s("method", i)}
			switch t.s("quantity", i) {
			case format.QuantityFData:
				out.fdata[feKey{k.epoch, k.replica, ""}] = t.f("value", i)
			case format.QuantityLogZ:
				out.z[k], out.se[k] = t.f("value", i), t.f("stderr", i)
				if k.method == format.MethodTrajectory && !slices.Contains(out.trajEpochs, k.epoch) {
					out.trajEpochs = append(out.trajEpochs, k.epoch)
				}
				if isRef(k.method) {
					if _, ok := out.method[k.epoch]; !ok {
						out.refEpochs = append(out.refEpochs, k.epoch)
					}
					out.method[k.epoch] = k.method
				}
			case format.QuantityLogLik:
				out.ll[k] = t.f("value", i)
				own[k] = true
			case format.QuantityLogZBound:
				out.bound[feKey{k.epoch, k.replica, ""}] = t.f("value", i)
			}
		}
	}
	for k, z := range out.z {
		if own[k] {
			continue
		}
		if fd, ok := out.fdata[feKey{k.epoch, k.replica, ""}]; ok {
			out.ll[k] = -fd - z
		}
	}
	slices.Sort(out.refEpochs)
	slices.Sort(out.trajEpochs)
	return out
}

// stat collects one quantity of an estimate over the replicas of m.
func (l *logZs) stat(q map[feKey]float64, reps []int, epoch int64, method string) Stat {
	var st Stat
	for _, r := range reps {
		if v, ok := q[feKey{epoch, r, method}]; ok {
			st.Add(v)
		}
	}
	return st
}

// below is how a log Z estimate stands against the replicas' lower bounds
// at one epoch: of the compared replicas (an estimate with a standard
// error and a bound), how many lie more than 2 standard errors below their
// bound, and by how much the worst of them does, in nats and in its SE.
type below struct {
	n, compared int
	gap, sigmas float64
}

// belowBound compares method's log Z at epoch with each replica's bound.
// An estimate without a standard error (mean field) is not compared; an
// exact one (SE 0) is below when it misses the bound by more than float64
// rounding.
func (l *logZs) belowBound(reps []int, epoch int64, method string) below {
	var b below
	for _, r := range reps {
		k := feKey{epoch, r, method}
		z, ok := l.z[k]
		bd, okb := l.bound[feKey{epoch, r, ""}]
		se := l.se[k]
		if !ok || !okb || math.IsNaN(se) || math.IsNaN(z) {
			continue
		}
		b.compared++
		gap := bd - z
		if gap <= 2*se || gap <= 1e-9*math.Max(1, math.Abs(bd)) {
			continue
		}
		b.n++
		if gap > b.gap {
			b.gap, b.sigmas = gap, gap/se
		}
	}
	return b
}

// note is the mark a table cell gets for estimates below their bound, ""
// for none.
func (b below) note() string {
	if b.n == 0 {
		return ""
	}
	sig := "exact"
	if !math.IsInf(b.sigmas, 1) {
		sig = num(b.sigmas, 1) + " SE"
	}
	return fmt.Sprintf(" ⚠ below the lower bound by %s (%s) in %d/%d", num(b.gap, 2), sig, b.n, b.compared)
}

// aisSettings is the AIS settings (chains, betas, base) of the first AIS
// estimate of m, "" without one.
func (s *Study) aisSettings(m int) string {
	t := s.t["logz"]
	for _, i := range s.rows("logz", m) {
		if t.s("method", i) == format.MethodAIS && t.s("quantity", i) == format.QuantityLogZ {
			var keep []string
			for _, f := range strings.Fields(t.s("settings", i)) {
				if strings.HasPrefix(f, "chains=") || strings.HasPrefix(f, "betas=") || strings.HasPrefix(f, "base=") {
					keep = append(keep, f)
				}
			}
			return strings.Join(keep, ", ")
		}
	}
	return ""
}

// --- diffusion ---

// diffRun is one run's diffusion verdicts at one epoch.
type diffRun struct {
	modes, theory, simulated, agree, gibbs int
	// against equilibrium (PTT) samples: modes judged, those the Gibbs
	// chains reached, and the top mode's Var x₊ both ways
	eqModes, eqReached               int
	eqGibbsTop, eqTop, eqLogRatioTop float64
	haveEqTop                        bool
	// top mode (rank 0)
	sigma1, growth, growthExact, varGibbs, varGauss float64
	haveTop, haveGibbsTop                           bool
}

// diffusion gathers the mode rows of m per epoch and replica.
func (s *Study) diffusion(m int) map[int64]perRun[*diffRun] {
	t := s.t["diffusion"]
	out := map[int64]perRun[*diffRun]{}
	for _, i := range s.rows("diffusion", m) {
		table := t.s("table", i)
		if table != format.DiffusionMode && table != format.DiffusionEquilibrium {
			continue
		}
		e, r := t.i("epoch", i), int(t.i("replica", i))
		if out[e] == nil {
			out[e] = perRun[*diffRun]{}
		}
		d := out[e][r]
		if d == nil {
			d = &diffRun{sigma1: math.NaN(), growth: math.NaN(), growthExact: math.NaN(), varGibbs: math.NaN(), varGauss: math.NaN()}
			out[e][r] = d
		}
		if table == format.DiffusionEquilibrium {
			d.eqModes++
			if t.s("verdict", i) == format.Reached {
				d.eqReached++
			}
			if t.i("rank", i) == 0 {
				d.haveEqTop = true
				d.eqTop, d.eqLogRatioTop = t.f("var_plus", i), t.f("growth", i)
				d.eqGibbsTop = d.eqTop * math.Exp(d.eqLogRatioTop)
			}
			continue
		}
		div := t.s("verdict", i) == format.Diverges
		switch t.s("source", i) {
		case format.DiffusionOU:
			d.modes++
			if div {
				d.simulated++
			}
			if t.s("verdict_analytic", i) == format.Diverges {
				d.theory++
			}
			if t.s("verdict", i) == t.s("verdict_analytic", i) {
				d.agree++
			}
			if t.i("rank", i) == 0 {
				d.haveTop = true
				d.sigma1, d.growth, d.growthExact = t.f("sigma", i), t.f("growth", i), t.f("growth_analytic", i)
			}
		case format.DiffusionGibbs:
			if div {
				d.gibbs++
			}
			if t.i("rank", i) == 0 {
				d.haveGibbsTop = true
				d.varGibbs = t.f("var_x", i)
				d.varGauss = (t.f("var_plus_analytic", i) + t.f("var_minus_analytic", i)) / 2
			}
		}
	}
	return out
}

// --- reciprocal variables ---

// gaussRun is one run's Gaussianity of the reciprocal variables at one
// epoch.
type gaussRun struct {
	modes, failing                            int
	absKurt                                   float64 // sum of |excess kurtosis|
	sigma1, ks1, kurt1, skew1, pcOv1, initOv1 float64
	pc1                                       int64
	haveTop                                   bool
}

// ksLevel is the p-value below which a mode's reciprocal variable fails
// the KS test of normality.
const ksLevel = 0.01

// gauss gathers the spectrum rows of m per epoch and replica; nil when
// the spectrum has no reciprocal-variable statistics (rbm-svd without
// -data).
func (s *Study) gauss(m int) map[int64]perRun[*gaussRun] {
	t := s.t["spectrum"]
	if t == nil || !t.has("x_ks_p") {
		return nil
	}
	out := map[int64]perRun[*gaussRun]{}
	for _, i := range s.rows("spectrum", m) {
		e, r := t.i("epoch", i), int(t.i("replica", i))
		if out[e] == nil {
			out[e] = perRun[*gaussRun]{}
		}
		g := out[e][r]
		if g == nil {
			g = &gaussRun{}
			out[e][r] = g
		}
		g.modes++
		if t.f("x_ks_p", i) < ksLevel {
			g.failing++
		}
		g.absKurt += math.Abs(t.f("x_kurt", i))
		if t.i("rank", i) == 0 {
			g.haveTop = true
			g.sigma1, g.ks1, g.kurt1, g.skew1 = t.f("sigma", i), t.f("x_ks", i), t.f("x_kurt", i), t.f("x_skew", i)
			g.pcOv1, g.initOv1, g.pc1 = t.f("pc_overlap", i), t.f("init_overlap", i), t.i("pc", i)
		}
	}
	return out
}
