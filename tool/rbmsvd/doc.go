// Package rbmsvd is the rbm-svd command: the reciprocal-space view of an
// RBM. For each snapshot of a checkpoint stream (read one at a time, so a
// long trajectory never sits in memory) it writes the singular values of W
// in float64, by decreasing σ, and with -vectors the singular vectors u_α
// (length N) and v_α (length M), signed so that the largest-magnitude
// component of u_α is positive (v_α flips with it).
//
// Mode ids are ranks for now: tracking modes across snapshots by
// singular-vector overlap is the spectral package's job (issue 4).
package rbmsvd
