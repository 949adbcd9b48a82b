// Package report computes the report of a study — every table of
// pipelines/paper's REPORT.md and a verdict on each claim of the paper
// (docs/science.md) — from the study's stacked streams, and renders it as
// Markdown and as a self-contained web page.
//
// A study is a directory with agg/, the stacks rbm-stack made of every
// run's streams (monitors, spectrum, mpfit, fe, logz, samples, mixing,
// trace, diffusion: agg/<name>.arrows), and fig/, the figures rbm-plot drew (<name>.png
// for the Markdown, <name>.svg inlined in the web page; per hidden size
// m<M>-<name>); which stacks it reads and which figures it places, in what
// order and under what captions, is package study's declaration, the one
// the paper pipeline's Makefile is generated from. Load reads the stacks (any hidden sizes and replicas,
// taken from the stacks' run columns; absent stacks are listed, and their
// tables left out); Build computes the Document, whose blocks
// WriteMarkdown and WriteHTML render.
//
// Conventions of the tables:
//   - Statistics over replicas (Stat) are mean ± sample standard
//     deviation (min–max), one value for one replica, with [k/n] when only
//     k of the n replicas have the quantity (for instance the first epoch
//     at which a mode leaves the bulk, among the replicas where one does).
//   - Rows are keyed by epoch (a run's last snapshot of an epoch);
//     "first" and "last" are a run's first and last epochs.
//   - The test log-likelihood is the tool's own loglik row when it wrote
//     one, else −⟨F⟩_test − log Z with ⟨F⟩_test of the same snapshot.
//   - log Z along training (method trajectory, rbm-train -logz) gives the
//     free-energy table a row at every snapshot (the learning curve), its
//     own columns beside the exact or AIS reference where there is one.
//   - A reciprocal variable fails the normality test when its KS p-value
//     is below 0.01.
//   - Mixing: the trajectory tempering rows of mixing (acceptance per
//     link, round trips and τ over all columns) beside plain Gibbs's τ of
//     F(v), gibbs.IntegratedTime over the trace's chains after the burn-in
//     that its rbm.sample settings name.
//
// BuildCompare adds a section comparing the study with another (Compare:
// another sweep point of pipelines/paper, rbm-report -compare), each named
// by its directory's base name: per hidden size both have, the MP
// outliers at each epoch both have, σ₁, the modes past σ = 4 and the
// outliers at each study's last epoch and the test log-likelihood at its
// last epoch with an exact or AIS log Z, as mean ± sd (n = replicas) with
// the difference of the means; the rbm.train settings (of each study's
// first run) that differ; the hidden sizes only one study has; the data
// when they differ (another dataset: pipelines/paper DATA=fashion); and
// both studies' verdicts on the paper's claims, side by side.
//
// The report names the study's data by rbm.dataset (rbm-data -name): in
// the title, the opening, claim 5 and the data figure's caption. A study
// without that key is named MNIST when its training file has one of
// MNIST's IDX file names (rbm.source), else by the file.
//
// The claims' verdicts state their criterion and count runs: Supported
// when every run tested supports the claim, Partly supported when some
// do, Not supported when none does, Not tested when the inputs needed are
// absent (or, for a trend in M, the study has one hidden size). Claim 4b
// counts a simulated mode only outside its stream's resolution band
// (band_low, band_high; diffusion.Band): inside it the span and the
// trajectories cannot decide, and the mode is undecided.
//
// The diffusion section's second table reads the diffusion stream's
// equilibrium rows (rbm-sample -equilibrium, the study's PTT samples): per
// epoch that has them, the modes whose Gibbs chains from noise ended at the
// equilibrium Var x₊ (diffusion.Reached), so that a Gibbs verdict can be
// read as the model's or as the chains' start's.
package report
