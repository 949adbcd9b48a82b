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
// The openblas build fixes OpenBLAS at Threads (two) threads whatever
// OPENBLAS_NUM_THREADS says, since OpenBLAS's results depend in the last
// bits on its thread count and rbmkit's outputs must not.
//
// A program selects the backend by importing this package for its side
// effect; Name reports which one is active, for -version and metadata.
package backend
