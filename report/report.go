package report

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rbmkit/rbmkit/diffusion"
	"github.com/rbmkit/rbmkit/study"
)

// Build computes the report of the study in dir: the stacks of dir/agg
// and the figures of dir/fig (Markdown links to them are relative to dir,
// where REPORT.md belongs). rep selects the replica whose per-run figures
// the report shows (−1: the smallest).
func Build(dir string, rep int) (*Document, error) {
	return BuildCompare(dir, "", rep)
}

// BuildCompare is Build with, when other is not "", a section comparing
// the study with the study in other (Compare), before the list of what
// the report leaves out.
func BuildCompare(dir, other string, rep int) (*Document, error) {
	s, err := LoadStudy(dir)
	if err != nil {
		return nil, err
	}
	if rep >= 0 {
		s.Rep = rep
	}
	var o *Study
	if other != "" {
		if o, err = LoadStudy(other); err != nil {
			return nil, fmt.Errorf("the study to compare with: %v", err)
		}
	}
	figs, err := readFigures(filepath.Join(dir, "fig"))
	if err != nil {
		return nil, err
	}
	return s.document(figs, o)
}

// LoadStudy reads the study in dir (its stacks, dir/agg: Load), named by
// dir's base name.
func LoadStudy(dir string) (*Study, error) {
	s, err := Load(filepath.Join(dir, "agg"))
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	s.Name = filepath.Base(abs)
	return s, nil
}

// trainedOn names the training data for the report's opening: the
// dataset's name, when recorded, and its file.
func (s *Study) trainedOn() string {
	switch {
	case s.Dataset == "":
		return "`" + orDash(s.Source) + "`"
	case s.Source == "":
		return s.Dataset
	}
	return s.Dataset + ", `" + s.Source + "`"
}

// basePath shortens the base= of AIS settings to the file's name, so that
// the report names no directory of the machine it ran on.
var basePath = regexp.MustCompile(`base=([^,\s]*/)`)

