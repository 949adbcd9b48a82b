// Package backend selects the BLAS implementation behind gonum's blas32 and
// blas64 interfaces, which every numerical package of rbmkit calls.
//
// Built plainly, rbmkit uses gonum's pure-Go BLAS: a static binary with no
// cgo. Built with the tag openblas (go build -tags openblas), this package
// installs OpenBLAS through gonum.org/v1/netlib at init time; the Makefile
// does so when OpenBLAS is installed. Both backends pass the same test
// suite.
//
// OpenBLAS chooses its kernels for the CPU when it loads, and
// OPENBLAS_CORETYPE overrides the choice without asking the CPU: SkylakeX
// (AVX-512) on a CPU without AVX-512, such as many AMD EPYCs, stops the
// first product with SIGILL. Check refuses such a setting, and names the
// core type to set when OpenBLAS did not recognise a CPU with AVX2 and fell
// back to kernels without AVX; every tool calls it before it runs.
//
// OpenBLAS's results depend in the last bits on its thread count, and
// rbmkit's outputs must not. The openblas build therefore runs OpenBLAS
// single-threaded whatever OPENBLAS_NUM_THREADS says and splits each large
// GEMM into blocks of the output that depend on the shapes alone, computed
// on the worker pool of package internal/par (whose workers spin between
// the short steps of a sweep, as OpenBLAS's own threads do). LAPACK calls
// (dgesdd) run inside LAPACK with a fixed two OpenBLAS threads.
//
// The split beats OpenBLAS's own threads on the trainer and on Gibbs
// sweeps of trained models only because the pool's workers spin: goroutines
// started per call were woken too late on a virtual machine. It loses a
// little on dense sweeps of random models, where OpenBLAS's threads share
// packed panels (docs/performance.md, "Inside the products").
//
// The byte-identity of rbmkit's streams (at any thread count, across
// resume) holds within one build. The two backends sum products in
// different orders, so a pure-Go and an openblas build of the same run
// agree to rounding, not to the byte (rbm-train, 2 epochs of M = 64 on
// 2,000 MNIST digits: σ₁ 2.8·10⁻¹⁶ apart), and a chain of samples that
// draws against those values can part ways after that: compare runs made
// by one build.
//
// A program selects the backend by importing this package for its side
// effect; Name reports which one is active, for -version and metadata.
package backend
