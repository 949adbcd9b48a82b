// Package draw samples binary units from their fields: the element-wise
// half of a block Gibbs step, shared by the sampler (package gibbs) and the
// trainer (package train).
//
// A unit with field z is on with probability σ(scale·z). Units compares a
// uniform u with σ(z) through a table of bucket-edge logits, so the common
// case costs no exponential and an eighth of a 64-bit random draw, and the
// draw is exact for the float32 field (see the comment on the tables).
// The caller owns the random stream; giving each fixed block of rows its
// own stream keeps results independent of the number of threads.
package draw
