// Package rbmreport is the rbm-report command: it writes a study's report,
// REPORT.md and a self-contained report.html, from the study's stacked
// streams (agg/*.arrows, rbm-stack) and figures (fig/*.png, *.svg,
// rbm-plot). Package report computes it.
package rbmreport
