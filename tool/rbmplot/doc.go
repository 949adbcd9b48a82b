// Package rbmplot is the rbm-plot command: it reads rbmkit streams,
// recognizes their kind from the header, and draws the figure for it (the
// figures are package plot's) as PNG, SVG or PDF on stdout or -o FILE:
// dataset images, singular-value trajectories, singular-vector images,
// spectra with their Marchenko–Pastur fit, the order parameter, and more.
// A kind's first figure is the default.
//
// The output format is -format, else the extension of -o, else PNG.
// Several input files make figures that compare runs (trajectories over
// replicas and hidden sizes, the order parameter); they must all be of
// one kind, except that the learning curves (-figure learning, of
// checkpoints written by rbm-train -logz -test-data) take the runs'
// mpfit streams after their checkpoints, to mark when modes leave the
// Marchenko–Pastur bulk and cross the threshold:
//
//	rbm-plot -figure learning -o learning.svg m*/r*/run.arrows m*/r*/mpfit.arrows
//
// and the singular values by tracked mode (-figure modes, of one spectrum
// stream) take the run's ladder stream (rbm-train -ladder FILE) after it,
// to mark with light vertical lines where the ladder's rungs were cut:
//
//	rbm-plot -figure modes -o modes.svg spectrum.arrows ladder.arrows
//
// -list prints the kinds and their figures. The -compress flag
// every binary rbmkit command has does not apply to images and is
// ignored.
package rbmplot