func (s *Study) document(figs *figureSet, other *Study) (*Document, error) {
	d := &Document{Title: "rbmkit: the energy landscape of RBMs on " + strings.Trim(s.DataName(), "`") + " in reciprocal space"}
	add := func(b ...Block) { d.Blocks = append(d.Blocks, b...) }
	para := func(lines ...string) { add(Para{strings.Join(lines, "\n")}) }
	var reps []string
	for _, m := range s.Hidden {
		reps = append(reps, fmt.Sprintf("M = %d: %s", m, joinInts(s.Replicas[m])))
	}
	para(fmt.Sprintf("Computed by rbm-report from the study's stacked streams (`agg/*.arrows`, rbm-stack) for hidden sizes %s, replicas %s,", joinInts(s.Hidden), strings.Join(reps, "; ")),
		fmt.Sprintf("trained on %s (binarized: %s). Training settings (rbm.train of the first run):", s.trainedOn(), orDash(s.Binarize)))
	if t, ok := trainTable(s.Train); ok {
		add(t)
	} else if s.Train != "" {
		add(Code{s.Train})
	}
	para("Statistics over replicas are given as mean ± standard deviation (min–max); a single value is one replica, or all replicas equal when no range follows.",
		"[k/n] says how many of the n replicas contribute when some lack the quantity. Per-run figures show replica "+fmt.Sprint(s.Rep)+".",
		"The same stacks read in polars: `pl.from_arrow(pa.ipc.open_stream('agg/mpfit.arrows').read_all())`; as TSV: `rbm-cat agg/mpfit.arrows`.")

	add(Heading{2, "Inputs"})
	var items []string
	for _, in := range inputs {
		if t := s.t[in.Name]; t != nil {
			items = append(items, fmt.Sprintf("`agg/%s.arrows`: %s; %d runs, %d rows. Gives %s.", in.Name, in.What, len(t.Runs), t.Rows, in.Uses))
		} else {
			items = append(items, fmt.Sprintf("`agg/%s.arrows` **absent** (%s): no %s.", in.Name, in.What, in.Uses))
		}
	}
	if s.has("spectrum") && !s.t["spectrum"].has("x_ks_p") {
		items = append(items, "`agg/spectrum.arrows` has no reciprocal-variable statistics (rbm-svd ran without -data): no Gaussianity tables.")
	}
	add(List{Items: items})

	add(Heading{2, "The paper's claims"})
	para("Each claim of docs/science.md (Toledo-Marin et al. 2025) against this study's runs, with the numbers behind the verdict and how many runs support it.")
	var cl []string
	for _, c := range s.claims() {
		cl = append(cl, c.String())
	}
	add(List{Items: cl})

	add(Heading{2, "Summary"})
	para("At the last epoch. *MP at init*: replicas whose initial spectrum is consistent with the fitted",
		"Marchenko–Pastur law (rbm-mp's KS test). *Outliers*: modes above the bulk edge plus a",
		"Tracy–Widom allowance. *σ > 4*: modes past the mean-field instability of the symmetric point",
		"({0,1} units). *1st mode out*, *1st σ > 4*: the first epoch with one, over the replicas that get there.",
		"*log Z*, *test LL*: estimated along training (rbm-train -logz, every replica) at the last epoch, with",
		"the exact or forward AIS value that validates it beside it, else exact enumeration or forward AIS",
		"(rbm-freeenergy -method auto) at the last epoch that has one, and TAP, on the test digits, nats per",
		"digit. *Diffusion*: modes whose",
		"Gaussian-limit Langevin diffusion diverges in simulation / in theory (σ > 1/c) / for Gibbs",
		"sampling of the binary RBM, of the modes followed.")
	add(s.summaryTable())

	add(Heading{2, "Figures across runs"})
	for _, f := range study.Figures {
		if f.Scope == study.Hidden {
			continue
		}
		if err := s.addFigure(d, figs, f.Name, strings.ReplaceAll(f.Caption, "{data}", strings.Trim(s.DataName(), "`"))); err != nil {
			return nil, err
		}
	}

	for _, m := range s.Hidden {
		if err := s.hiddenSection(d, figs, m); err != nil {
			return nil, err
		}
	}

	if extra := figs.unused(); len(extra) > 0 {
		add(Heading{2, "Other figures"})
		for _, n := range extra {
			if err := s.addFigure(d, figs, n, n); err != nil {
				return nil, err
			}
		}
	}
	if other != nil {
		add(Compare(s, other)...)
	}
	add(Heading{2, "Not in this report"})
	add(List{Items: []string{"Temperature parallel tempering (rbm-sample -method pt, the trace figure `swaps`): the study samples by trajectory tempering, with plain Gibbs as its comparison.",
		"The walkers' rungs round by round (`agg/mixing.arrows`, rung rows) and the Gibbs chains' per-sweep trace (`agg/trace.arrows`) are drawn, not tabulated."}})
	return d, nil
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func (s *Study) addFigure(d *Document, figs *figureSet, name, caption string) error {
	f, ok, err := figs.figure(name, caption)
	if ok {
		d.Blocks = append(d.Blocks, f)
	}
	return err
}

func (s *Study) hiddenSection(d *Document, figs *figureSet, m int) error {
	add := func(b ...Block) { d.Blocks = append(d.Blocks, b...) }
	para := func(lines ...string) { add(Para{strings.Join(lines, "\n")}) }
	add(Heading{2, fmt.Sprintf("M = %d hidden units", m)})
	n := s.nrep(m)
	para(fmt.Sprintf("%d replica(s): %s.", n, joinInts(s.Replicas[m])))

	if s.has("mpfit") || s.has("monitors") {
		add(Heading{3, "Modes leaving the bulk, over time"})
		para("Per snapshot. *MP*: replicas whose bulk is consistent with the fitted Marchenko–Pastur law; *s*:",
			"the fitted noise scale √s²; *outliers*, *σ > 4* as in the summary; σ₁ the largest singular value.")
		add(s.timelineTable(m))
	}
	if s.has("mpfit") {
		add(Heading{3, "When the k-th mode leaves the bulk and crosses σ = 4"})
		para("The first epoch at which a replica has at least k outliers (k modes past σ = 4), over the",
			fmt.Sprintf("replicas that get there (how many in brackets); and, for replica %d, the tracked id of the", s.Rep),
			"k-th mode to leave the bulk (ids are ranks at initialization; ties by rank when they leave).")
		if t := s.kthTable(m); len(t.Rows) > 0 {
			add(t)
		} else {
			para("No mode left the bulk.")
		}
	}
	if s.has("logz") || s.has("fe") {
		add(Heading{3, "Free energy: log Z and test log-likelihood"})
		ais := basePath.ReplaceAllString(s.aisSettings(m), "base=")
		if ais != "" {
			ais = " (" + ais + ")"
		}
		para("*log Z*: exact enumeration of the hidden layer, or forward AIS with reverse AIS (rAIS) beside it"+ais+",",
			"which bracket log Z in expectation (se: the mean standard error over replicas); *TAP*, *MF*: the",
			"mean-field estimates (naive MF is a lower bound on log Z).",
			"*test LL* = −⟨F(v)⟩ − log Z per test digit, with *⟨F⟩ test* the average free energy of the",
			"test digits (rbm-freeenergy -data). Epochs with an exact or AIS log Z.")
		if from := s.raisStart(m); from != "" {
			para("rAIS starts from " + from + ".")
		}
		if len(s.logZ(m).trajEpochs) > 0 {
			para("*log Z (trajectory)*: estimated along training by rbm-train -logz (annealed importance sampling over",
				"the successive models on dedicated chains, taken a stride of updates at a time along the line between",
				"their ends; the settings table gives the chains, sweeps, stride and steps a line; se from independent groups of",
				"chains) at every snapshot, with *test LL (trajectory)* from it: the learning curve. Where an exact or",
				"AIS log Z is given too (the validation), the trajectory estimate should lie within it, or between AIS",
				"and rAIS, up to a few standard errors.")
		}
		if len(s.logZ(m).bound) > 0 {
			para("*log Z bound*: log Σ e^{−F(v)} over distinct visible states (the blank and all-on images, the test",
				"digits, the model's samples: rbm-freeenergy -bound), a rigorous lower bound on log Z. An estimate more",
				"than 2 of its standard errors below its replica's bound is marked ⚠, with the worst gap in nats and in SE.")
		}
		if t := s.freeEnergyTable(m); len(t.Rows) > 0 {
			add(t)
		} else {
			para("No exact or AIS log Z for this hidden size (agg/logz.arrows absent or without its runs).")
		}
	}
	if s.has("samples") {
		if f, k := s.samplesF(m); k > 0 {
			para(fmt.Sprintf("%s samples of the last snapshot (all replicas): ⟨F⟩ = %s over %d samples.", s.samplesMethod(), num(f, 2), k))
			if modal := s.samplesModal(m); len(modal) > 0 {
				parts := make([]string, len(modal))
				top := modal[0]
				for i, x := range modal {
					parts[i] = fmt.Sprintf("%s%% (replica %d)", num(100*x.share, 1), x.replica)
					if x.share > top.share {
						top = x
					}
				}
				line := fmt.Sprintf("The most frequent sample, per replica, is %s of the samples (states told apart by F).", strings.Join(parts, ", "))
				if top.share >= 0.1 && top.n >= 100 {
					line += fmt.Sprintf(" Replica %d's model puts %s%% of its samples on one state (F = %s): its equilibrium is nearly that state, and so are the projections, the diffusion verdicts' equilibrium column and the reverse AIS starts that use these samples (docs/ptt.md § The top rung is the blank image).",
						top.replica, num(100*top.share, 0), num(top.f, 2))
				}
				para(line)
			}
		}
	}
	if rows := s.mixing(m); len(rows) > 0 {
		add(Heading{3, "Equilibrium samples: do the chains mix?"})
		para("Parallel trajectory tempering (rbm-sample -method ptt, docs/ptt.md) exchanges states between the",
			"snapshots (rungs) above an independent-site model drawn exactly, then sweeps every rung once: a round.",
			"*rungs*: the bottom included; *acceptance*: the fraction of exchanges accepted across a link (rungs by",
			"epoch, *ind* the bottom, letters telling apart rungs of one epoch, +t a model put in at t along a link);",
			"*round trips*: walkers' visits bottom → top → bottom, over all columns; *top from the bottom*: the",
			"share of the top rung's states after the burn-in whose walker had been at the exact bottom (the rest",
			"descend from the chains' start alone); *τ*: integrated autocorrelation times (Sokal's window;",
			"≥: no window fitted, a lower bound) of the walkers' rung index and of the top rung's F(v), in rounds",
			"and in sweeps (rounds × rungs, the cost), beside plain Gibbs chains' τ of F(v) at the last snapshot",
			"(after the burn-in). A short Gibbs τ without exchanges does not mean mixing: each chain may",
			"decorrelate quickly inside the basin it fell into.")
		add(s.mixingTable(m))
		if stuck := s.unmixed(m); len(stuck) > 0 {
			para(fmt.Sprintf("Replica(s) %s: no walker made a round trip (bottom → top → bottom), so the walkers that reached the top were not seen to leave it again for the exact bottom; the samples are not shown to be at equilibrium (denser rungs where the acceptance falls, or more rounds, are needed; *top from the bottom* says how many of the top's states came from the bottom at all).", joinInts(stuck)))
		}
		if line := s.linksLine(m, s.Rep); line != "" {
			para(fmt.Sprintf("Acceptance per link, replica %d: %s.", s.Rep, line))
		}
	}
	if s.has("fe") {
		add(Heading{3, "Symmetry breaking: Landau coefficients of the top modes"})
		para("Mean-field Landau expansion along mode α: quadratic 1 − σ_α^J (negative once σ_α > 4: the",
			"symmetric point is unstable along the mode) and quartic (Σu⁴ + Σv⁴)/12. First and last epoch.")
		add(s.landauTable(m))
	}
	if s.gauss(m) != nil {
		add(Heading{3, "Are the reciprocal variables Gaussian?"})
		para("The reciprocal variables x_α = u_α·v of test digits (rbm-svd -data), per snapshot: the share of",
			fmt.Sprintf("modes whose x_α fails a Kolmogorov–Smirnov test of normality (p < %g, mean and variance", ksLevel),
			"fitted) and their mean |excess kurtosis|; then the top mode (rank 0): σ₁, its KS distance,",
			"excess kurtosis and skewness, the overlap of u₁ with the data's best-matching principal",
			fmt.Sprintf("component (which one, for replica %d), and with the same mode at initialization.", s.Rep))
		add(s.gaussTable(m))
	}
	if s.has("diffusion") {
		add(Heading{3, "Reciprocal diffusion: which modes converge"})
		para("Per mode pair (x_α, y_α) the Gaussian limit is two oscillators coupled by σ_α; its Langevin",
			"diffusion relaxes at rates 1/c ± σ_α (c = 1/4) and diverges when σ_α > 4. Per snapshot: modes",
			"followed; those the theory says diverge; those whose simulated Var x₊ grows (and how many of the",
			"simulated verdicts agree with the theory); those diverging under Gibbs sampling of the binary",
			"RBM; the top mode's measured growth rate of ln Var x₊ against the exact value; and the binary",
			"model's Var x₁ under Gibbs sampling beside the Gaussian limit's stationary value",
			"(Var x₊ + Var x₋)/2 = c/(1 − c²σ₁²), infinite past the threshold.")
		add(s.diffTable(m))
		if eq := s.diffEqTable(m); len(eq.Rows) > 0 {
			para("The Gibbs chains against equilibrium: at the snapshot the PTT samples are of, per mode the",
				"binary model's Var x₊ at equilibrium from those samples (hidden units summed out exactly),",
				"and the modes whose Gibbs chains from noise end within "+fmt.Sprint(diffusion.ReachedZ)+" standard errors of it (ln of",
				"their ratio; the equilibrium side's error counts what the samples are worth independently,",
				"each PTT column's successive samples being correlated); a diverging Gibbs verdict of a mode",
				"that did not reach it says where the chains started, not how the model behaves. Top mode:",
				"Var x₊ of the chains' last sweep, at equilibrium, ln ratio.")
			add(eq)
		}
	}
	start := len(d.Blocks)
	add(Heading{3, fmt.Sprintf("Figures (replica %d)", s.Rep)})
	for _, f := range study.Figures {
		if f.Scope != study.Hidden {
			continue
		}
		if err := s.addFigure(d, figs, fmt.Sprintf("m%d-%s", m, f.Name), fmt.Sprintf("M = %d: %s", m, f.Caption)); err != nil {
			return err
		}
	}
	if len(d.Blocks) == start+1 {
		d.Blocks = d.Blocks[:start]
	}
	return nil
}
