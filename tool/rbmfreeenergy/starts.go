package rbmfreeenergy

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
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
	in, name, err := r.Input(path)
	if err != nil {
		return nil, fmt.Errorf("-reverse-start: %v", err)
	}
	defer in.Close()
	rd, err := format.NewReader[format.Sample](in, name)
	if err != nil {
		return nil, fmt.Errorf("-reverse-start: %v", err)
	}
	defer rd.Close()
	if rd.Header().Visible != visible {
		return nil, fmt.Errorf("-reverse-start %s: %d visible units, the checkpoint's %d", name, rd.Header().Visible, visible)
	}
	type state struct {
		epoch, sweep, chain int64
		v                   []bool
	}
	var all []state
	for rd.Next() {
		s := rd.Row()
		if s.Beta != 1 { // a tempering replica at β < 1 is not a sample of the model
			continue
		}
		all = append(all, state{s.Epoch, s.Sweep, s.Chain, slices.Clone(s.V)})
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("-reverse-start: %v", err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("-reverse-start %s: no samples at β = 1", name)
	}
	slices.SortStableFunc(all, func(a, b state) int {
		return cmp.Or(cmp.Compare(a.epoch, b.epoch), cmp.Compare(b.sweep, a.sweep), cmp.Compare(a.chain, b.chain))
	})
	st := &starts{name: name, byEpoch: map[int64][][]bool{}}
	for _, s := range all {
		st.byEpoch[s.epoch] = append(st.byEpoch[s.epoch], s.v)
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
