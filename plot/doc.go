// Package plot draws the figures of rbmkit's analysis from its streams,
// with gonum.org/v1/plot: one builder per artifact kind and figure, so a
// researcher can look at any stream rather than read it.
//
// A figure is built in two steps. Open reads a stream's header (its kind,
// model shape and run identity) without consuming it; Build then finds
// the builder registered for the kind and figure name, which reads the
// stream with its typed format.Reader and returns a Figure: a grid of
// Panels, each a gonum *plot.Plot together with the plotters it holds,
// so that tests can check the plotted data without looking at pixels.
// Render draws a Figure as PNG, SVG or PDF.
//
// Conventions:
//   - Every title names what is shown and the run it comes from (model
//     shape N, M, replica, seed; the epoch of a snapshot); every axis
//     label names its quantity and unit.
//   - Training time is in epochs (fractional when snapshots fall inside an
//     epoch) on a log axis on which the initialization, epoch 0, is drawn
//     just left of the first positive time and labelled 0.
//   - Singular values are of W itself, in the stream's unit convention;
//     the mean-field instability threshold (σ = 4 for {0,1} units, 1 for
//     ±1) is drawn as a dashed red line wherever σ is an axis.
//   - Images are drawn with the visible layer's image shape from the
//     header (rbm.image_shape); data and samples in gray (1 is black),
//     singular vectors with a diverging blue–white–red map, each image
//     scaled to its own largest |value|.
//   - Figures that compare runs (trajectories, order parameter) take
//     several streams, group them by hidden size M and draw replicas as a
//     band from their minimum to their maximum around the mean.
//   - A figure's streams are of its kind, except those its Spec lists in
//     With, which follow them: the learning curves (checkpoints with the
//     log Z columns of rbm-train -logz -test-data) take the runs' mpfit
//     streams after the checkpoints and mark, on each hidden size's mean
//     curve, the snapshots at which the count of modes outside the bulk
//     or past the threshold rose in any replica.
//     The modes figure of a spectrum stream takes the run's ladder stream
//     (rbm-train -ladder) after it and draws a light vertical line at
//     each rung's training time (epochs completed plus the fraction of
//     the epoch its step is into).
//
// Builders for new kinds are registered with Register (see registry.go);
// a kind without a figure, or a figure name the kind does not have, is an
// error naming what exists.
package plot
