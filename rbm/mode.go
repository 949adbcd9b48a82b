package rbm

// Mode is one singular mode of a model's W: W v = σ u, with u (length N)
// and v (length M) unit vectors. Package spectral decomposes W and hands
// its modes, ranked and signed by its one rule (the largest-magnitude
// component of u positive, v flipping with it), to the packages that work
// in reciprocal space (meanfield, diffusion), which take them as a
// parameter and do no SVD of their own.
type Mode struct {
	// Rank is the position by decreasing σ, from 0.
	Rank  int
	Sigma float64
	U, V  []float64
}
