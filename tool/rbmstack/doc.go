// Package rbmstack is the rbm-stack command: it concatenates the streams of
// one kind from several runs (replicas, hidden sizes, sweep points) into
// one stream with run identity columns in front (run, hidden, replica,
// seed), the aggregation step of a study. Package stack does the work and
// documents the stacked stream.
package rbmstack
