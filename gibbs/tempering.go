package gibbs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// Ladder returns k inverse temperatures spaced geometrically from 1 down to
// betaMin: β_i = betaMin^{i/(k−1)}, the usual first choice, which keeps
// neighbouring energy distributions overlapping when the heat capacity
// varies slowly. Ladder(1, ·) is [1].
func Ladder(k int, betaMin float64) []float64 {
	out := make([]float64, k)
	for i := range out {
		if k == 1 {
			out[i] = 1
			continue
		}
		out[i] = math.Pow(betaMin, float64(i)/float64(k-1))
	}
	return out
}

// Tempering is parallel tempering: Systems independent systems, each a
// ladder of len(Betas) replicas exchanging temperatures.
type Tempering struct {
	sampler *Sampler
	betas   []float64
	systems int
	// slot[c·K + k] is the sampler row holding system c's replica at β_k;
	// level is the inverse map, row → k; swept is slot as it was during the
	// last sweep, before the exchanges.
	slot, level, swept []int
	swaps              *rand.Rand
	energies           []float64
	// tried and accepted count exchange attempts per neighbouring pair k;
	// lastTried and lastSwapped flag, at c·K + k, the attempt made after the
	// last sweep between system c's β_k and β_{k+1}.
	tried, accepted        []int64
	lastTried, lastSwapped []bool
}

// SwapPurpose names the random stream of the exchange decisions.
const SwapPurpose = "gibbs-swap"

// NewTempering returns parallel tempering of systems systems over the
// ladder betas, which must start at 1 and decrease strictly. The sampler
// underneath has systems·len(betas) chains, system c's rows being
// c·K … c·K+K−1 at the start; cfg.Chains is ignored.
func NewTempering(m *rbm.Model, systems int, betas []float64, cfg Config) (*Tempering, error) {
	if len(betas) == 0 || betas[0] != 1 {
		return nil, fmt.Errorf("gibbs: β ladder %v: it must start at 1, the target", betas)
	}
	for k := 1; k < len(betas); k++ {
		if !(betas[k] < betas[k-1]) || !(betas[k] >= 0) {
			return nil, fmt.Errorf("gibbs: β ladder %v: it must decrease strictly and stay ≥ 0", betas)
		}
	}
	if systems <= 0 {
		return nil, fmt.Errorf("gibbs: %d tempering systems: need at least one", systems)
	}
	cfg.Chains = systems * len(betas)
	s, err := New(m, cfg)
	if err != nil {
		return nil, err
	}
	K := len(betas)
	t := &Tempering{sampler: s, betas: append([]float64(nil), betas...), systems: systems,
		slot: make([]int, cfg.Chains), level: make([]int, cfg.Chains), swept: make([]int, cfg.Chains),
		swaps: rng.New(cfg.Seed, cfg.Replica, purpose(SwapPurpose, cfg.Stream)),
		tried: make([]int64, K), accepted: make([]int64, K),
		lastTried: make([]bool, cfg.Chains), lastSwapped: make([]bool, cfg.Chains)}
	for r := range t.slot {
		t.slot[r], t.level[r], t.swept[r] = r, r%K, r
		s.SetBeta(r, betas[r%K])
	}
	return t, nil
}

// Sampler returns the sampler holding all replicas; use Row to find one.
func (t *Tempering) Sampler() *Sampler { return t.sampler }

// Betas returns the ladder.
func (t *Tempering) Betas() []float64 { return t.betas }

// Systems returns the number of independent systems.
func (t *Tempering) Systems() int { return t.systems }

// Row returns the sampler row that holds system's replica at β_k.
func (t *Tempering) Row(system, k int) int { return t.slot[system*len(t.betas)+k] }

// Level returns the ladder position k of the β at which row currently is.
func (t *Tempering) Level(row int) int { return t.level[row] }

