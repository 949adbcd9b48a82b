package ais

import (
	"fmt"

	"github.com/rbmkit/rbmkit/rbm"
)

// Bound is a rigorous lower bound on log Z from a set of visible states:
// since Z = Σ_v e^{−F(v)} over all states and every term is positive,
// log Z ≥ log Σ_{v∈S} e^{−F(v)} for any set S of distinct states.
type Bound struct {
	LogZ     float64 // log Σ_{v∈S} e^{−F(v)} over the distinct states S
	Distinct int     // |S|: the states given, each counted once
	Best     int     // index (first occurrence) of the state of lowest F
	BestNegF float64 // −F of that state, the largest single term
}

// LogZLowerBound returns the lower bound on log Z from the distinct states
// among states (true = on: 1, or +1 for spin units). Identical states are
// counted once, or the sum could exceed Z. The free energies are float64
// (rbm.Model.FreeEnergy, not FreeEnergies' float32 products), so the bound
// carries only float64 rounding; the log-sum-exp runs in first-occurrence
// order, so the result is deterministic. With no states the bound is −Inf.
func LogZLowerBound(m *rbm.Model, states [][]bool) (Bound, error) {
	if err := m.Check(); err != nil {
		return Bound{}, err
	}
	off := 0.0
	if m.Units == rbm.Spin {
		off = -1
	}
	seen := make(map[string]struct{}, len(states))
	key := make([]byte, (m.Visible+7)/8)
	v := make([]float64, m.Visible)
	var negF []float64
	b := Bound{Best: -1}
	for k, s := range states {
		if len(s) != m.Visible {
			return Bound{}, fmt.Errorf("ais: state %d has %d units, the model %d visible", k, len(s), m.Visible)
		}
		clear(key)
		for i, on := range s {
			v[i] = off
			if on {
				v[i] = 1
				key[i/8] |= 1 << (i % 8)
			}
		}
		if _, dup := seen[string(key)]; dup {
			continue
		}
		seen[string(key)] = struct{}{}
		f := -m.FreeEnergy(v)
		if b.Best < 0 || f > b.BestNegF {
			b.Best, b.BestNegF = k, f
		}
		negF = append(negF, f)
	}
	b.Distinct = len(negF)
	b.LogZ = rbm.LogSumExp(negF)
	return b, nil
}
