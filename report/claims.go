package report

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/rbmkit/rbmkit/diffusion"
	"github.com/rbmkit/rbmkit/format"
)

// Verdicts of a claim.
const (
	supported   = "Supported"
	partly      = "Partly supported"
	unsupported = "Not supported"
	untested    = "Not tested"
)

// claim is the verdict on one claim of the paper with the numbers behind
// it.
type claim struct {
	n       int // the claim's number in docs/science.md
	title   string
	verdict string
	text    string
}

func (c claim) String() string {
	return fmt.Sprintf("*%s.* **%s.** %s", c.title, c.verdict, c.text)
}

// byCount is the verdict of k of n runs supporting a claim.
func byCount(k, n int) string {
	switch {
	case n == 0:
		return untested
	case k == n:
		return supported
	case k == 0:
		return unsupported
	}
	return partly
}

// claims computes the verdicts on docs/science.md's five claims.
func (s *Study) claims() []claim {
	return []claim{s.claimMP(), s.claimHierarchy(), s.claimMeanField(), s.claimGaussian(), s.claimDiffusion(), s.claimStudy()}
}

// runsOf counts the study's runs.
func (s *Study) runsOf() int {
	n := 0
	for _, m := range s.Hidden {
		n += s.nrep(m)
	}
	return n
}

func (s *Study) claimMP() claim {
	c := claim{n: 1, title: "1. At initialization the singular values of W follow the Marchenko–Pastur law and no mode breaks the symmetry"}
	if !s.has("mpfit") {
		c.verdict, c.text = untested, "No Marchenko–Pastur fits (agg/mpfit.arrows absent)."
		return c
	}
	var ks, ref Stat
	k, sym, n := 0, 0, 0
	for _, m := range s.Hidden {
		for _, f := range s.fits(m).inOrder() {
			e := f.epochs[0]
			n++
			ok := f.consistent[e]
			if ok {
				k++
			}
			if f.unstable[e] == 0 && f.outliers[e] == 0 {
				sym++
			}
			ks.Add(f.ks[e])
			ref.Add(f.ksRef[e])
		}
	}
	c.verdict = byCount(min(k, sym), n)
	c.text = fmt.Sprintf("%d/%d runs consistent with the fitted MP law at their first snapshot (KS distance %s against the finite-size reference %s); %d/%d without an outlier or a mode past σ = 4 there.",
		k, n, ks.Range(3), ref.Range(3), sym, n)
	return c
}

func (s *Study) claimHierarchy() claim {
	c := claim{n: 2, title: "2. Training breaks the symmetry hierarchically: modes leave the bulk one after another"}
	if !s.has("mpfit") {
		c.verdict, c.text = untested, "No Marchenko–Pastur fits (agg/mpfit.arrows absent)."
		return c
	}
	var parts []string
	k, n := 0, 0
	for _, m := range s.Hidden {
		var last, e1, eLast Stat
		km := 0
		fits := s.fits(m)
		for _, f := range fits.inOrder() {
			n++
			end := f.epochs[len(f.epochs)-1]
			o := f.outliers[end]
			last.Add(float64(o))
			a, okA := firstAtLeast(f.epochs, f.outliers, 1)
			b, okB := firstAtLeast(f.epochs, f.outliers, o)
			if okA {
				e1.Add(float64(a))
			}
			if o >= 1 && okB {
				eLast.Add(float64(b))
			}
			// One after another: at least two modes out by the end, the
			// first of them out before the last.
			if o >= 2 && okA && okB && a < b {
				k++
				km++
			}
		}
		parts = append(parts, fmt.Sprintf("M = %d: %d/%d (outliers at the end %s, the first out at epoch %s, the last at %s)",
			m, km, len(fits), last.Range(0), e1.Range(0), eLast.Range(0)))
	}
	c.verdict = byCount(k, n)
	c.text = fmt.Sprintf("%d/%d runs end with two or more outliers that left the bulk at different snapshots, the first before the last; %s.",
		k, n, strings.Join(parts, "; "))
	return c
}

