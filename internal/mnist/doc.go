// Package mnist locates the real MNIST files that tests and benchmarks
// read: the directory named by $RBMKIT_MNIST, or ../shared/data/mnist
// beside the module's root (where CI and developers have it). Code never
// copies the data into the repository.
package mnist
