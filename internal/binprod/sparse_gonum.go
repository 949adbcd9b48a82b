//go:build !openblas

package binprod

// sparseBelow for gonum's pure-Go BLAS: any density.
const sparseBelow = 1.01
