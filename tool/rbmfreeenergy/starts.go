package rbmfreeenergy

import (
	"cmp"
	"slices"

	"github.com/rbmkit/rbmkit/cli"
)

// starts is -reverse-start's samples: the visible states sampled at β = 1,
// by epoch, the latest sweep first (chain order within a sweep), so that
// fewer -chains than samples take the most burnt-in ones.
type starts struct {
	name    string
	byEpoch map[int64][][]bool
}

// readStarts reads a samples stream (rbm-sample) for a model of the given
// number of visible units.
func readStarts(r *cli.Run, path string, visible int) (*starts, error) {
	all, name, err := r.ReadModelSamples("-reverse-start", path, visible)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(a, b cli.ModelSample) int {
		return cmp.Or(cmp.Compare(a.Epoch, b.Epoch), cmp.Compare(b.Sweep, a.Sweep), cmp.Compare(a.Chain, b.Chain))
	})
	st := &starts{name: name, byEpoch: map[int64][][]bool{}}
	for _, s := range all {
		st.byEpoch[s.Epoch] = append(st.byEpoch[s.Epoch], s.V)
	}
	return st, nil
}

// at returns up to n states sampled at epoch (nil: none).
func (st *starts) at(epoch int64, n int) [][]bool {
	if st == nil {
		return nil
	}
	v := st.byEpoch[epoch]
	return v[:min(n, len(v))]
}
