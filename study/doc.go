// Package study declares the paper's study once: the streams every run
// makes, the stacks rbm-stack makes of them across runs, and the figures
// rbm-plot draws, with their captions.
//
// Two readers follow the declaration. The report (package report) reads
// the stacks in Stacks' order and places the figures in Figures' order
// under their captions. The paper pipeline (pipelines/paper/Makefile)
// includes pipelines/paper/study.mk, which Makefile writes from the same
// declaration: the list of a run's streams (RUN_STREAMS, the run/m<M>/r<R>
// target of a Slurm array task), the stacking rules, the figure rules and
// the list of every figure. `go test ./study -update` rewrites study.mk,
// and the test fails while it is stale; the test also checks that the
// Makefile has a rule for every declared stream and declares every stream
// it has a rule for.
//
// What stays in the Makefile: how each per-run stream is made (the tool
// and its flags, from the study's settings), since that is the pipeline's
// business; what the declaration owns is what exists and what it is drawn
// from. Adding a stream, a stack or a figure is one entry here (and, for a
// stream, its rule in the Makefile), then go test ./study -update.
//
// This is a package of its own, not part of report, because the report is
// one of its two readers: the pipeline makes stacks the report does not
// read (trace) and figures the report only places, and neither reader
// should have to import the other's concerns.
package study