// tapTolerance is how close TAP's log Z must come to the exact or AIS
// value to count as describing it: 2% of |log Z| or 1 nat, whichever is
// larger.
func tapTolerance(ref float64) float64 { return math.Max(1, 0.02*math.Abs(ref)) }

func (s *Study) claimMeanField() claim {
	c := claim{n: 3, title: "3. A mean-field free energy describes the landscape"}
	if !s.has("fe") || !s.has("logz") {
		c.verdict, c.text = untested, "Needs both agg/fe.arrows (mean field, TAP) and agg/logz.arrows (exact or AIS log Z)."
		return c
	}
	var tapErr, mfErr Stat
	k, bound, n := 0, 0, 0
	for _, m := range s.Hidden {
		l := s.logZ(m)
		if len(l.refEpochs) == 0 {
			continue
		}
		e := l.refEpochs[len(l.refEpochs)-1]
		mt := l.method[e]
		for _, r := range s.Replicas[m] {
			ref, ok := l.z[feKey{e, r, mt}]
			tap, okT := l.z[feKey{e, r, format.MethodTAP}]
			mf, okM := l.z[feKey{e, r, format.MethodMF}]
			if !ok || !okT || !okM {
				continue
			}
			n++
			se := 0.0
			if mt != format.MethodExact {
				se = l.se[feKey{e, r, mt}]
			}
			tapErr.Add(tap - ref)
			mfErr.Add(mf - ref)
			if math.Abs(tap-ref) <= tapTolerance(ref) {
				k++
			}
			if mf <= ref+3*se {
				bound++
			}
		}
	}
	c.verdict = byCount(k, n)
	c.text = fmt.Sprintf("At each run's last snapshot with an exact or AIS log Z, TAP's log Z is within 2%% (or 1 nat) of it in %d/%d runs (TAP − reference %s nats; naive MF − reference %s nats); the naive mean field stays a lower bound (within 3 standard errors) in %d/%d.",
		k, n, tapErr.Range(1), mfErr.Range(1), bound, n)
	return c
}

func (s *Study) claimGaussian() claim {
	c := claim{n: 4, title: "4a. The reciprocal variables are Gaussian, more so as M grows"}
	var ms []int
	var shares, inits []string
	var means []float64
	n := 0
	for _, m := range s.Hidden {
		rows := s.gaussRows(m)
		if len(rows) == 0 {
			continue
		}
		last := rows[len(rows)-1]
		ms = append(ms, m)
		means = append(means, last.failing.Mean())
		n += last.failing.N()
		shares = append(shares, num(last.failing.Mean(), 0)+"%")
		inits = append(inits, num(rows[0].failing.Mean(), 0)+"%")
	}
	if len(ms) == 0 {
		c.verdict, c.text = untested, "No reciprocal-variable statistics (agg/spectrum.arrows absent, or rbm-svd ran without -data)."
		return c
	}
	desc := fmt.Sprintf("share of modes whose x_α fails a KS test of normality (p < %g) at the last snapshot %s for M = %s (at initialization %s), over %d runs",
		ksLevel, strings.Join(shares, " → "), strings.Join(intStrings(ms), " → "), strings.Join(inits, " → "), n)
	if len(ms) < 2 {
		c.verdict, c.text = untested, "One hidden size: no trend in M to test; "+desc+"."
		return c
	}
	down := 0
	for i := 1; i < len(means); i++ {
		if means[i] <= means[i-1] {
			down++
		}
	}
	c.verdict = byCount(down, len(means)-1)
	c.text = fmt.Sprintf("The %s; it does not rise in %d of %d steps to a larger M.", desc, down, len(means)-1)
	return c
}

