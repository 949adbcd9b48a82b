// Package rbmreport is the rbm-report command: it writes a study's report,
// REPORT.md and a self-contained report.html, from the study's stacked
// streams (agg/*.arrows, rbm-stack) and figures (fig/*.png, *.svg,
// rbm-plot). Package report computes it.
//
// The stacks are rbm-stack of the runs' monitors, spectrum, mpfit, fe,
// logz, samples and diffusion streams; every table is computed from them,
// and each claim of the paper gets a verdict with the numbers and the runs
// behind it. Replica statistics are mean ± sd (min–max). The Markdown (-o)
// links the PNG figures relative to study-dir, where it belongs; the web
// page (-html) is one self-contained file with the figures inline as SVG
// and sortable tables. Absent stacks leave their tables out and are named
// in the report.
//
// With -compare, a section puts another study (another sweep point) beside
// this one: per hidden size both have, the order parameter (MP outliers)
// at each epoch both have, σ₁, the modes past σ = 4 and the test
// log-likelihood at the end, as replica mean ± sd with n, and the training
// settings that differ; each study is named by its directory's base name.
package rbmreport
