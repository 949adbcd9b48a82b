package gibbs

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"testing"

	"github.com/rbmkit/rbmkit/internal/binprod"
	"github.com/rbmkit/rbmkit/internal/stattest"
	"github.com/rbmkit/rbmkit/internal/testmodel"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// randomModel draws W ~ N(0, scale²) and biases ~ N(0, biasScale²).
func randomModel(seed uint64, n, m int, units rbm.Units, scale, biasScale float64) *rbm.Model {
	return testmodel.Gaussian(rng.New(seed, 0, "test-model"), n, m, units, scale, biasScale)
}

// scaled returns the model whose distribution is p_β ∝ e^{−βE}.
func scaled(m *rbm.Model, beta float64) *rbm.Model {
	c := m.Clone()
	for _, p := range [][]float32{c.W, c.A, c.B} {
		for i := range p {
			p[i] = float32(float64(p[i]) * beta)
		}
	}
	return c
}

// pThreshold is the significance level of the equilibrium tests. Chains are
// independent and each contributes one sample, so Pearson's test is exact
// up to its asymptotics; a correct sampler fails with probability 10⁻³ per
// seed, and the seeds are fixed.
const pThreshold = 1e-3

func TestGibbsMatchesExactDistribution(t *testing.T) {
	for _, c := range []struct {
		name         string
		units        rbm.Units
		scale, biasS float64
		shift        float64 // added to every bias
	}{
		{"bernoulli", rbm.Bernoulli, 1.0, 0.5, 0},
		{"spin", rbm.Spin, 0.4, 0.2, 0},
		// Units mostly off: the products take the sparse row sums.
		{"sparse", rbm.Bernoulli, 1.0, 0.5, -2.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := shifted(randomModel(11, 10, 6, c.units, c.scale, c.biasS), c.shift)
			const chains, burnIn = 20000, 100
			s, err := New(m, Config{Chains: chains, Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			s.InitNoise()
			for range burnIn {
				s.Sweep()
			}
			counts := make([]int, 1<<m.Visible)
			for r := range chains {
				counts[stattest.StateIndex(s.Visible(r))]++
			}
			if c.shift != 0 {
				requireSparse(t, s)
			}
			p := stattest.ChiSquare(t, counts, rbm.ExactVisibleLogProbs(m))
			t.Logf("chi-square p = %.3g", p)
			if p < pThreshold {
				t.Errorf("visible-state frequencies differ from the exact distribution: chi-square p = %.3g", p)
			}
			// The same test must reject a nearby wrong distribution, or
			// passing it means nothing.
			if pw := stattest.ChiSquare(t, counts, rbm.ExactVisibleLogProbs(scaled(m, 0.85))); pw > 1e-6 {
				t.Errorf("the chi-square test cannot tell β = 0.85 from β = 1 (p = %.3g): no power", pw)
			}
		})
	}
}

// shifted adds shift to every bias of m.
func shifted(m *rbm.Model, shift float64) *rbm.Model {
	for _, b := range [][]float32{m.A, m.B} {
		for i := range b {
			b[i] += float32(shift)
		}
	}
	return m
}

// requireSparse fails unless s's visible and hidden states are sparse
// enough for the row-sum products, so the test covers that path.
func requireSparse(t *testing.T, s *Sampler) {
	t.Helper()
	for _, x := range [][]float32{s.VisibleStates(), s.HiddenStates()} {
		on := 0
		for _, u := range x {
			if u == 1 {
				on++
			}
		}
		if d := float64(on) / float64(len(x)); d >= binprod.SparseBelow {
			t.Fatalf("density %.3f: the test meant to cover sparse products does not", d)
		}
	}
}

func TestEnergiesMatchModel(t *testing.T) {
	for _, c := range []struct {
		units rbm.Units
		shift float64
	}{{rbm.Bernoulli, 0}, {rbm.Spin, 0}, {rbm.Bernoulli, -3}} {
		units := c.units
		m := shifted(randomModel(3, 40, 17, units, 0.5, 0.5), c.shift)
		s, err := New(m, Config{Chains: 70, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		s.InitNoise()
		if _, err := s.Energies(nil); err != ErrNoJointState {
			t.Errorf("%v: Energies before a sweep: err = %v, want ErrNoJointState", units, err)
		}
		for range 3 {
			s.Sweep()
		}
		e, err := s.Energies(nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.shift != 0 {
			requireSparse(t, s)
		}
		f := s.FreeEnergies(nil)
		for r := range s.Chains() {
			v, h := to64(s.Visible(r)), to64(s.Hidden(r))
			if want := m.Energy(v, h); math.Abs(e[r]-want) > 1e-4*(1+math.Abs(want)) {
				t.Errorf("%v chain %d: energy %v, rbm.Energy says %v", units, r, e[r], want)
			}
			if want := m.FreeEnergy(v); math.Abs(f[r]-want) > 1e-4*(1+math.Abs(want)) {
				t.Errorf("%v chain %d: free energy %v, rbm.FreeEnergy says %v", units, r, f[r], want)
			}
		}
		// Setting a state refreshes the free energy and forgets h.
		on := make([]bool, m.Visible)
		on[3] = true
		s.SetVisible(0, on)
		if got, want := s.FreeEnergies(nil)[0], m.FreeEnergy(to64(s.Visible(0))); math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
			t.Errorf("%v: free energy after SetVisible %v, want %v", units, got, want)
		}
		if _, err := s.Energies(nil); err != ErrNoJointState {
			t.Errorf("%v: Energies after SetVisible: err = %v, want ErrNoJointState", units, err)
		}
	}
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

func TestInfiniteTemperatureIsUniform(t *testing.T) {
	// At β = 0 every unit is a fair coin whatever the model.
	m := randomModel(4, 30, 20, rbm.Bernoulli, 3, 3)
	s, _ := New(m, Config{Chains: 2000, Seed: 9})
	for r := range s.Chains() {
		s.SetBeta(r, 0)
	}
	s.InitNoise()
	s.Sweep()
	s.Sweep()
	on, total := 0, 0
	for _, x := range s.VisibleStates() {
		on += int(x)
		total++
	}
	for _, x := range s.HiddenStates() {
		on += int(x)
		total++
	}
	// Binomial(total, ½): 5 standard deviations.
	if d := math.Abs(float64(on) - float64(total)/2); d > 5*math.Sqrt(float64(total)/4) {
		t.Errorf("β = 0: %d of %d units on, expected half", on, total)
	}
	if err := s.SetBeta(0, math.NaN()); err == nil {
		t.Error("SetBeta(NaN) accepted")
	}
}

func TestIdenticalAcrossGOMAXPROCS(t *testing.T) {
	m := randomModel(8, 50, 30, rbm.Bernoulli, 0.3, 0.3)
	run := func(procs int, seed uint64) ([]float32, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		s, _ := New(m, Config{Chains: 5*BlockChains + 7, Seed: seed, Replica: 1})
		s.InitNoise()
		for range 5 {
			s.Sweep()
		}
		return append(s.VisibleStates(), s.HiddenStates()...), s.FreeEnergies(nil)
	}
	v1, f1 := run(1, 1)
	for _, procs := range []int{2, 3} {
		v, f := run(procs, 1)
		if !slices.Equal(v, v1) || !slices.Equal(f, f1) {
			t.Errorf("GOMAXPROCS=%d: states or free energies differ from GOMAXPROCS=1", procs)
		}
	}
	if v, _ := run(2, 2); slices.Equal(v, v1) {
		t.Error("seeds 1 and 2 gave the same chains")
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	if _, err := New(rbm.New(3, 2, rbm.Bernoulli), Config{Chains: 0}); err == nil {
		t.Error("0 chains accepted")
	}
	bad := rbm.New(3, 2, rbm.Bernoulli)
	bad.W = bad.W[:5]
	if _, err := New(bad, Config{Chains: 1}); err == nil {
		t.Error("malformed model accepted")
	}
	for _, betas := range [][]float64{nil, {0.5, 0.2}, {1, 1}, {1, 0.5, 0.7}, {1, -0.1}} {
		if _, err := NewTempering(rbm.New(3, 2, rbm.Bernoulli), 2, betas, Config{}); err == nil {
			t.Errorf("ladder %v accepted", betas)
		}
	}
}

// exactSwapRate is E[min(1, exp((β1−β2)(E1−E2)))] for independent joint
// configurations drawn from p_β1(v,h) and p_β2(v,h), by full enumeration of
// the joint states and one sort: with Δβ > 0 the term is 1 when E1 ≥ E2,
// e^{Δβ E1}·e^{−Δβ E2} otherwise, so suffix sums over sorted E2 suffice.
func exactSwapRate(m *rbm.Model, b1, b2 float64) float64 {
	n, hid := m.Visible, m.Hidden
	energies := make([]float64, 1<<(n+hid))
	v, h := make([]float64, n), make([]float64, hid)
	off := 0.0
	if m.Units == rbm.Spin {
		off = -1
	}
	for s := range energies {
		for i := range v {
			v[i] = off
			if s>>i&1 == 1 {
				v[i] = 1
			}
		}
		for j := range h {
			h[j] = off
			if s>>(n+j)&1 == 1 {
				h[j] = 1
			}
		}
		energies[s] = m.Energy(v, h)
	}
	sort.Float64s(energies)
	boltzmann := func(beta float64) []float64 {
		w := make([]float64, len(energies))
		lo := energies[0]
		z := 0.0
		for i, e := range energies {
			w[i] = math.Exp(-beta * (e - lo))
			z += w[i]
		}
		for i := range w {
			w[i] /= z
		}
		return w
	}
	p1, p2 := boltzmann(b1), boltzmann(b2)
	db := b1 - b2
	// below[i] = P2(E2 ≤ energies[i]); above[i] = Σ_{E2 > energies[i]} p2 e^{−Δβ(E2−E1)}.
	rate := 0.0
	cum := 0.0
	j := 0
	suffix := make([]float64, len(energies)+1) // Σ_{k≥i} p2[k] e^{−Δβ (E_k − E_0)}
	for k := len(energies) - 1; k >= 0; k-- {
		suffix[k] = suffix[k+1] + p2[k]*math.Exp(-db*(energies[k]-energies[0]))
	}
	for i, e1 := range energies {
		for j < len(energies) && energies[j] <= e1 {
			cum += p2[j]
			j++
		}
		rate += p1[i] * (cum + math.Exp(db*(e1-energies[0]))*suffix[j])
	}
	return rate
}

func TestTemperingMatchesExact(t *testing.T) {
	for _, c := range []struct {
		units        rbm.Units
		scale, biasS float64
	}{
		{rbm.Bernoulli, 2.0, 0.5},
		{rbm.Spin, 0.7, 0.2},
	} {
		t.Run(c.units.String(), func(t *testing.T) {
			m := randomModel(21, 10, 6, c.units, c.scale, c.biasS)
			betas := Ladder(4, 0.4)
			const systems, burnIn, measured = 10000, 60, 40
			pt, err := NewTempering(m, systems, betas, Config{Seed: 6})
			if err != nil {
				t.Fatal(err)
			}
			pt.Sampler().InitNoise()
			for range burnIn {
				pt.Sweep()
			}
			before := slices.Clone(pt.tried)
			acceptedBefore := slices.Clone(pt.accepted)
			for range measured {
				pt.Sweep()
			}
			s := pt.Sampler()
			for _, k := range []int{0, len(betas) - 1} {
				counts := make([]int, 1<<m.Visible)
				for sys := range systems {
					counts[stattest.StateIndex(s.Visible(pt.SweptRow(sys, k)))]++
				}
				p := stattest.ChiSquare(t, counts, rbm.ExactVisibleLogProbs(scaled(m, betas[k])))
				t.Logf("β = %.3f: chi-square p = %.3g", betas[k], p)
				if p < pThreshold {
					t.Errorf("β = %.3f: visible-state frequencies differ from the exact distribution: chi-square p = %.3g", betas[k], p)
				}
			}
			// Exchange acceptance after burn-in against the exact expectation.
			for k := 0; k+1 < len(betas); k++ {
				tried := pt.tried[k] - before[k]
				got := float64(pt.accepted[k]-acceptedBefore[k]) / float64(tried)
				want := exactSwapRate(m, betas[k], betas[k+1])
				// Attempts are correlated within a system over sweeps; allow
				// 6 binomial standard deviations of the systems×sweeps/2
				// attempts, inflated by √10 for that correlation.
				tol := 6 * math.Sqrt(want*(1-want)/float64(tried)*10)
				t.Logf("pair β %.3f/%.3f: swap rate %.4f, exact %.4f (±%.4f)", betas[k], betas[k+1], got, want, tol)
				if math.Abs(got-want) > tol {
					t.Errorf("pair β %.3f/%.3f: swap rate %.4f, exact %.4f (±%.4f)", betas[k], betas[k+1], got, want, tol)
				}
				if rates := pt.SwapRates(); !(rates[k] > 0 && rates[k] < 1) {
					t.Errorf("SwapRates()[%d] = %v", k, rates[k])
				}
			}
			// Every (system, β) is held by exactly one row.
			seen := make([]bool, s.Chains())
			for sys := range systems {
				for k := range betas {
					r := pt.Row(sys, k)
					if seen[r] || pt.Level(r) != k || s.Beta(r) != float64(float32(betas[k])) {
						t.Fatalf("row %d: bookkeeping broken", r)
					}
					seen[r] = true
				}
			}
		})
	}
}

func TestLadder(t *testing.T) {
	b := Ladder(5, 0.1)
	if b[0] != 1 || math.Abs(b[4]-0.1) > 1e-15 {
		t.Errorf("Ladder(5, 0.1) = %v: wrong ends", b)
	}
	for k := 1; k < len(b); k++ {
		if r := b[k] / b[k-1]; math.Abs(r-math.Pow(0.1, 0.25)) > 1e-12 {
			t.Errorf("Ladder(5, 0.1): ratio %v at %d, want constant 0.1^¼", r, k)
		}
	}
	if got := Ladder(1, 0.3); len(got) != 1 || got[0] != 1 {
		t.Errorf("Ladder(1, ·) = %v", got)
	}
}
