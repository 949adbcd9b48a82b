package rbmsvd

import (
	"flag"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/spectral"
)

// Tool is the rbm-svd command.
var Tool = cli.Tool{
	Name:     "rbm-svd",
	Synopsis: "[flags] [checkpoint.arrows]",
	Summary: `Decompose W = U Σ Vᵀ at every snapshot of a checkpoint stream and write the
spectrum stream: one row per mode and snapshot (σ in float64, by decreasing
σ), with the singular vectors when -vectors is given, each mode's overlap
with itself at the first snapshot, and with -data a dataset's view of every
mode: the principal component of the data it overlaps most and the
statistics of the reciprocal variables x = u·v and y = v·E[h|v] over the
examples (mean, variance, skewness, kurtosis, Kolmogorov–Smirnov distance to
the normal law): the paper's claim that reciprocal variables are Gaussian,
testable per mode, snapshot and hidden size.`,
	Example: `rbm-train -hidden 64 -epochs 10 < mnist.arrows | rbm-svd > spectrum.arrows
rbm-svd -vectors -modes 10 run.arrows | rbm-cat -columns epoch,rank,sigma
rbm-svd -data test.arrows -modes 20 run.arrows | rbm-cat -columns epoch,rank,sigma,pc,pc_overlap,x_kurt,x_ks,x_ks_p`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.BoolVar(&o.vectors, "vectors", false, "also write the singular vectors u (length N) and v (length M)")
		fs.IntVar(&o.modes, "modes", 0, "write only the `k` largest modes (0: all min(N,M))")
		fs.BoolVar(&o.track, "track", true, "track mode ids across snapshots by singular-vector overlap (needs the vectors: slower)")
		fs.StringVar(&o.data, "data", "", "dataset stream `file` for principal-component overlaps and reciprocal-variable statistics")
		fs.IntVar(&o.dataLimit, "data-limit", 10000, "use the first `n` examples of -data (0: all)")
		fs.IntVar(&o.pcs, "pcs", 50, "principal components of -data to compare the modes with")
		return o.run
	},
}

type options struct {
	vectors, track bool
	modes          int
	data           string
	dataLimit, pcs int
}

func (o *options) run(r *cli.Run) error {
	if o.modes < 0 {
		return cli.Usagef("-modes must be ≥ 0, got %d", o.modes)
	}
	if o.dataLimit < 0 || o.pcs < 1 {
		return cli.Usagef("-data-limit must be ≥ 0 and -pcs ≥ 1")
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
	n, m := h.Visible, h.Hidden
	rank := min(n, m)
	k := rank
	if o.modes > 0 {
		k = min(o.modes, rank)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	units, _ := rbm.ParseUnits(h.Units) // the SVD does not depend on them
	var data *dataView
	if o.data != "" {
		if data, err = o.loadData(r, n, units); err != nil {
			return err
		}
	}
	withVectors := o.vectors || o.track || data != nil
	var opts []format.WriterOption
	if !o.vectors {
		opts = append(opts, format.Omit("u", "v"))
	}
	if !withVectors {
		opts = append(opts, format.Omit("init_overlap"))
	}
	if data == nil {
		opts = append(opts, format.Omit(format.DataColumns...))
	}
	sh := h.Derive(format.KindSpectrum, r.Step())
	sh.Set("lapack", spectral.LAPACK)
	w, err := format.NewWriter[format.Mode](out, sh, append(opts, format.WithCompression(r.Compression))...)
	if err != nil {
		return err
	}
	var modes tracker
	var first *spectral.Decomposition
	row := format.Mode{}
	uCol, vCol := make([]float64, n), make([]float64, m)
	for snap := int64(0); rd.Next(); snap++ {
		s := rd.Row()
		// spectral.Decompose runs LAPACK's dgesdd in the openblas build (as
		// numpy does) and gonum's Dgesvd otherwise, and signs the vectors
		// by the convention below.
		model := &rbm.Model{Visible: n, Hidden: m, Units: units, W: s.W, A: s.A, B: s.B}
		d, err := spectral.Decompose(model, withVectors)
		if err != nil {
			return fmt.Errorf("%s: snapshot at epoch %d: %v", name, s.Epoch, err)
		}
		sigma := d.Sigma
		matches := make([]match, len(sigma))
		for a := range matches {
			matches[a] = match{id: int64(a), overlap: math.NaN()}
		}
		u, v := d.U, d.V
		if o.track {
			matches = modes.next(u, v)
		}
		var initU, initV []float64
		if withVectors {
			if first == nil {
				first = d
			}
			ids := make([]int, len(matches))
			for a, mt := range matches {
				ids[a] = int(mt.id)
			}
			initU, initV = d.Overlap(first, ids)
		}
		var view *modeView
		if data != nil {
			if view, err = data.view(d, model, k); err != nil {
				return fmt.Errorf("%s: snapshot at epoch %d: %v", name, s.Epoch, err)
			}
		}
		for a := 0; a < k; a++ {
			row.Snapshot, row.Epoch, row.Step = snap, s.Epoch, s.Step
			row.Rank, row.Sigma = int64(a), sigma[a]
			row.ModeID, row.Overlap, row.Crossing = matches[a].id, matches[a].overlap, matches[a].crossing
			row.IPRU, row.IPRV, row.A0, row.B0 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
			if withVectors {
				mat.Col(uCol, a, u) // signed: the largest-magnitude component of u is positive
				mat.Col(vCol, a, v)
				row.IPRU, row.IPRV = ipr(uCol), ipr(vCol)
				row.A0, row.B0 = d.A0[a], d.B0[a]
				if o.vectors {
					row.U, row.V = uCol, vCol
				}
				row.InitOverlap = (initU[a] + initV[a]) / 2
			}
			if view != nil {
				view.fill(&row, a)
			}
			if err := w.Write(&row); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil { // one snapshot per batch: downstream tools stream along
			return err
		}
		if err := r.Ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d snapshots", snap+1)
		}
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Commit()
}

// ipr is the inverse participation ratio Σ x_i⁴ of a unit vector.
func ipr(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v * v * v
	}
	return s
}
