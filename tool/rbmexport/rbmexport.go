package rbmexport

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/interop"
)

// Tool is the rbm-export command.
var Tool = cli.Tool{
	Name:     "rbm-export",
	Synopsis: "[flags] [checkpoint.arrows]",
	Summary: `Write a checkpoint stream's snapshots (all, or a selection) as an npz archive
(numpy.load) or a DsysDML/rbms HDF5 archive (its load_model); the format
follows -o's extension (.npz, .h5, .hdf5) unless -format names it.`,
	Example: `rbm-export -o model.npz run.arrows
rbm-export -snapshots last -o model.h5 run.arrows
rbm-train -hidden 64 < mnist.arrows | rbm-export -format npz > run.npz`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.format, "format", "", "output format: npz or hdf5 (default: from -o's extension; npz on stdout)")
		cli.Alias(fs, "f", "format")
		o.snapshots.Selection = format.Selection{All: true}
		fs.Var(&o.snapshots, "snapshots", "snapshots to export: "+cli.SnapshotsUsage)
		return o.run
	},
}

type options struct {
	format    string
	snapshots cli.Selection
}

func (o *options) formatFor(output string) (string, error) {
	switch o.format {
	case "npz", "hdf5":
		return o.format, nil
	case "":
	default:
		return "", cli.Usagef("-format %q: want npz or hdf5", o.format)
	}
	switch strings.ToLower(filepath.Ext(output)) {
	case ".h5", ".hdf5", ".hdf":
		return "hdf5", nil
	}
	return "npz", nil
}

func (o *options) run(r *cli.Run) error {
	if r.Compression != format.None {
		return cli.Usagef("-compress applies to Arrow streams, not to npz or HDF5 output")
	}
	f, err := o.formatFor(r.OutputName())
	if err != nil {
		return err
	}
	if f == "hdf5" && !interop.HDF5 {
		return interop.ErrNoHDF5
	}
	sel, err := r.ResolveSpread("-snapshots", o.snapshots.Selection)
	if err != nil {
		return err
	}
	ck, err := r.OpenCheckpoint()
	if err != nil {
		return err
	}
	defer ck.Close()
	h := ck.Header
	a := &interop.Archive{Units: ck.Units, Visible: h.Visible, Hidden: h.Hidden, Hyperparameters: hyperparameters(h)}
	err = format.EachSelected(sel, ck.Reader, func(s *format.Snapshot) int64 { return s.Epoch },
		format.CloneSnapshot,
		func(_ int, s *format.Snapshot) error {
			// The archive holds every selected snapshot, and writing it
			// makes an encoded copy: three float32 per value of each.
			k := len(a.Snapshots) + 1
			if err := r.Need(fmt.Sprintf("%d snapshots of a %d×%d model", k, h.Visible, h.Hidden),
				cli.Bytes(3*4, k, h.Visible*h.Hidden+h.Visible+h.Hidden)+cli.CheckpointBytes(h.Visible, h.Hidden)); err != nil {
				return err
			}
			m := ck.Model(s)
			a.Snapshots = append(a.Snapshots, interop.Snapshot{Epoch: s.Epoch, Step: s.Step, W: m.W, A: m.A, B: m.B})
			return nil
		})
	if err != nil {
		return fmt.Errorf("%s: -snapshots %s: %v", ck.Name, o.snapshots.String(), err)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	if f == "npz" {
		err = interop.WriteNPZ(out, a)
	} else {
		err = writeHDF5(out, a)
	}
	if err != nil {
		return fmt.Errorf("%s: %v", out.Name, err)
	}
	return out.Commit()
}

// writeHDF5 writes through a temporary file: the HDF5 library writes
// files, and the output may be a pipe.
func writeHDF5(w io.Writer, a *interop.Archive) error {
	dir, err := os.MkdirTemp("", "rbm-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "archive.h5")
	if err := interop.WriteHDF5(path, a); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// hyperparameters are those rbm-import recorded, or else rbm-train's
// settings under DsysDML's names.
func hyperparameters(h format.Header) map[string]json.RawMessage {
	if s, ok := h.Get(interop.KeyImport); ok {
		var src interop.Source
		if json.Unmarshal([]byte(s), &src) == nil && len(src.Hyperparameters) > 0 {
			return src.Hyperparameters
		}
	}
	s, ok := h.Get(format.KeyTrain)
	if !ok {
		return nil
	}
	var set map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &set) != nil {
		return nil
	}
	out := map[string]json.RawMessage{}
	for from, to := range map[string]string{"BatchSize": "batch_size", "K": "gibbs_steps", "LearningRate": "learning_rate",
		"WeightDecay": "L2", "Seed": "seed", "Chains": "num_chains"} {
		if v, ok := set[from]; ok {
			out[to] = v
		}
	}
	return out
}
