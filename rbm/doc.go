// Package rbm defines the Restricted Boltzmann Machine: its parameters, its
// two unit conventions ({0,1} Bernoulli and ±1 spin) and the conversion
// between them, energies, conditional probabilities, the free energy of a
// visible configuration, and exact results (log Z, likelihood gradient) by
// enumeration for models small enough to enumerate.
//
// Conventions follow SCIENCE.md: E(v,h) = −aᵀv − bᵀh − vᵀWh with W stored
// row-major as a Visible×Hidden float32 slice.
package rbm
