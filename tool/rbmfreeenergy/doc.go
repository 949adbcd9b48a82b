// Package rbmfreeenergy is the rbm-freeenergy command: for the snapshots
// of a checkpoint stream, log Z (exact enumeration of the smaller layer, or
// forward and reverse annealed importance sampling, the estimate
// rbm-train -logz stored along training, or Bennett's acceptance ratio
// along parallel trajectory tempering over the selected snapshots: package
// bar), the average
// log-likelihood of a dataset, and the mean-field picture (naive and TAP
// fixed points from the symmetric point and along the top singular modes,
// their free energies and stability, Landau coefficients and landscape
// slices), written as a freeenergy stream (format.Estimate documents its
// columns). Every row names its method and settings. The numerics are
// packages rbm (exact), ais, bar and meanfield.
//
// log Z is exact by enumerating the smaller layer when it has at most 25
// units, otherwise estimated by annealed importance sampling forward and
// in reverse, which bracket it; the log-likelihood of the -data set is
// −⟨F(v)⟩ − log Z. The mean-field fixed points, naive (mf) and TAP, start
// from the symmetric point and from ±z·u along the top singular modes.
//
// -method takes a comma-separated list of exact, ais (forward and, with
// -no-reverse skips reverse AIS), mf, tap, auto (exact when the smaller
// layer has at most 25 units, else ais), trajectory (the log Z that
// rbm-train -logz stored in each snapshot, estimated along training) and
// all (every feasible method but trajectory and bar).
//
// AIS starts from a base-rate model: independent visible units with the
// -data set's means (or a -base set's, such as the training set's), or
// uniform ones. When forward and reverse AIS disagree beyond their
// standard errors, a warning on stderr says so: the schedule is too short
// or the base model too far from the model, and neither estimate can be
// trusted.
//
// Reverse AIS starts from exact samples when the model is small enough,
// else from the forward run's final states resampled by weight; with
// -reverse-start FILE, from a samples stream's states at β = 1 of the
// snapshot's epoch (the latest sweeps first, up to -chains), such as
// rbm-sample -method ptt's equilibrium samples, where it has any.
//
// -bound adds a check no estimate can pass by luck: since every term of
// Z = Σ_v e^{−F(v)} is positive, log Σ e^{−F(v)} over any set of distinct
// visible states is a lower bound on log Z. It sums the blank and all-on
// images, the -data examples and the -reverse-start samples at the
// snapshot's epoch (ais.LogZLowerBound; float64 free energies, about one
// CPU second per snapshot for 10,000 MNIST digits at M = 1000), one
// logZ_bound row per snapshot. A trained MNIST model can put most of its
// mass on the blank image, and there the bound sits within a nat of log Z:
// an AIS or trajectory estimate more than a few standard errors below it
// is wrong.
//
// -method bar holds every selected snapshot before writing: it runs
// gibbs.Trajectory over them (the rungs, in stream order) above the
// independent-site model of the first one's biases, records every rung's
// chains after each round past -burn-in for -rounds rounds, and chains
// BAR's differences between neighbouring rungs up from that model's exact
// log Z. The standard errors come from -bootstrap replicates over the
// chains (columns), so that correlations between rounds and between links
// that share a rung are in them. The estimate is only as good as the
// overlap of neighbouring rungs: select snapshots densely enough that the
// acceptance rows stay well above zero and dlogZ_forward and dlogZ_reverse
// agree; a warning on stderr names the links where they do not.
package rbmfreeenergy
