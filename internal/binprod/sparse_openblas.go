//go:build openblas

package binprod

// sparseBelow for OpenBLAS's sgemm.
const sparseBelow = 0.4
