// Package backend selects the BLAS implementation behind gonum's blas32 and
// blas64 interfaces, which every numerical package of rbmkit calls.
//
// Built plainly, rbmkit uses gonum's pure-Go BLAS: a static binary with no
// cgo. Built with the tag openblas (go build -tags openblas), this package
// installs OpenBLAS through gonum.org/v1/netlib at init time; the Makefile
// does so when OpenBLAS is installed. Both backends pass the same test
// suite. Debian's OpenBLAS can misdetect AVX-512 machines; setting
// OPENBLAS_CORETYPE=SkylakeX fixes it.
//
// OpenBLAS's results depend in the last bits on its thread count, and
// rbmkit's outputs must not. The openblas build therefore runs OpenBLAS
// single-threaded whatever OPENBLAS_NUM_THREADS says and splits each large
// GEMM into blocks of the output that depend on the shapes alone, computed
// on the worker pool of package internal/par (whose workers spin between
// the short steps of a sweep, as OpenBLAS's own threads do). LAPACK calls
// (dgesdd) run inside LAPACK with a fixed two OpenBLAS threads.
//
// History: fixed two-thread OpenBLAS everywhere (28b0a5a) measured faster
// than the split while the split started goroutines per call, which a
// virtual machine woke too late; with the spinning pool the split wins on
// the trainer (0.35 → 0.27 s per MNIST epoch, M=500, CD-1) and on Gibbs
// sweeps of a trained model (82 → 92 sweeps/s), and loses ~10% on dense
// sweeps of a random model (75 → 67), where OpenBLAS's threads share
// packed panels.
//
// A program selects the backend by importing this package for its side
// effect; Name reports which one is active, for -version and metadata.
package backend
