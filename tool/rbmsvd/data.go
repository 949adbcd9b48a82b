package rbmsvd

import (
	"fmt"
	"io"
	"math"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/spectral"
)

// dataView is the set of configurations whose reciprocal variables a
// snapshot's modes are described by: their unit values and their principal
// components.
type dataView struct {
	n        int
	examples []float32 // count×n unit values (0/1, or ±1 for spins)
	count    int
	pcs      *spectral.PrincipalComponents
}

// viewBuilder collects configurations into a dataView.
type viewBuilder struct {
	dv  *dataView
	cov *spectral.Covariance
	off float32
	row []float32
}

func newViewBuilder(n int, units rbm.Units) *viewBuilder {
	off := float32(0)
	if units == rbm.Spin {
		off = -1
	}
	return &viewBuilder{dv: &dataView{n: n}, cov: spectral.NewCovariance(n), off: off, row: make([]float32, n)}
}

func (b *viewBuilder) add(v []bool) {
	for i, on := range v {
		b.row[i] = b.off
		if on {
			b.row[i] = 1
		}
	}
	b.dv.examples = append(b.dv.examples, b.row...)
	b.cov.Add(b.row)
	b.dv.count++
}

// finish computes the principal components; what names the configurations
// in errors.
func (b *viewBuilder) finish(what string, pcs int) (*dataView, error) {
	if b.dv.count < 2 {
		return nil, fmt.Errorf("%s: the statistics need at least 2 configurations, got %d", what, b.dv.count)
	}
	var err error
	if b.dv.pcs, err = b.cov.PCA(min(pcs, b.dv.n)); err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	return b.dv, nil
}

// dataSource gives each snapshot the configurations to project on its
// modes: a dataset's examples for every snapshot, or the model's own
// samples of that snapshot.
type dataSource interface {
	// at returns the view for the snapshot at row snap of the checkpoint
	// stream, or nil when there is none for it.
	at(snap, epoch, step int64) (*dataView, error)
	// finish checks, after the last snapshot, that nothing was left over.
	finish(snapshots int64) error
	kind() format.Kind
	close()
}

// openData opens the -data stream: a dataset or a samples stream of a
// model of n visible and m hidden units.
func (o *options) openData(r *cli.Run, n, m int, units rbm.Units) (dataSource, error) {
	in, name, err := r.Input(o.data)
	if err != nil {
		return nil, fmt.Errorf("-data: %v", err)
	}
	s, err := format.OpenStream(in, name)
	if err != nil {
		in.Close()
		return nil, err
	}
	h := s.Header()
	if h.Visible != n {
		s.Close()
		in.Close()
		return nil, fmt.Errorf("%s: the %s has %d visible units, the checkpoint %d", name, h.Kind, h.Visible, n)
	}
	switch h.Kind {
	case format.KindDataset:
		defer in.Close()
		rd, err := format.ReaderOf[format.Example](s)
		if err != nil {
			s.Close()
			return nil, err
		}
		defer rd.Close()
		b := newViewBuilder(n, units)
		for (o.dataLimit == 0 || b.dv.count < o.dataLimit) && rd.Next() {
			b.add(rd.Row().V)
		}
		if err := rd.Err(); err != nil {
			return nil, err
		}
		dv, err := b.finish(name, o.pcs)
		if err != nil {
			return nil, err
		}
		return fixedData{dv}, nil
	case format.KindSamples:
		hu, _ := rbm.ParseUnits(h.Units)
		if h.Hidden != m || hu != units {
			s.Close()
			in.Close()
			return nil, fmt.Errorf("%s: the samples are of a %d×%d %s model, the checkpoint is %d×%d %s", name, h.Visible, h.Hidden, h.Units, n, m, units)
		}
		rd, err := format.ReaderOf[format.Sample](s)
		if err != nil {
			s.Close()
			in.Close()
			return nil, err
		}
		return &sampleData{rd: rd, in: in, name: name, n: n, units: units, limit: o.dataLimit, pcs: o.pcs}, nil
	}
	s.Close()
	in.Close()
	return nil, fmt.Errorf("%s: -data wants a dataset or a samples stream (rbm-data, rbm-sample), got a %s stream", name, h.Kind)
}

// fixedData is a dataset: the same examples for every snapshot.
type fixedData struct{ dv *dataView }

func (d fixedData) at(int64, int64, int64) (*dataView, error) { return d.dv, nil }
func (fixedData) finish(int64) error                          { return nil }
func (fixedData) kind() format.Kind                           { return format.KindDataset }
func (fixedData) close()                                      {}

// sampleData reads a samples stream along the checkpoint stream: the
// states sampled from snapshot s (rows with snapshot = s, at β = 1) are
// snapshot s's configurations. The samples stream is in snapshot order,
// as rbm-sample writes it, so only one snapshot's states are held.
type sampleData struct {
	rd      *format.Reader[format.Sample]
	in      io.Closer
	name    string
	n       int
	units   rbm.Units
	limit   int
	pcs     int
	pending bool // rd.Row() holds a row not yet used
	states  int  // states at β = 1 used, over all snapshots
}

