package rbmsvd

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

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
	Summary: `Decompose W = U Σ Vᵀ at every snapshot of a checkpoint stream into a spectrum
stream, one row per mode and snapshot, modes tracked across snapshots; -vectors,
-hessian and -data add the vectors, the Hessian's check and reciprocal statistics.`,
	Example: `rbm-train -hidden 64 -epochs 10 < mnist.arrows | rbm-svd > spectrum.arrows
rbm-svd -vectors -modes 10 run.arrows | rbm-cat -columns epoch,rank,mode,sigma,overlap,crossing,reordered
rbm-svd -hessian -modes 5 run.arrows | rbm-cat -columns epoch,rank,sigma,hessian_plus,hessian_minus,hessian_residual
rbm-svd -data test.arrows -modes 20 run.arrows | rbm-cat -columns epoch,rank,sigma,pc,pc_overlap,x_kurt,x_ks,x_ks_p
rbm-sample -snapshots all run.arrows > samples.arrows; rbm-svd -data samples.arrows -modes 20 run.arrows > model-view.arrows`,
	BinaryOutput: true,
	Flags: func(fs *flag.FlagSet) func(*cli.Run) error {
		o := &options{}
		fs.BoolVar(&o.vectors, "vectors", false, "also write the singular vectors u (length N) and v (length M)")
		o.modes.AllowAll = true
		fs.Var(&o.modes, "modes", "write only the top `k` modes by σ, or all of the min(N,M)")
		fs.BoolVar(&o.noTrack, "no-track", false, "do not track mode ids across snapshots (tracking matches singular vectors by overlap and flags crossings; it needs the vectors, which is slower)")
		cli.AliasNot(fs, "track", "no-track")
		fs.BoolVar(&o.hessian, "hessian", false, "also diagonalize the saddle's (N+M)×(N+M) Hessian directly and write its eigenvalues ±σ per mode with the residual against the SVD (O((N+M)³) per snapshot: about 1 s at 784+500)")
		fs.StringVar(&o.data, "data", "", "dataset or samples stream `file` for principal-component overlaps and reciprocal-variable statistics (samples: each snapshot's own, at β = 1)")
		fs.IntVar(&o.dataLimit, "data-limit", 10000, "use the first `n` examples of -data (samples: the first n states of each snapshot; 0: all)")
		fs.IntVar(&o.histBins, "bins", defaultBins, "with -data, bin each mode's x into `n` bins over its mean ± 4 sd (column x_hist; 0: the default)")
		fs.BoolVar(&o.noHist, "no-hist", false, "with -data, write no histograms of x (no column x_hist)")
		cli.OldVar(fs, oldHistBins{o}, "hist-bins", "old spelling of -bins (0: -no-hist)")
		fs.IntVar(&o.pcs, "pcs", 50, "principal components of -data to compare the modes with")
		return o.run
	},
}

// defaultBins is the number of bins of each mode's histogram of x.
const defaultBins = 40

// oldHistBins is -hist-bins, whose 0 meant no histograms: now -no-hist.
type oldHistBins struct{ o *options }

func (h oldHistBins) String() string { return "" }

func (h oldHistBins) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return err
	}
	if n == 0 {
		h.o.noHist = true
	}
	h.o.histBins = n
	return nil
}

// maxHessian is the largest N+M that -hessian diagonalizes (a dense
// 6000×6000 matrix is 288 MB and takes minutes).
const maxHessian = 6000

type options struct {
	vectors, noTrack, hessian bool
	noHist                    bool
	modes                     cli.Modes
	data                      string
	dataLimit, pcs, histBins  int
}

func (o *options) run(r *cli.Run) error {
	if err := o.validate(); err != nil {
		return err
	}
	ck, err := r.OpenCheckpoint()
	if err != nil {
		return err
	}
	defer ck.Close()
	n, m := ck.Header.Visible, ck.Header.Hidden
	if o.hessian && n+m > maxHessian {
		return fmt.Errorf("-hessian: the Hessian of a %d×%d model is a dense %d×%d matrix to diagonalize per snapshot; the limit is N+M = %d", n, m, n+m, n+m, maxHessian)
	}
	out, err := r.Output()
	if err != nil {
		return err
	}
	defer out.Abort()
	sp := &spectra{o: o, ck: ck, k: min(n, m), withVectors: o.vectors || !o.noTrack || o.data != ""}
	if o.modes.K > 0 {
		sp.k = min(o.modes.K, sp.k)
	}
	if o.data != "" {
		if sp.data, err = o.openData(r, n, m, ck.Units); err != nil {
			return err
		}
		defer sp.data.close()
	}
	if err := sp.open(r, out); err != nil {
		return err
	}
	snap := int64(0)
	for ; ck.Next(); snap++ {
		if err := sp.snapshot(snap, ck.Row()); err != nil {
			return err
		}
		if err := r.Ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d snapshots", snap+1)
		}
	}
	if err := ck.Err(); err != nil {
		return err
	}
	if sp.data != nil {
		if err := sp.data.finish(snap); err != nil {
			return err
		}
	}
	if err := sp.w.Close(); err != nil {
		return err
	}
	return out.Commit()
}

func (o *options) validate() error {
	if o.histBins == 0 {
		o.histBins = defaultBins
	}
	if o.noHist {
		o.histBins = 0 // below, 0 bins is no histograms
	}
	if o.dataLimit < 0 || o.pcs < 1 || o.histBins < 0 {
		return cli.Usagef("-data-limit and -bins must be ≥ 0, -pcs ≥ 1")
	}
	if o.histBins > 10000 {
		return cli.Usagef("-bins %d: at most 10000", o.histBins)
	}
	return nil
}

