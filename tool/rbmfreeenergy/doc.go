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
package rbmfreeenergy
