package gibbs

import (
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// Restart from States continues a tempering run as a fresh Tempering of
// the given stream would run from those states, on the model as changed
// in place since (mostly-off units: the row sums of a Wᵀ that must be made
// again), with the exchange parity of the sweeps passed.
func TestRestartIsAFreshTempering(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		m := shifted(randomModel(41, 12, 8, units, 1.0, 0.5), map[rbm.Units]float64{rbm.Bernoulli: -2.5, rbm.Spin: 0}[units])
		betas := Ladder(3, 0.5)
		const systems = 40
		used, err := NewTempering(m, systems, betas, Config{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		used.Sampler().InitNoise()
		for range 5 {
			used.Sweep()
		}
		states := used.States(nil)
		if units == rbm.Bernoulli {
			requireSparse(t, used.Sampler())
		}
		for i := range m.W { // the model changes under the chains
			m.W[i] *= 1.3
		}
		const stream, sweeps = 9, 1 // odd: the next sweep tries the odd pairs
		used.Restart(states, stream, sweeps)
		if got := used.States(nil); !slices.Equal(got, states) {
			t.Fatalf("%v: States after Restart differ from the states given", units)
		}
		fresh, _ := NewTempering(m, systems, betas, Config{Seed: 7, Stream: stream})
		for r := range fresh.Sampler().Chains() {
			fresh.Sampler().SetVisibleValues(r, states[r*m.Visible:(r+1)*m.Visible])
		}
		fresh.sampler.sweeps = sweeps
		for range 3 {
			used.Sweep()
			fresh.Sweep()
		}
		if !slices.Equal(used.States(nil), fresh.States(nil)) || !slices.Equal(used.slot, fresh.slot) {
			t.Fatalf("%v: the restarted tempering differs from a fresh one of its stream", units)
		}
		// The last sweep is the 4th counting those passed: an even one,
		// after which the odd pairs exchange.
		even, _ := used.LastSwap(0, 0)
		odd, _ := used.LastSwap(0, 1)
		if even || !odd || used.Sampler().Sweeps() != 4 {
			t.Errorf("%v: after sweep %d, pairs (0,1) tried %v and (1,2) %v: the sweep count did not carry the exchange parity",
				units, used.Sampler().Sweeps(), even, odd)
		}
	}
}
