// Package e2e tests the built commands together, as a user runs them: real
// binaries (built once, with the test binary's BLAS backend and HDF5)
// joined by shell pipes on real MNIST data. It has no code of its own.
package e2e