func (s *Study) claimDiffusion() claim {
	c := claim{n: 4, title: "4b. The Gaussian-limit diffusion does not converge for the modes past σ = 1/c"}
	if !s.has("diffusion") {
		c.verdict, c.text = untested, "No diffusion (agg/diffusion.arrows absent)."
		return c
	}
	t := s.t["diffusion"]
	// Modes inside a stream's resolution band (band_low ≤ σ ≤ band_high,
	// streams since the band columns) are undecided: the simulated time and
	// trajectories cannot tell their verdict, so they count neither way.
	type tally struct{ past, pastDiv, below, belowConv, undecided, gibbsPast, gibbsPastDiv int }
	per := map[[2]int64]*tally{}
	var all tally
	var bandLow, bandHigh Stat
	eqModes, eqReached := 0, 0 // equilibrium rows: the Gibbs chains against the PTT samples
	for _, m := range s.Hidden {
		for _, i := range s.rows("diffusion", m) {
			if t.s("table", i) == format.DiffusionEquilibrium {
				eqModes++
				if t.s("verdict", i) == format.Reached {
					eqReached++
				}
				continue
			}
			if t.s("table", i) != format.DiffusionMode {
				continue
			}
			key := [2]int64{t.i("hidden", i), t.i("replica", i)}
			if per[key] == nil {
				per[key] = &tally{}
			}
			r := per[key]
			beyond := t.s("verdict_analytic", i) == format.Diverges // σ > 1/c
			div := t.s("verdict", i) == format.Diverges
			switch t.s("source", i) {
			case format.DiffusionOU:
				if lo, hi := t.f("band_low", i), t.f("band_high", i); !math.IsNaN(lo) && !math.IsNaN(hi) {
					bandLow.Add(lo)
					bandHigh.Add(hi)
					if sg := t.f("sigma", i); lo <= sg && sg <= hi {
						r.undecided++
						continue
					}
				}
				if beyond {
					r.past++
					if div {
						r.pastDiv++
					}
				} else {
					r.below++
					if !div {
						r.belowConv++
					}
				}
			case format.DiffusionGibbs:
				if beyond {
					r.gibbsPast++
					if div {
						r.gibbsPastDiv++
					}
				}
			}
		}
	}
	ok, tested := 0, 0
	for _, r := range per {
		all.past += r.past
		all.pastDiv += r.pastDiv
		all.below += r.below
		all.belowConv += r.belowConv
		all.undecided += r.undecided
		all.gibbsPast += r.gibbsPast
		all.gibbsPastDiv += r.gibbsPastDiv
		if r.past == 0 {
			continue
		}
		tested++
		if r.pastDiv == r.past && float64(r.belowConv) >= convergedShare*float64(r.below) {
			ok++
		}
	}
	c.verdict = byCount(ok, tested)
	band := ""
	if bandLow.N() > 0 {
		band = fmt.Sprintf(" %d modes with σ in the resolution band %s are undecided (counted neither way): there the simulated time and trajectories cannot tell a slow runaway from a slow convergence (Var x₊'s fitted growth over the last half is within %d standard errors of doubling, or on the wrong side of it).",
			all.undecided, bandText(bandLow, bandHigh), diffusion.BandZ)
	}
	c.text = fmt.Sprintf("Simulated Langevin diffusion of the Gaussian limit, all followed modes and snapshots: %d/%d modes past σ = 1/c diverge and %d/%d below it converge, as the theory says;%s %d/%d runs with modes past the threshold have every one of them diverge and at least %.0f%% of the others converge. Gibbs sampling of the binary RBM diverges for %d/%d modes past the threshold (its variables are bounded).",
		all.pastDiv, all.past, all.belowConv, all.below, band, ok, tested, 100*convergedShare, all.gibbsPastDiv, all.gibbsPast)
	if tested == 0 {
		c.text += " No decided mode passed the threshold, so the divergence is not tested."
	}
	if eqModes > 0 {
		c.text += fmt.Sprintf(" At the snapshots with equilibrium (PTT) samples the Gibbs chains' final Var x₊ is at its equilibrium value (within %d standard errors) for %d/%d modes: there the Gibbs verdict is the model's; elsewhere it is of where the chains started.",
			diffusion.ReachedZ, eqReached, eqModes)
	}
	return c
}

