// Package rbmmp is the rbm-mp command: Marchenko–Pastur fits of the
// spectra in a spectrum stream, one snapshot at a time, as an mpfit stream
// (format.Fit documents its columns). The count of outliers per snapshot is
// the order parameter of hierarchical learning; the count above the
// mean-field threshold (σ(W) > 4 for {0,1} units, > 1 for ±1) says which
// modes broke the symmetry. Each fit has the noise variance, the bulk
// edges, the goodness of fit, the outlying modes (the learned ones) and
// the modes past the threshold, plus histogram and density tables for
// plots. The input is rbm-svd's spectrum with all modes. The fitting itself
// is package mp.
//
// Given a stack of spectra (rbm-stack, package stack) of replicas and
// hidden sizes, it fits every (run, snapshot) with that run's shape: p =
// min(N, M) modes and γ from N and the run's own M (units are shared). It
// writes a stack of fits with the same run identity columns (run, hidden,
// replica, seed) and the same rbm.runs; the stack's provenance gains the
// rbm-mp step. The rows are those of rbm-stack applied to the runs' own
// rbm-mp outputs.
package rbmmp
