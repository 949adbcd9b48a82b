// Package rbmfreeenergy is the rbm-freeenergy command: for the snapshots
// of a checkpoint stream, log Z (exact enumeration of the smaller layer, or
// forward and reverse annealed importance sampling, or Bennett's acceptance
// ratio along parallel trajectory tempering over the selected snapshots:
// package bar), the average
// log-likelihood of a dataset, and the mean-field picture (naive and TAP
// fixed points from the symmetric point and along the top singular modes,
// their free energies and stability, Landau coefficients and landscape
// slices), written as a freeenergy stream (format.Estimate documents its
// columns). Every row names its method and settings. The numerics are
// packages rbm (exact), ais, bar and meanfield.
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
