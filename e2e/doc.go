// Package e2e tests the built commands together, as a user runs them: real
// binaries (built once, with the same BLAS backend as the test binary)
// joined by shell pipes on real MNIST data. It has no code of its own.
package e2e
