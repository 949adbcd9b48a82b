// Package benchdata loads what the benchmarks on trained models need: the
// last snapshot of a checkpoint stream as a model, and binarized MNIST
// digits (bench/gibbs.sh and bench/ais.sh train the model; package mnist
// finds the data). It is apart from package mnist, which idx's own tests
// import.
package benchdata
