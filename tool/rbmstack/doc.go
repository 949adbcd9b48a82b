// Package rbmstack is the rbm-stack command: it concatenates the streams of
// one kind from several runs (replicas, hidden sizes, sweep points) into
// one stream with run identity columns in front (run, hidden, replica,
// seed), the aggregation step of a study. Package stack does the work and
// documents the stacked stream.
//
// The inputs must share the kind, N and units; columns whose types differ
// between runs (weights or singular vectors of different hidden sizes)
// must be left out with -drop or -columns. Runs are stacked in the order
// given; rbm.runs in the metadata records each one's source and
// provenance. A stack is a table, not a run: the single-run tools refuse
// it, except rbm-mp, which fits each run of a stacked spectrum on its own.
package rbmstack
