// Package stack concatenates rbmkit streams of one kind that come from
// several runs (replicas, hidden sizes, parameter-sweep points) into one
// stream, so that a study's results are one file for awk, polars or
// pyarrow instead of one file per run.
//
// Every row of the stacked stream starts with the run identity columns
//
//	run      int64   the input's position on the command line, from 0
//	hidden   int64   M of that run (rbm.hidden; 0 for datasets)
//	replica  int64   its rbm.replica
//	seed     uint64  its rbm.seed
//
// followed by the input kind's own columns, unchanged (or the ones chosen
// with Options.Columns / Options.Drop). The inputs must agree on the kind,
// its format version, the visible size N and the unit convention, and
// their kept columns must have the same types: weight matrices and
// singular vectors of runs with different hidden sizes cannot share a
// column, so stacking them asks for -drop.
//
// The stacked stream keeps the input kind in rbm.kind, the header values
// that all runs share (M, seed and replica are 0 when they differ, since
// the columns carry them), the metadata keys whose values all runs share,
// and in rbm.runs a JSON array with each run's identity, source name,
// provenance and the metadata keys it does not share with the others.
// Because a stack is not one run, format's typed readers refuse it, so no
// single-run tool mixes runs by mistake; generic readers (rbm-cat, Arrow
// libraries) read it as a table. A tool that treats each run on its own
// reads a stack with format.NewStackReader (rows with their run) and writes
// one with format.NewStackWriter, under the same identity columns and
// rbm.runs: rbm-mp accepts a stacked spectrum and writes a stacked mpfit
// stream, the same rows as rbm-stack of the runs' own rbm-mp outputs.
package stack
