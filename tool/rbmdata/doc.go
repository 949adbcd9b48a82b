// Package rbmdata is the rbm-data command: binary training data for RBMs as
// a dataset stream.
//
// From IDX images (MNIST's format, gzip or plain, detected by content) it
// binarizes each pixel, by threshold (pixel ≥ t, default 128) or by
// sampling (1 with probability pixel/255, from the seed), attaches labels
// from an IDX label file when given, and records the binarization, the
// source, the image shape and, with -name, the dataset's name
// (rbm.dataset, which rbm-report shows) in the stream's metadata. From a dataset stream
// it passes rows through, which with -offset, -limit and -classes subsets
// it. Rows keep their order; a failed run leaves no output file.
package rbmdata