func (d *sampleData) kind() format.Kind { return format.KindSamples }

func (d *sampleData) close() {
	d.rd.Close()
	d.in.Close()
}

func (d *sampleData) at(snap, epoch, step int64) (*dataView, error) {
	b := newViewBuilder(d.n, d.units)
	for {
		if !d.pending {
			if !d.rd.Next() {
				break
			}
			d.pending = true
		}
		row := d.rd.Row()
		if row.Snapshot > snap {
			break
		}
		if row.Snapshot < snap {
			return nil, fmt.Errorf("%s: a sample of snapshot %d follows those of snapshot %d: the stream is not in snapshot order", d.name, row.Snapshot, snap)
		}
		if row.Epoch != epoch || row.Step != step {
			return nil, fmt.Errorf("%s: the samples of snapshot %d are at epoch %d step %d, the checkpoint's snapshot %d at epoch %d step %d: they come from another run",
				d.name, snap, row.Epoch, row.Step, snap, epoch, step)
		}
		d.pending = false
		if row.Beta == 1 && (d.limit == 0 || b.dv.count < d.limit) {
			b.add(row.V)
		}
	}
	if err := d.rd.Err(); err != nil {
		return nil, err
	}
	if b.dv.count == 0 {
		return nil, nil
	}
	d.states += b.dv.count
	return b.finish(fmt.Sprintf("%s: snapshot %d", d.name, snap), d.pcs)
}

func (d *sampleData) finish(snapshots int64) error {
	if d.pending || d.rd.Next() {
		return fmt.Errorf("%s: samples of snapshot %d (epoch %d), but the checkpoint stream has %d snapshots", d.name, d.rd.Row().Snapshot, d.rd.Row().Epoch, snapshots)
	}
	if err := d.rd.Err(); err != nil {
		return err
	}
	if d.states == 0 {
		return fmt.Errorf("%s: no sampled state at β = 1", d.name)
	}
	return nil
}

// modeView is one snapshot's statistics of the configurations per mode.
type modeView struct {
	pc    *spectral.PCOverlap
	stats spectral.ReciprocalResult
	hist  []histogram // per mode, with bins > 0
}

type histogram struct {
	counts  []int64
	lo, hi  float64
	outside int64
}

// view projects the configurations on the first k modes of d and, with
// bins > 0, bins each mode's x over the fitted normal's mean ± HistWidth sd.
func (dv *dataView) view(d *spectral.Decomposition, model *rbm.Model, k, bins int) (*modeView, error) {
	rs, err := spectral.NewReciprocalStats(d, model, k)
	if err != nil {
		return nil, err
	}
	for e := range dv.count {
		rs.Add(dv.examples[e*dv.n : (e+1)*dv.n])
	}
	v := &modeView{pc: d.PCOverlap(dv.pcs), stats: rs.Result()}
	if bins > 0 {
		x, _ := rs.Samples()
		v.hist = make([]histogram, len(x))
		for a, xa := range x {
			h := &v.hist[a]
			h.lo, h.hi = v.stats.X[a].NormalRange(format.HistWidth)
			h.counts, h.outside = spectral.Histogram(xa, h.lo, h.hi, bins)
		}
	}
	return v, nil
}

// fill writes mode a's data columns into row; a nil view (a snapshot
// without samples) writes NaN, pc −1 and empty histograms.
func (v *modeView) fill(row *format.Mode, a int) {
	if v == nil {
		nan := math.NaN()
		row.PC, row.PCOverlap, row.PCSpan = -1, nan, nan
		row.XMean, row.XVar, row.XSkew, row.XKurt, row.XKS, row.XKSP = nan, nan, nan, nan, nan, nan
		row.YMean, row.YVar, row.YSkew, row.YKurt, row.YKS, row.YKSP = nan, nan, nan, nan, nan, nan
		row.XHist, row.XHistLo, row.XHistHi, row.XHistOut = nil, nan, nan, 0
		return
	}
	if v.hist != nil {
		h := v.hist[a]
		row.XHist, row.XHistLo, row.XHistHi, row.XHistOut = h.counts, h.lo, h.hi, h.outside
	}
	row.PC, row.PCOverlap, row.PCSpan = int64(v.pc.Best[a]), v.pc.BestOverlap[a], v.pc.InSpan[a]
	x, y := v.stats.X[a], v.stats.Y[a]
	row.XMean, row.XVar, row.XSkew, row.XKurt, row.XKS, row.XKSP = x.Mean, x.Variance, x.Skewness, x.ExcessKurtosis, x.KS, x.KSPValue
	row.YMean, row.YVar, row.YSkew, row.YKurt, row.YKS, row.YKSP = y.Mean, y.Variance, y.Skewness, y.ExcessKurtosis, y.KS, y.KSPValue
}
