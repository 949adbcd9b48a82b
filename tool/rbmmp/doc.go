// Package rbmmp is the rbm-mp command: Marchenko–Pastur fits of the
// spectra in a spectrum stream, one snapshot at a time, as an mpfit stream
// (format.Fit documents its columns). The count of outliers per snapshot is
// the order parameter of hierarchical learning; the count above the
// mean-field threshold (σ(W) > 4 for {0,1} units, > 1 for ±1) says which
// modes broke the symmetry. The fitting itself is package mp.
package rbmmp
