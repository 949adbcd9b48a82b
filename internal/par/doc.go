// Package par runs independent blocks of work on GOMAXPROCS goroutines.
//
// Work is split into blocks of a fixed size chosen by the caller, never by
// the number of threads, so a computation whose blocks are independent
// (each with its own random stream, say) gives the same bits on any
// machine and at any GOMAXPROCS.
//
// It is rbmkit's one worker pool: the trainer, the Gibbs sampler, AIS,
// the row sums of internal/binprod, the exact enumeration of package rbm
// and the diffusion simulation all run their blocks on it, so two parallel
// loops never compete with pools of their own.
package par
