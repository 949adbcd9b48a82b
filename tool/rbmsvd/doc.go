// Package rbmsvd is the rbm-svd command: the reciprocal-space view of an
// RBM. For each snapshot of a checkpoint stream (read one at a time, so a
// long trajectory never sits in memory) it writes the singular values of W
// in float64, by decreasing σ, and with -vectors the singular vectors u_α
// (length N) and v_α (length M), signed so that the largest-magnitude
// component of u_α is positive (v_α flips with it). The decomposition is
// the spectral package's: LAPACK's dgesdd in the openblas build, gonum's
// Dgesvd otherwise, named in the stream's rbm.lapack metadata.
//
// Mode ids are tracked across snapshots by singular-vector overlap: they
// follow vectors, not ranks, and ambiguous matches are flagged in the
// crossing column rather than silently swapped (-track=false: ids are
// ranks, and only values are computed unless -vectors).
package rbmsvd
