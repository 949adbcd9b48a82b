package meanfield

import (
	"math"

	"github.com/rbmkit/rbmkit/internal/par"
	"github.com/rbmkit/rbmkit/rbm"
)

// Start is one run of the fixed-point iteration in Explore.
type Start struct {
	// Rank is the mode the start was displaced along (−1 for the symmetric
	// start) and Z the signed start amplitude (0 for the symmetric start).
	Rank int
	Z    float64
	Solution
	// Projection is the fixed point's coordinate along the start's mode
	// (Problem.Project); along the top mode for the symmetric start, and
	// NaN when no mode was given.
	Projection float64
	// ID numbers the distinct fixed points of the exploration from 0 in
	// order of discovery; starts that reach the same point share an ID.
	ID int
	// Stability is the Hessian analysis of the point reached.
	Stability Stability
}

// distinctTol is the largest difference in any magnetization, relative to
// the range of a unit (1 or 2), under which two fixed points are the same.
const distinctTol = 1e-5

// Explore runs the fixed-point iteration from the symmetric point and from
// ±z·(u_α, v_α) along each given mode (z = o.Start/max(‖u‖∞, ‖v‖∞)), so
// that broken-symmetry solutions are found, and analyses the stability of
// each distinct point reached. The first start is the symmetric one.
func (p *Problem) Explore(approx Approximation, modes []rbm.Mode, o Options) ([]Start, error) {
	o = o.withDefaults()
	type init struct {
		rank int
		z    float64
	}
	inits := []init{{-1, 0}}
	for _, md := range modes {
		z := o.Start * SliceRange(md.U, md.V)
		inits = append(inits, init{md.Rank, z}, init{md.Rank, -z})
	}
	scale := 1.0
	if p.Units == rbm.Spin {
		scale = 2
	}
	// The starts are solved side by side (each Solve has its own buffers
	// and reads the problem only), then classified in order.
	out := make([]Start, len(inits))
	alongs := make([]*rbm.Mode, len(inits))
	par.Blocks(len(inits), 1, func(k, _, _ int) {
		in := inits[k]
		var mv, mh []float64
		var along *rbm.Mode
		if in.rank < 0 {
			mv, mh = p.Symmetric()
			if len(modes) > 0 {
				along = &modes[0]
			}
		} else {
			for k := range modes {
				if modes[k].Rank == in.rank {
					along = &modes[k]
				}
			}
			mv, mh = p.Along(along.U, along.V, in.z)
		}
		out[k] = Start{Rank: in.rank, Z: in.z, Solution: p.Solve(approx, mv, mh, o), Projection: math.NaN()}
		alongs[k] = along
	})
	var distinct []Start
	for k := range out {
		s := &out[k]
		if along := alongs[k]; along != nil {
			s.Projection = p.Project(along.U, along.V, s.Mv, s.Mh)
		}
		s.ID = -1
		for _, d := range distinct {
			if maxDiff(d.Mv, s.Mv) < distinctTol*scale && maxDiff(d.Mh, s.Mh) < distinctTol*scale {
				s.ID, s.Stability = d.ID, d.Stability
				break
			}
		}
		if s.ID < 0 {
			st, err := p.Hessian(approx, s.Mv, s.Mh)
			if err != nil {
				return nil, err
			}
			s.ID, s.Stability = len(distinct), st
			distinct = append(distinct, *s)
		}
	}
	return out, nil
}

func maxDiff(x, y []float64) float64 {
	d := 0.0
	for i := range x {
		d = max(d, math.Abs(x[i]-y[i]))
	}
	return d
}

// LogZ returns the approximation's estimate of log Z from an exploration:
// −F at the lowest converged local minimum (falling back to the lowest
// converged point, then the lowest point), and whether that point
// converged.
func LogZ(starts []Start) (logZ float64, converged bool) {
	best := func(ok func(Start) bool) (float64, bool) {
		f, found := math.Inf(1), false
		for _, s := range starts {
			if ok(s) && s.F < f {
				f, found = s.F, true
			}
		}
		return -f, found
	}
	if z, ok := best(func(s Start) bool { return s.Converged && s.Stability.Stable() }); ok {
		return z, true
	}
	if z, ok := best(func(s Start) bool { return s.Converged }); ok {
		return z, true
	}
	z, _ := best(func(Start) bool { return true })
	return z, false
}