// bandText states the resolution band: one interval when every stream has
// the same, else the range of its ends.
func bandText(lo, hi Stat) string {
	if lo.Min() == lo.Max() && hi.Min() == hi.Max() {
		return fmt.Sprintf("[%s, %s]", num(lo.Min(), 3), num(hi.Min(), 3))
	}
	return fmt.Sprintf("[%s–%s, %s–%s]", num(lo.Min(), 3), num(lo.Max(), 3), num(hi.Min(), 3), num(hi.Max(), 3))
}

// convergedShare is the share of the modes below the threshold whose
// simulated diffusion must converge for a run to support claim 4b (short
// simulations call a few slow modes diverging).
const convergedShare = 0.9

func (s *Study) claimStudy() claim {
	c := claim{n: 5, title: "5. Shown on MNIST with replicas of RBMs of several hidden sizes"}
	if d := s.DataName(); d != "MNIST" {
		c.title = "5. Shown on MNIST (here on " + d + ") with replicas of RBMs of several hidden sizes"
	}
	minRep := 0
	for i, m := range s.Hidden {
		if i == 0 || s.nrep(m) < minRep {
			minRep = s.nrep(m)
		}
	}
	var spread []string
	if s.has("mpfit") {
		for _, m := range s.Hidden {
			var o Stat
			for _, f := range s.fits(m).inOrder() {
				o.Add(float64(f.outliers[f.epochs[len(f.epochs)-1]]))
			}
			spread = append(spread, fmt.Sprintf("M = %d: %s", m, o.Format(1, 0)))
		}
	}
	k := 0
	if len(s.Hidden) >= 2 {
		k++
	}
	if minRep >= 2 {
		k++
	}
	c.verdict = byCount(k, 2)
	reps := fmt.Sprint(minRep)
	if s.maxRep() != minRep {
		reps += "–" + fmt.Sprint(s.maxRep())
	}
	c.text = fmt.Sprintf("%d runs on %s: %d hidden sizes (%s), %s replicas each.", s.runsOf(), s.dataWithSource(), len(s.Hidden), joinInts(s.Hidden), reps)
	if len(spread) > 0 {
		c.text += " Outliers at the last snapshot across replicas (mean ± sd, range): " + strings.Join(spread, "; ") + "."
	}
	if len(s.Hidden) < 2 {
		c.text += " One hidden size only."
	}
	if minRep < 2 {
		c.text += " A single replica: no replica statistics."
	}
	return c
}

func (s *Study) maxRep() int {
	n := 0
	for _, m := range s.Hidden {
		n = max(n, s.nrep(m))
	}
	return n
}

func intStrings(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprint(x)
	}
	return out
}

// dataName names the training data for the text.
// mnistFiles are the names of MNIST's IDX files that the study reads
// (rbm.source) when it runs on them.
var mnistFiles = regexp.MustCompile(`^(train|train10k|t10k)-images-idx3-ubyte(\.gz)?$`)

// DataName names the study's data: its rbm.dataset (rbm-data -name);
// without one, MNIST when the training file has MNIST's file name (the
// study's data before datasets were named), else the file's name.
func (s *Study) DataName() string {
	switch {
	case s.Dataset != "":
		return s.Dataset
	case mnistFiles.MatchString(s.Source):
		return "MNIST"
	case s.Source != "":
		return "`" + s.Source + "`"
	}
	return "unnamed data"
}

// dataWithSource is the data's name with its training file.
func (s *Study) dataWithSource() string {
	switch {
	case s.Dataset != "" && s.Source != "":
		return s.Dataset + " (`" + s.Source + "`)"
	case s.Dataset != "":
		return s.Dataset
	case s.Source != "":
		return "`" + s.Source + "`"
	}
	return "data without an rbm.source name"
}
