package rbmsvd

import (
	"fmt"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/spectral"
)

// dataView is a dataset held for every snapshot: its examples as unit
// values and its principal components (computed once).
type dataView struct {
	n        int
	examples []float32 // count×n unit values (0/1, or ±1 for spins)
	count    int
	pcs      *spectral.PrincipalComponents
}

// loadData reads the first -data-limit examples of the -data stream.
func (o *options) loadData(r *cli.Run, n int, units rbm.Units) (*dataView, error) {
	in, name, err := r.Input(o.data)
	if err != nil {
		return nil, fmt.Errorf("-data: %v", err)
	}
	defer in.Close()
	rd, err := format.NewReader[format.Example](in, name)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	if got := rd.Header().Visible; got != n {
		return nil, fmt.Errorf("%s: the dataset has %d visible units, the checkpoint %d", name, got, n)
	}
	off := float32(0)
	if units == rbm.Spin {
		off = -1
	}
	dv := &dataView{n: n}
	cov := spectral.NewCovariance(n)
	row := make([]float32, n)
	for (o.dataLimit == 0 || dv.count < o.dataLimit) && rd.Next() {
		for i, on := range rd.Row().V {
			row[i] = off
			if on {
				row[i] = 1
			}
		}
		dv.examples = append(dv.examples, row...)
		cov.Add(row)
		dv.count++
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if dv.count < 2 {
		return nil, fmt.Errorf("%s: %d examples: the statistics need at least 2", name, dv.count)
	}
	if dv.pcs, err = cov.PCA(min(o.pcs, n)); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return dv, nil
}

// modeView is one snapshot's statistics of the data per mode.
type modeView struct {
	pc    *spectral.PCOverlap
	stats spectral.ReciprocalResult
}

// view projects the examples on the first k modes of d.
func (dv *dataView) view(d *spectral.Decomposition, model *rbm.Model, k int) (*modeView, error) {
	rs, err := spectral.NewReciprocalStats(d, model, k)
	if err != nil {
		return nil, err
	}
	for e := range dv.count {
		rs.Add(dv.examples[e*dv.n : (e+1)*dv.n])
	}
	return &modeView{pc: d.PCOverlap(dv.pcs), stats: rs.Result()}, nil
}

// fill writes mode a's data columns into row.
func (v *modeView) fill(row *format.Mode, a int) {
	row.PC, row.PCOverlap, row.PCSpan = int64(v.pc.Best[a]), v.pc.BestOverlap[a], v.pc.InSpan[a]
	x, y := v.stats.X[a], v.stats.Y[a]
	row.XMean, row.XVar, row.XSkew, row.XKurt, row.XKS, row.XKSP = x.Mean, x.Variance, x.Skewness, x.ExcessKurtosis, x.KS, x.KSPValue
	row.YMean, row.YVar, row.YSkew, row.YKurt, row.YKS, row.YKSP = y.Mean, y.Variance, y.Skewness, y.ExcessKurtosis, y.KS, y.KSPValue
}
