// Package rbmfreeenergy is the rbm-freeenergy command: for the snapshots
// of a checkpoint stream, log Z (exact enumeration of the smaller layer, or
// forward and reverse annealed importance sampling, or the estimate
// rbm-train -logz stored along training), the average
// log-likelihood of a dataset, and the mean-field picture (naive and TAP
// fixed points from the symmetric point and along the top singular modes,
// their free energies and stability, Landau coefficients and landscape
// slices), written as a freeenergy stream (format.Estimate documents its
// columns). Every row names its method and settings. The numerics are
// packages rbm (exact), ais and meanfield.
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
// all (every feasible method but trajectory).
//
// AIS starts from a base-rate model: independent visible units with the
// -data set's means (or a -base set's, such as the training set's), or
// uniform ones. When forward and reverse AIS disagree beyond their
// standard errors, a warning on stderr says so: the schedule is too short
// or the base model too far from the model, and neither estimate can be
// trusted.
package rbmfreeenergy
