package rbmimport

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/interop"
	"github.com/rbmkit/rbmkit/rbm"
)

// Tool is the rbm-import command.
var Tool = cli.Tool{
	Name:     "rbm-import",
	Synopsis: "[flags] [model.pt | model.npz | model.npy | archive.h5]",
	Summary: `Read RBMs trained by other tools (PyTorch state dicts, numpy .npz/.npy, DsysDML/rbms
and TorchRBM HDF5, RestrictedBoltzmannMachinesHDF5.jl; the layout is recognised from the
file) into a checkpoint stream, one snapshot per saved model in training order.`,
	Example: `rbm-import model.pt | rbm-svd | rbm-mp > mpfit.arrows
rbm-import model.h5 | rbm-svd | rbm-mp > mpfit.arrows
rbm-import -o run.arrows weights.npz && rbm-freeenergy -method exact run.arrows
rbm-import -keys W=J,a=theta_v,b=theta_h -units spin -image none ising.npz > run.arrows`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.StringVar(&o.keys, "keys", "", "npz array names or PyTorch state-dict keys, as `role=key,...` for the roles W, a, b, epoch, step (npz only: epoch, step)")
		fs.BoolVar(&o.transposed, "transposed", false, "the weights are stored M×N (hidden × visible), whatever the shapes say")
		fs.StringVar(&o.units, "units", "", "unit convention of npz, npy and PyTorch models: bernoulli ({0,1}, default) or spin (±1); HDF5 files record theirs")
		fs.StringVar(&o.image, "image", "", "visible image shape `RxC`, or none (default 28x28 when N = 784)")
		fs.Int64Var(&o.perEpoch, "updates-per-epoch", 0, "DsysDML archives: epoch = update / `n` (they record only the update count)")
		return o.run
	},
}

type options struct {
	keys, units, image string
	transposed         bool
	perEpoch           int64
}

func (o *options) parse() (interop.Options, error) {
	opt := interop.Options{Transposed: o.transposed, UpdatesPerEpoch: o.perEpoch}
	if o.perEpoch < 0 {
		return opt, cli.Usagef("-updates-per-epoch must be ≥ 0, got %d", o.perEpoch)
	}
	if o.keys != "" {
		opt.Keys = map[string]string{}
		for _, kv := range strings.Split(o.keys, ",") {
			role, key, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok || key == "" || !slices.Contains(interop.KeyRoles, role) {
				return opt, cli.Usagef("-keys %q: want role=key pairs with roles %s", o.keys, strings.Join(interop.KeyRoles, ", "))
			}
			opt.Keys[role] = key
		}
	}
	if o.units != "" {
		u, err := rbm.ParseUnits(o.units)
		if err != nil {
			return opt, cli.Usagef("-units: %v", err)
		}
		opt.Units = &u
	}
	return opt, nil
}

// imageShape gives the header's image shape for N visible units.
func (o *options) imageShape(n int) ([]int, error) {
	switch o.image {
	case "":
		if n == 784 {
			return []int{28, 28}, nil
		}
		return nil, nil
	case "none":
		return nil, nil
	}
	r, c, ok := strings.Cut(strings.ToLower(o.image), "x")
	rows, err1 := strconv.Atoi(r)
	cols, err2 := strconv.Atoi(c)
	if !ok || err1 != nil || err2 != nil || rows <= 0 || cols <= 0 {
		return nil, cli.Usagef("-image %q: want RxC (e.g. 28x28) or none", o.image)
	}
	if rows*cols != n {
		return nil, cli.Usagef("-image %s has %d pixels but the model has %d visible units", o.image, rows*cols, n)
	}
	return []int{rows, cols}, nil
}

// importFactor is the memory rbm-import needs per byte of its input.
const importFactor = 8

func (o *options) run(r *cli.Run) error {
	opt, err := o.parse()
	if err != nil {
		return err
	}
	in, name, err := r.SingleInput()
	if err != nil {
		return err
	}
	// The file is held whole (zip and HDF5 read at offsets), and its
	// values pass through float64 and float32 copies and the writer's:
	// about eight times the file's size for a file of float64 weights.
	data, err := r.ReadAll(in, name, importFactor)
	in.Close()
	if err != nil {
		return err
	}
	opt.Budget = r.Need
	path := r.Path(name)
	if name == "stdin" && interop.Kind(data) == "hdf5" && interop.HDF5 {
		// The HDF5 library reads files, not pipes.
		tmp, err := os.CreateTemp("", "rbm-import-*.h5")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		path = tmp.Name()
	}
	sum := sha256.Sum256(data)
	a, err := interop.Read(data, path, opt)
	data = nil // the file's bytes are garbage once decoded: the writer's copies may reuse them
	if err != nil {
		if path != r.Path(name) {
			err = fmt.Errorf("%s: %w", name, err) // a temporary file's name means nothing to the user
		}
		return err
	}
	if opt.Units != nil && (a.Layout == interop.LayoutDsysDML || a.Layout == interop.LayoutJulia) {
		return cli.Usagef("-units applies to npz, npy and PyTorch files: %s records its model type (%s)", name, a.Units)
	}
	shape, err := o.imageShape(a.Visible)
	if err != nil {
		return err
	}
	src := interop.Source{File: name, SHA256: hex.EncodeToString(sum[:]), Layout: a.Layout, ModelType: a.ModelType,
		Transposed: a.Transposed, Float64: a.Converted, Hyperparameters: a.Hyperparameters}
	js, err := json.Marshal(src)
	if err != nil {
		return err
	}
	h := format.Header{Kind: format.KindCheckpoint, Visible: a.Visible, Hidden: a.Hidden, Units: format.Units(a.Units.String()),
		ImageShape: shape, Provenance: []format.Step{r.Step()}}
	h.Set(interop.KeyImport, string(js))

	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	w, err := format.NewWriter[format.Snapshot](out, h, format.WithCompression(r.Compression))
	if err != nil {
		return err
	}
	for _, s := range a.Snapshots {
		row := format.Snapshot{Epoch: s.Epoch, Step: s.Step, W: s.W, A: s.A, B: s.B, ReconError: math.NaN(), PseudoLogLik: math.NaN()}
		if err := w.Write(&row); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Commit()
}
