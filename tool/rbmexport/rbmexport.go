package rbmexport

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/interop"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/tool/rbmimport"
)

// Tool is the rbm-export command.
var Tool = cli.Tool{
	Name:     "rbm-export",
	Synopsis: "[flags] [checkpoint.arrows]",
	Summary: `Write a checkpoint stream's snapshots (all, or a selection) for other tools:
an npz archive (W K×N×M float32, a K×N, b K×M, epoch and step, as numpy.load
gives them) or a DsysDML/rbms HDF5 archive that its load_model reads
(update_<step>/params/{weight_matrix,vbias,hbias}, model_type BBRBM or
IIRBM, hyperparameters). The format follows -o's extension (.npz, .h5,
.hdf5) unless -f names it.`,
	Example: `rbm-export -o model.npz run.arrows
rbm-export -snapshots -1 -o model.h5 run.arrows
rbm-train -hidden 64 < mnist.arrows | rbm-export -f npz > run.npz`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.format, "f", "", "output format: npz or hdf5 (default: from -o's extension; npz on stdout)")
		fs.StringVar(&o.snapshots, "snapshots", "", "comma-separated snapshot `rows` to export, from 0; negative counts from the end (default: all)")
		return o.run
	},
}

type options struct{ format, snapshots string }

func (o *options) formatFor(output string) (string, error) {
	switch o.format {
	case "npz", "hdf5":
		return o.format, nil
	case "":
	default:
		return "", cli.Usagef("-f %q: want npz or hdf5", o.format)
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
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := format.NewReader[format.Snapshot](in, name)
	if err != nil {
		return err
	}
	defer rd.Close()
	h := rd.Header()
	units, err := rbm.ParseUnits(h.Units)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	a := &interop.Archive{Units: units, Visible: h.Visible, Hidden: h.Hidden, Hyperparameters: hyperparameters(h)}
	for rd.Next() {
		s := rd.Row()
		a.Snapshots = append(a.Snapshots, interop.Snapshot{Epoch: s.Epoch, Step: s.Step,
			W: append([]float32(nil), s.W...), A: append([]float32(nil), s.A...), B: append([]float32(nil), s.B...)})
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if a.Snapshots, err = selectRows(a.Snapshots, o.snapshots); err != nil {
		return err
	}
	if len(a.Snapshots) == 0 {
		return fmt.Errorf("%s: no snapshots to export", name)
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

// selectRows keeps the listed rows, in the order given.
func selectRows(all []interop.Snapshot, list string) ([]interop.Snapshot, error) {
	if list == "" {
		return all, nil
	}
	var out []interop.Snapshot
	for _, p := range strings.Split(list, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, cli.Usagef("-snapshots %q: %q is not a row number", list, p)
		}
		if i < 0 {
			i += len(all)
		}
		if i < 0 || i >= len(all) {
			return nil, fmt.Errorf("-snapshots %s: row %s is out of range: the stream has %d snapshots", list, strings.TrimSpace(p), len(all))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// hyperparameters are those rbm-import recorded, or else rbm-train's
// settings under DsysDML's names.
func hyperparameters(h format.Header) map[string]json.RawMessage {
	if s, ok := h.Get(rbmimport.KeyImport); ok {
		var src rbmimport.Source
		if json.Unmarshal([]byte(s), &src) == nil && len(src.Hyperparameters) > 0 {
			return src.Hyperparameters
		}
	}
	s, ok := h.Get("rbm.train")
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