// Sweep sweeps every replica, then attempts the exchanges of this sweep's
// parity: pairs (k, k+1) with k even after odd-numbered sweeps (the first
// is 1), odd after even ones, for every system in order.
func (t *Tempering) Sweep() {
	t.sampler.Sweep()
	K := len(t.betas)
	copy(t.swept, t.slot)
	clear(t.lastTried)
	clear(t.lastSwapped)
	if K == 1 {
		return
	}
	t.energies, _ = t.sampler.Energies(t.energies) // joint after a sweep
	first := (t.sampler.Sweeps() + 1) % 2
	for c := 0; c < t.systems; c++ {
		for k := first; k+1 < K; k += 2 {
			i, j := c*K+k, c*K+k+1
			r1, r2 := t.slot[i], t.slot[j]
			t.tried[k]++
			t.lastTried[i] = true
			logA := (t.betas[k] - t.betas[k+1]) * (t.energies[r1] - t.energies[r2])
			if logA >= 0 || t.swaps.Float64() < math.Exp(logA) {
				t.accepted[k]++
				t.lastSwapped[i] = true
				t.slot[i], t.slot[j] = r2, r1
				t.level[r1], t.level[r2] = k+1, k
				t.sampler.SetBeta(r1, t.betas[k+1])
				t.sampler.SetBeta(r2, t.betas[k])
			}
		}
	}
}

// SwapRates returns, per neighbouring pair (β_k, β_{k+1}), the fraction of
// exchange attempts accepted so far (NaN before any attempt); the slice has
// len(Betas)−1 entries.
func (t *Tempering) SwapRates() []float64 {
	out := make([]float64, len(t.betas)-1)
	for k := range out {
		out[k] = math.NaN()
		if t.tried[k] > 0 {
			out[k] = float64(t.accepted[k]) / float64(t.tried[k])
		}
	}
	return out
}

// SweptRow returns the row that held system's replica at β_k during the
// last sweep, before that sweep's exchanges: its state is the replica's
// sample at β_k for that sweep.
func (t *Tempering) SweptRow(system, k int) int { return t.swept[system*len(t.betas)+k] }

// LastSwap reports whether, after the last sweep, an exchange between
// system's replicas at β_k and β_{k+1} was attempted, and whether it was
// accepted.
func (t *Tempering) LastSwap(system, k int) (tried, swapped bool) {
	i := system*len(t.betas) + k
	return t.lastTried[i], t.lastSwapped[i]
}

// Energies returns the joint energies E(v,h) of every row as they were
// when the last exchanges were decided (indexed by row; nil with a single
// β). The slice is reused by the next sweep.
func (t *Tempering) Energies() []float64 { return t.energies }

// Restart lays the replicas out afresh from plain states, for a caller
// that changes the model between runs of sweeps (a trainer's tempered
// negative phase, see package train): system c's replica at β_k goes to
// row c·K+k with the visible state at row c·K+k of states (unit values,
// 0/1 or ±1; Chains×N as States writes them), the sweep count becomes
// sweeps (the exchange parity goes on as after that many sweeps: pass the
// sweeps made so far, or pairs of one parity only would ever exchange when
// runs are one sweep long), the sampler's block streams and the exchange
// stream become those of a Tempering made with Config.Stream stream, and
// the model is read again (ModelChanged). The same states, stream and
// sweeps give the same sweeps after at any GOMAXPROCS.
func (t *Tempering) Restart(states []float32, stream, sweeps int) {
	s := t.sampler
	K := len(t.betas)
	copy(s.v, states)
	for r := range t.slot {
		t.slot[r], t.level[r], t.swept[r] = r, r%K, r
		s.SetBeta(r, t.betas[r%K])
	}
	clear(t.lastTried)
	clear(t.lastSwapped)
	s.sweeps = sweeps
	s.Reseed(stream)
	t.swaps = rng.New(s.seed, s.replica, purpose(SwapPurpose, stream))
	s.ModelChanged()
}

// States writes every replica's visible state into dst (Chains×N,
// allocated if too short) in (system, β) order, system c's replica at β_k
// at row c·K+k, and returns it: the layout Restart reads.
func (t *Tempering) States(dst []float32) []float32 {
	s := t.sampler
	n := s.model.Visible
	if len(dst) < len(s.v) {
		dst = make([]float32, len(s.v))
	}
	for i, r := range t.slot {
		copy(dst[i*n:(i+1)*n], s.v[r*n:(r+1)*n])
	}
	return dst[:len(s.v)]
}