// spectra writes the spectrum stream of a checkpoint, one snapshot at a
// time.
type spectra struct {
	o           *options
	ck          *cli.Checkpoint
	k           int // modes written per snapshot
	withVectors bool
	data        dataSource
	w           *format.Writer[format.Mode]
	tracker     *spectral.Tracker
	first       *spectral.Decomposition // the reference of init_overlap without tracking
	row         format.Mode
	uCol, vCol  []float64
}

// open starts the stream: the columns the options ask for.
func (sp *spectra) open(r *cli.Run, out io.Writer) error {
	o := sp.o
	var opts []format.WriterOption
	if !o.vectors {
		opts = append(opts, format.Omit("u", "v"))
	}
	if !sp.withVectors {
		opts = append(opts, format.Omit("init_overlap"))
	}
	if o.noTrack {
		opts = append(opts, format.Omit(format.FlagColumns...))
	} else {
		sp.tracker = spectral.NewTracker()
	}
	if !o.hessian {
		opts = append(opts, format.Omit(format.HessianColumns...))
	}
	if sp.data == nil {
		opts = append(opts, format.Omit(format.DataColumns...))
	} else if o.histBins == 0 {
		opts = append(opts, format.Omit(format.HistColumns...))
	}
	sh := sp.ck.Header.Derive(format.KindSpectrum, r.Step())
	sh.Set("lapack", spectral.LAPACK)
	if sp.data != nil {
		sh.Set(format.KeyDataKind, string(sp.data.kind()))
	}
	sp.uCol, sp.vCol = make([]float64, sp.ck.Header.Visible), make([]float64, sp.ck.Header.Hidden)
	var err error
	sp.w, err = format.NewWriter[format.Mode](out, sh, append(opts, format.WithCompression(r.Compression))...)
	return err
}

// snapshot decomposes one snapshot and writes its rows, as one batch so
// that downstream tools stream along.
func (sp *spectra) snapshot(snap int64, s *format.Snapshot) error {
	o := sp.o
	fail := func(err error) error { return fmt.Errorf("%s: snapshot at epoch %d: %v", sp.ck.Name, s.Epoch, err) }
	// spectral.Decompose runs LAPACK's dgesdd in the openblas build (as
	// numpy does) and gonum's Dgesvd otherwise, and signs the vectors by
	// the largest-component rule; the tracker then makes the signs
	// continuous across snapshots.
	h := sp.ck.Header
	model := &rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: sp.ck.Units, W: s.W, A: s.A, B: s.B}
	d, err := spectral.Decompose(model, sp.withVectors)
	if err != nil {
		return fail(err)
	}
	matches, err := sp.match(d)
	if err != nil {
		return fail(err)
	}
	var hessian []float64
	residual := math.NaN()
	if o.hessian {
		if hessian, err = spectral.HessianEigenvalues(model); err != nil {
			return fail(err)
		}
		residual = d.HessianResidual(hessian)
	}
	var iprU, iprV []float64
	if sp.withVectors {
		iprU, iprV = d.IPR()
	}
	var view *modeView
	if sp.data != nil {
		dv, err := sp.data.at(snap, s.Epoch, s.Step)
		if err != nil {
			return err
		}
		if dv != nil {
			if view, err = dv.view(d, model, sp.k, o.histBins); err != nil {
				return fail(err)
			}
		}
	}
	row := &sp.row
	n, m := h.Visible, h.Hidden
	for a := 0; a < sp.k; a++ {
		mt := matches[a]
		row.Snapshot, row.Epoch, row.Step = snap, s.Epoch, s.Step
		row.Rank, row.Sigma = int64(a), d.Sigma[a]
		row.ModeID, row.Overlap = int64(mt.ID), mt.Overlap
		row.Crossing = mt.Flags.Crossing()
		row.Reordered, row.NearDegenerate = mt.Flags&spectral.Reordered != 0, mt.Flags&spectral.NearDegenerate != 0
		row.LowOverlap, row.Flipped = mt.Flags&spectral.LowOverlap != 0, mt.Flags&spectral.Flipped != 0
		row.IPRU, row.IPRV, row.A0, row.B0 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if sp.withVectors {
			row.IPRU, row.IPRV = iprU[a], iprV[a]
			row.A0, row.B0 = d.A0[a], d.B0[a]
			if o.vectors {
				row.U, row.V = mat.Col(sp.uCol, a, d.U), mat.Col(sp.vCol, a, d.V)
			}
			row.InitOverlap = (mt.InitU + mt.InitV) / 2
		}
		if o.hessian {
			row.HessianPlus, row.HessianMinus, row.HessianResidual = hessian[a], hessian[n+m-1-a], residual
		}
		if sp.data != nil {
			view.fill(row, a)
		}
		if err := sp.w.Write(row); err != nil {
			return err
		}
	}
	return sp.w.Flush()
}

// match gives each mode of d its id: tracked across snapshots, or its
// rank (with the overlap with the first snapshot when the vectors exist).
func (sp *spectra) match(d *spectral.Decomposition) ([]spectral.Match, error) {
	if sp.tracker != nil {
		return sp.tracker.Next(d)
	}
	matches := make([]spectral.Match, d.Rank)
	if !sp.withVectors {
		for a := range matches {
			matches[a] = spectral.Match{ID: a, Overlap: math.NaN()}
		}
		return matches, nil
	}
	if sp.first == nil {
		sp.first = d
	}
	initU, initV := d.Overlap(sp.first, nil)
	for a := range matches {
		matches[a] = spectral.Match{ID: a, Overlap: math.NaN(), InitU: initU[a], InitV: initV[a]}
	}
	return matches, nil
}
