// Package stattest holds the statistical checks that tests of samplers
// share: Pearson's chi-square test of state counts against exact
// probabilities.
package stattest

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquare tests observed state counts against exact log-probabilities:
// Pearson's statistic over the states with expected count ≥ 5, the rest
// pooled into one cell (kept if its expectation also reaches 5). It returns
// the p-value P(χ²_df ≥ X²), and fails the test when fewer than 10 cells
// give it no power.
func ChiSquare(t testing.TB, counts []int, logp []float64) float64 {
	t.Helper()
	total := 0
	for _, c := range counts {
		total += c
	}
	x2, cells := 0.0, 0
	pooledObs, pooledExp := 0.0, 0.0
	for s, c := range counts {
		e := float64(total) * math.Exp(logp[s])
		if e < 5 {
			pooledObs += float64(c)
			pooledExp += e
			continue
		}
		d := float64(c) - e
		x2 += d * d / e
		cells++
	}
	if pooledExp >= 5 {
		d := pooledObs - pooledExp
		x2 += d * d / pooledExp
		cells++
	}
	if cells < 10 {
		t.Fatalf("only %d chi-square cells: the test has no power", cells)
	}
	return distuv.ChiSquared{K: float64(cells - 1)}.Survival(x2)
}

// StateIndex numbers a visible configuration as rbm.ExactVisibleLogProbs
// does: bit i set when unit i is on (> 0).
func StateIndex(v []float32) int {
	s := 0
	for i, x := range v {
		if x > 0 {
			s |= 1 << i
		}
	}
	return s
}
