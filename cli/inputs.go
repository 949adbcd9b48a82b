package cli

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
)

// Checkpoint is an open checkpoint stream: its reader, its header and
// the unit convention the header names.
type Checkpoint struct {
	*format.Reader[format.Snapshot]
	Name   string
	Header format.Header
	Units  rbm.Units
	in     io.Closer
}

// OpenCheckpoint opens the tool's single input as a checkpoint stream.
// Close it when done.
func (r *Run) OpenCheckpoint() (*Checkpoint, error) {
	in, name, err := r.SingleInput()
	if err != nil {
		return nil, err
	}
	rd, err := format.NewReader[format.Snapshot](in, name)
	if err != nil {
		in.Close()
		return nil, err
	}
	h := rd.Header()
	units, err := rbm.ParseUnits(h.Units)
	if err == nil {
		err = r.Need(fmt.Sprintf("a %d×%d checkpoint", h.Visible, h.Hidden), CheckpointBytes(h.Visible, h.Hidden))
	}
	if err != nil {
		rd.Close()
		in.Close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return &Checkpoint{Reader: rd, Name: name, Header: h, Units: units, in: in}, nil
}

// ResolveSpread returns sel with spread:N replaced by the epochs it
// selects (format.Selection.Resolve), for a tool that reads its checkpoint
// once, in a stream: it first reads the epochs of the tool's single input,
// which must therefore be a regular file, not stdin or a pipe. A selection
// without spread:N is returned as it is, and nothing is read.
func (r *Run) ResolveSpread(flag string, sel format.Selection) (format.Selection, error) {
	if sel.Spread == 0 {
		return sel, nil
	}
	need := Usagef("%s %s reads the stream twice (its epochs first, to spread the snapshots): give the checkpoint as a file, not on stdin", flag, sel)
	if len(r.Args) != 1 || r.Args[0] == "-" {
		return sel, need
	}
	name := r.Args[0]
	if fi, err := os.Stat(r.Path(name)); err == nil && !fi.Mode().IsRegular() {
		return sel, need
	}
	in, _, err := r.Input(name)
	if err != nil {
		return sel, err
	}
	defer in.Close()
	rd, err := format.NewReader[format.Snapshot](in, name)
	if err != nil {
		return sel, err
	}
	defer rd.Close()
	var epochs []int64
	for rd.Next() {
		epochs = append(epochs, rd.Row().Epoch)
	}
	if err := rd.Err(); err != nil {
		return sel, err
	}
	if len(epochs) == 0 {
		return sel, fmt.Errorf("%s: the stream has no snapshots", name)
	}
	return sel.Resolve(epochs), nil
}

// CheckpointBytes estimates the memory a tool needs to hold one snapshot
// of an N×M checkpoint and work on it: the record batch as read and
// decompressed, the snapshot and a model's copy (float32), and float64
// work arrays (an SVD's input and factors): ten float32 per weight.
func CheckpointBytes(visible, hidden int) float64 {
	return Bytes(10*4, visible, hidden) + Bytes(10*4, visible+hidden)
}

// Close closes the stream and its input.
func (c *Checkpoint) Close() {
	c.Reader.Close()
	c.in.Close()
}

// Model is the snapshot s of the checkpoint as a model of its own (the
// slices are copied: the reader reuses its buffers).
func (c *Checkpoint) Model(s *format.Snapshot) *rbm.Model {
	return &rbm.Model{Visible: c.Header.Visible, Hidden: c.Header.Hidden, Units: c.Units,
		W: slices.Clone(s.W), A: slices.Clone(s.A), B: slices.Clone(s.B)}
}

// ReadExamples reads all the examples of the dataset stream at path,
// given to the tool's flag (named in errors), for a model of the given
// number of visible units. An empty dataset is an error.
func (r *Run) ReadExamples(flag, path string, visible int) ([][]bool, string, error) {
	in, name, err := r.Input(path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	defer in.Close()
	rd, err := format.NewReader[format.Example](in, name)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	defer rd.Close()
	if rd.Header().Visible != visible {
		return nil, "", fmt.Errorf("%s %s: %d visible units, the checkpoints %d", flag, name, rd.Header().Visible, visible)
	}
	var data [][]bool
	for rd.Next() {
		data = append(data, slices.Clone(rd.Row().V))
	}
	if err := rd.Err(); err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	if len(data) == 0 {
		return nil, "", fmt.Errorf("%s %s: no examples", flag, name)
	}
	return data, name, nil
}

// ModelSample is one state of a samples stream drawn at β = 1: a sample
// of the model itself (a tempering replica at β < 1 is not).
type ModelSample struct {
	Epoch, Step, Sweep, Chain int64
	V                         []bool
}

// ReadModelSamples reads the β = 1 states of the samples stream (rbm-sample)
// at path, given to the tool's flag (named in errors), for a model of the
// given number of visible units, in stream order. A stream without any is
// an error.
func (r *Run) ReadModelSamples(flag, path string, visible int) ([]ModelSample, string, error) {
	in, name, err := r.Input(path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	defer in.Close()
	rd, err := format.NewReader[format.Sample](in, name)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	defer rd.Close()
	if rd.Header().Visible != visible {
		return nil, "", fmt.Errorf("%s %s: %d visible units, the checkpoint's %d", flag, name, rd.Header().Visible, visible)
	}
	var out []ModelSample
	for rd.Next() {
		s := rd.Row()
		if s.Beta != 1 {
			continue
		}
		out = append(out, ModelSample{s.Epoch, s.Step, s.Sweep, s.Chain, slices.Clone(s.V)})
	}
	if err := rd.Err(); err != nil {
		return nil, "", fmt.Errorf("%s: %v", flag, err)
	}
	if len(out) == 0 {
		return nil, "", fmt.Errorf("%s %s: no samples at β = 1", flag, name)
	}
	return out, name, nil
}
