package rbm

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/rng"
)

// randomModel draws weights N(0, scale²) and biases N(0, 1) (times
// biasScale), rounded to multiples of 2^-10 so that float32 stores them,
// their halves, quarters and small sums exactly: conversions between
// conventions are then exact and tests can use tight tolerances.
func randomModel(seed uint64, nv, nh int, units Units, scale, biasScale float64) *Model {
	r := rng.New(seed, 0, "rbm-test-model")
	q := func(x float64) float32 { return float32(math.Round(x*1024) / 1024) }
	m := New(nv, nh, units)
	for i := range m.W {
		m.W[i] = q(scale * r.NormFloat64())
	}
	for i := range m.A {
		m.A[i] = q(biasScale * r.NormFloat64())
	}
	for j := range m.B {
		m.B[j] = q(biasScale * r.NormFloat64())
	}
	return m
}

// config returns the configuration of n units numbered by s: unit i is on
// (1, or +1 for spins) when bit i of s is set, off (0, or −1) otherwise.
func config(s, n int, units Units) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch {
		case s>>i&1 == 1:
			x[i] = 1
		case units == Spin:
			x[i] = -1
		}
	}
	return x
}

// bruteLogZ enumerates both layers and sums e^{−E(v,h)}.
func bruteLogZ(m *Model) float64 {
	var terms []float64
	for s := range 1 << m.Visible {
		v := config(s, m.Visible, m.Units)
		for t := range 1 << m.Hidden {
			terms = append(terms, -m.Energy(v, config(t, m.Hidden, m.Units)))
		}
	}
	return LogSumExp(terms)
}

// bruteNegFreeEnergy returns log Σ_h e^{−E(v,h)} by enumerating h.
func bruteNegFreeEnergy(m *Model, v []float64) float64 {
	terms := make([]float64, 1<<m.Hidden)
	for t := range terms {
		terms[t] = -m.Energy(v, config(t, m.Hidden, m.Units))
	}
	return LogSumExp(terms)
}

// transpose swaps the layers; the distribution of (v,h) becomes that of
// (h,v), so Z is unchanged.
func transpose(m *Model) *Model {
	t := New(m.Hidden, m.Visible, m.Units)
	for i := range m.Visible {
		for j := range m.Hidden {
			t.W[j*m.Visible+i] = m.W[i*m.Hidden+j]
		}
	}
	copy(t.A, m.B)
	copy(t.B, m.A)
	return t
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func unitsName(u Units) string { return u.String() }

type shapeCase struct {
	nv, nh           int
	scale, biasScale float64
	bigRows          int // visible units whose weights are scaled by 300
}

func (c shapeCase) model(seed uint64, u Units) *Model {
	m := randomModel(seed, c.nv, c.nh, u, c.scale, c.biasScale)
	for i := range c.bigRows {
		for j := range c.nh {
			m.W[i*c.nh+j] *= 300
		}
	}
	return m
}

func (c shapeCase) String() string {
	return fmt.Sprintf("%dx%d_w%g_b%g_big%d", c.nv, c.nh, c.scale, c.biasScale, c.bigRows)
}

var shapes = []shapeCase{
	{6, 4, 1, 1, 0},   // enumerate hidden (N > M)
	{4, 6, 1, 1, 0},   // enumerate visible (N < M)
	{5, 5, 1, 1, 0},   // equal layers: enumerate visible
	{6, 4, 60, 1, 0},  // large inputs: several product chunks
	{4, 6, 60, 1, 0},  // same, other orientation
	{6, 4, 300, 1, 0}, // inputs beyond the product path: Softplus path
	{6, 4, 1, 2, 2},   // a mix of both paths
	{4, 6, 0.5, 20, 0},
}

func TestExactLogZMatchesBothLayerEnumeration(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		for k, c := range shapes {
			t.Run(unitsName(u)+"/"+c.String(), func(t *testing.T) {
				m := c.model(uint64(10+k), u)
				got, want := ExactLogZ(m), bruteLogZ(m)
				if !near(got, want, 1e-12) {
					t.Errorf("ExactLogZ = %.15g, enumerating both layers gives %.15g", got, want)
				}
			})
		}
	}
}

func TestFreeEnergyMatchesHiddenEnumeration(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		for k, c := range shapes {
			t.Run(unitsName(u)+"/"+c.String(), func(t *testing.T) {
				m := c.model(uint64(30+k), u)
				for s := range 1 << m.Visible {
					v := config(s, m.Visible, u)
					got, want := -m.FreeEnergy(v), bruteNegFreeEnergy(m, v)
					if !near(got, want, 1e-12) {
						t.Fatalf("state %d: −F = %.15g, log Σ_h e^{−E} = %.15g", s, got, want)
					}
				}
			})
		}
	}
}

func TestConditionalMeansMatchEnumeration(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		m := randomModel(5, 5, 4, u, 1.5, 1)
		for s := range 1 << m.Visible {
			v := config(s, m.Visible, u)
			// ⟨h_j⟩ = Σ_h h_j e^{−E(v,h)} / Σ_h e^{−E(v,h)}.
			want := make([]float64, m.Hidden)
			norm := 0.0
			for t := range 1 << m.Hidden {
				h := config(t, m.Hidden, u)
				w := math.Exp(-m.Energy(v, h))
				norm += w
				for j := range want {
					want[j] += w * h[j]
				}
			}
			got := make([]float64, m.Hidden)
			m.HiddenProb(v, got)
			for j := range got {
				if !near(got[j], want[j]/norm, 1e-12) {
					t.Fatalf("%v: HiddenProb(v=%d)[%d] = %g, enumeration gives %g", u, s, j, got[j], want[j]/norm)
				}
			}
		}
		// VisibleProb is HiddenProb of the transposed model.
		tm := transpose(m)
		for s := range 1 << m.Hidden {
			h := config(s, m.Hidden, u)
			got, want := make([]float64, m.Visible), make([]float64, m.Visible)
			m.VisibleProb(h, got)
			tm.HiddenProb(h, want)
			for i := range got {
				if !near(got[i], want[i], 1e-15) {
					t.Fatalf("%v: VisibleProb(h=%d)[%d] = %g, transposed HiddenProb %g", u, s, i, got[i], want[i])
				}
			}
		}
	}
}

func TestConversionPreservesDistribution(t *testing.T) {
	for _, c := range shapes[:3] {
		bern := c.model(50, Bernoulli)
		spin, c1 := bern.ToSpin()
		if spin.Units != Spin {
			t.Fatalf("ToSpin returned units %v", spin.Units)
		}
		// Energies differ by the returned constant, for every configuration.
		for s := range 1 << bern.Visible {
			for h := range 1 << bern.Hidden {
				eb := bern.Energy(config(s, bern.Visible, Bernoulli), config(h, bern.Hidden, Bernoulli))
				es := spin.Energy(config(s, bern.Visible, Spin), config(h, bern.Hidden, Spin))
				if !near(eb, es+c1, 1e-13) {
					t.Fatalf("%v: E_bern = %.15g but E_spin + c = %.15g", c, eb, es+c1)
				}
			}
		}
		// log Z_bern = log Z_spin − c, and log p(v) agrees everywhere.
		if zb, zs := ExactLogZ(bern), ExactLogZ(spin); !near(zb, zs-c1, 1e-12) {
			t.Errorf("%v: log Z_bern = %.15g, log Z_spin − c = %.15g", c, zb, zs-c1)
		}
		pb, ps := ExactVisibleLogProbs(bern), ExactVisibleLogProbs(spin)
		for s := range pb {
			if !near(pb[s], ps[s], 1e-12) {
				t.Fatalf("%v: log p(v=%d) = %.15g (bernoulli), %.15g (spin)", c, s, pb[s], ps[s])
			}
		}
		// Back to Bernoulli: same parameters (exact for these values) and
		// the same constant.
		back, c2 := spin.ToBernoulli()
		if c2 != c1 {
			t.Errorf("%v: ToBernoulli constant %g, ToSpin constant %g", c, c2, c1)
		}
		for _, pair := range [][2][]float32{{back.W, bern.W}, {back.A, bern.A}, {back.B, bern.B}} {
			for i := range pair[0] {
				if pair[0][i] != pair[1][i] {
					t.Fatalf("%v: round trip changed a parameter: %g → %g", c, pair[1][i], pair[0][i])
				}
			}
		}
	}
	// Converting to the model's own convention is a copy with constant 0.
	m := randomModel(1, 3, 2, Spin, 1, 1)
	if s, c := m.ToSpin(); c != 0 || &s.W[0] == &m.W[0] || s.W[0] != m.W[0] {
		t.Errorf("ToSpin of a spin model: constant %g, want a copy with 0", c)
	}
}

func TestZeroWeightLogZIsAnalytic(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		for _, shape := range [][2]int{{40, 18}, {18, 40}, {3, 1}} {
			m := randomModel(60, shape[0], shape[1], u, 0, 2)
			want := 0.0
			for _, x := range append(to64(m.A), to64(m.B)...) {
				if u == Spin {
					want += Log2Cosh(x)
				} else {
					want += Softplus(x)
				}
			}
			if got := ExactLogZ(m); !near(got, want, 1e-12) {
				t.Errorf("%v %dx%d: log Z = %.15g, analytic %.15g", u, shape[0], shape[1], got, want)
			}
		}
	}
}

// TestExactLogZMatchesFreeEnergySum checks the block kernel on a model with
// many blocks, many product chunks and some Softplus units against a
// plain sum of FreeEnergy over the enumerated layer.
func TestExactLogZMatchesFreeEnergySum(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		m := randomModel(70, 15, 120, u, 2, 1)
		for j := range 3 { // three hidden units with inputs beyond the product path
			for i := range m.Visible {
				m.W[i*m.Hidden+j] *= 100
			}
		}
		terms := make([]float64, 1<<m.Visible)
		for s := range terms {
			terms[s] = -m.FreeEnergy(config(s, m.Visible, u))
		}
		want := LogSumExp(terms)
		for _, mm := range []*Model{m, transpose(m)} {
			if got := ExactLogZ(mm); !near(got, want, 1e-12) {
				t.Errorf("%v %dx%d: ExactLogZ = %.15g, Σ e^{−F(v)} gives %.15g", u, mm.Visible, mm.Hidden, got, want)
			}
		}
		logp := ExactVisibleLogProbs(m)
		for s, lp := range logp {
			if want := terms[s] - want; !near(lp, want, 1e-11) {
				t.Fatalf("%v: log p(v=%d) = %.15g, −F − log Z = %.15g", u, s, lp, want)
			}
		}
	}
}

func TestVisibleLogProbsIndexingAndNormalization(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		for _, c := range shapes {
			m := c.model(80, u)
			logp := ExactVisibleLogProbs(m)
			if len(logp) != 1<<m.Visible {
				t.Fatalf("%d entries for %d visible units", len(logp), m.Visible)
			}
			if s := LogSumExp(logp); math.Abs(s) > 1e-12 {
				t.Errorf("%v %v: log Σ p(v) = %g, want 0", u, c, s)
			}
			// Bit i of the index is visible unit i: compare with −F(v) − log Z.
			logZ := bruteLogZ(m)
			for s := range logp {
				want := bruteNegFreeEnergy(m, config(s, m.Visible, u)) - logZ
				if !near(logp[s], want, 1e-11) {
					t.Fatalf("%v %v: log p(v=%d) = %.15g, brute force %.15g", u, c, s, logp[s], want)
				}
			}
		}
	}
}

func TestPseudoLogLikelihoodMatchesConditionals(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		m := randomModel(90, 6, 5, u, 1.5, 1)
		logp := ExactVisibleLogProbs(m)
		for s := range logp {
			want := 0.0
			for i := range m.Visible {
				flipped := s ^ 1<<i
				want += logp[s] - LogSumExp([]float64{logp[s], logp[flipped]})
			}
			if got := m.PseudoLogLikelihood(config(s, m.Visible, u)); !near(got, want, 1e-12) {
				t.Fatalf("%v v=%d: PLL = %.15g, from exact p(v) %.15g", u, s, got, want)
			}
		}
	}
}

func TestExactGradientMatchesFiniteDifferences(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin} {
		for k, shape := range [][2]int{{5, 3}, {3, 5}} {
			t.Run(fmt.Sprintf("%v/%dx%d", u, shape[0], shape[1]), func(t *testing.T) {
				m := randomModel(uint64(100+k), shape[0], shape[1], u, 0.75, 0.5)
				r := rng.New(7, k, "rbm-test-data")
				data := make([][]float64, 7)
				weights := make([]float64, len(data))
				for n := range data {
					data[n] = config(r.IntN(1<<m.Visible), m.Visible, u)
					weights[n] = float64(1 + r.IntN(3))
				}
				dW, da, db := ExactGradient(m, data, weights)

				// Central differences with a step that float32 represents
				// exactly on top of the 2^-10-grid parameters.
				const h = 1.0 / 1024
				check := func(name string, p []float32, grad []float64) {
					for i := range p {
						orig := p[i]
						p[i] = orig + h
						up := ExactAverageLogLikelihood(m, data, weights)
						p[i] = orig - h
						down := ExactAverageLogLikelihood(m, data, weights)
						p[i] = orig
						fd := (up - down) / (2 * h)
						if math.Abs(fd-grad[i]) > 2e-6 {
							t.Errorf("d/d%s[%d]: ExactGradient %.9f, finite difference %.9f", name, i, grad[i], fd)
						}
					}
				}
				check("W", m.W, dW)
				check("A", m.A, da)
				check("B", m.B, db)
			})
		}
	}
}

func TestExactGradientUnweightedEqualsUnitWeights(t *testing.T) {
	m := randomModel(3, 4, 6, Bernoulli, 1, 1)
	data := [][]float64{config(3, 4, Bernoulli), config(9, 4, Bernoulli), config(3, 4, Bernoulli)}
	w1, a1, b1 := ExactGradient(m, data, nil)
	w2, a2, b2 := ExactGradient(m, data[:2], []float64{2, 1})
	for _, pair := range [][2][]float64{{w1, w2}, {a1, a2}, {b1, b2}} {
		for i := range pair[0] {
			if !near(pair[0][i], pair[1][i], 1e-14) {
				t.Fatalf("repeating an example differs from weighting it: %g vs %g", pair[0][i], pair[1][i])
			}
		}
	}
}

func TestExactIdenticalAcrossGOMAXPROCS(t *testing.T) {
	m := randomModel(110, 60, 16, Bernoulli, 0.5, 1) // 2^16 hidden states: 16 blocks
	small := randomModel(111, 14, 9, Spin, 0.5, 1)   // 2^14 visible states
	data := [][]float64{config(5, 14, Spin), config(1000, 14, Spin)}
	run := func(procs int) (float64, []float64, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		dW, _, _ := ExactGradient(small, data, nil)
		return ExactLogZ(m), ExactVisibleLogProbs(small), dW
	}
	z1, p1, g1 := run(1)
	z2, p2, g2 := run(2)
	if z1 != z2 {
		t.Errorf("ExactLogZ: %.17g at GOMAXPROCS=1, %.17g at 2", z1, z2)
	}
	for s := range p1 {
		if p1[s] != p2[s] {
			t.Fatalf("ExactVisibleLogProbs[%d]: %.17g vs %.17g", s, p1[s], p2[s])
		}
	}
	for i := range g1 {
		if g1[i] != g2[i] {
			t.Fatalf("ExactGradient dW[%d]: %.17g vs %.17g", i, g1[i], g2[i])
		}
	}
}

func TestExactRefusesLargeOrMalformedModels(t *testing.T) {
	cases := []struct {
		m    *Model
		want string
	}{
		{New(26, 26, Bernoulli), "exceeds the limit"},
		{&Model{Visible: 3, Hidden: 2, W: make([]float32, 5), A: make([]float32, 3), B: make([]float32, 2)}, "len(W)=5"},
		{&Model{Visible: 0, Hidden: 2}, "at least one unit"},
	}
	for _, c := range cases {
		if _, err := ExactLogZErr(c.m); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ExactLogZErr(%d×%d): error %v, want one containing %q", c.m.Visible, c.m.Hidden, err, c.want)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("ExactLogZ of a 26×26 model did not panic")
			}
		}()
		ExactLogZ(New(26, 26, Bernoulli))
	}()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("ExactVisibleLogProbs with 26 visible units did not panic")
			}
		}()
		ExactVisibleLogProbs(New(26, 3, Bernoulli))
	}()
	// 26 visible but 3 hidden is fine for log Z: it enumerates the hidden layer.
	if _, err := ExactLogZErr(New(26, 3, Bernoulli)); err != nil {
		t.Errorf("ExactLogZErr(26×3): %v", err)
	}
}

func TestScalarFunctions(t *testing.T) {
	inf := math.Inf(1)
	lse := []struct {
		xs   []float64
		want float64
	}{
		{nil, math.Inf(-1)},
		{[]float64{math.Inf(-1), math.Inf(-1)}, math.Inf(-1)},
		{[]float64{1000, 1000}, 1000 + math.Ln2},
		{[]float64{-1000, -1000 + math.Log(3)}, -1000 + math.Log(4)},
		{[]float64{0, math.Log(2), math.Inf(-1)}, math.Log(3)},
		{[]float64{1, inf}, inf},
	}
	for _, c := range lse {
		if got := LogSumExp(c.xs); !(got == c.want || near(got, c.want, 1e-15)) {
			t.Errorf("LogSumExp(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
	if got := LogSumExp([]float64{1, math.NaN()}); !math.IsNaN(got) {
		t.Errorf("LogSumExp with NaN = %v", got)
	}
	for _, x := range []float64{-800, -30, -1, 0, 0.5, 30, 800} {
		// Softplus(x) − Softplus(−x) = x and Log2Cosh(x) = Softplus(2x) − x.
		if d := Softplus(x) - Softplus(-x); !near(d, x, 1e-15) {
			t.Errorf("Softplus(%g) − Softplus(%g) = %g", x, -x, d)
		}
		if got, want := Log2Cosh(x), Softplus(2*x)-x; !near(got, want, 1e-15) {
			t.Errorf("Log2Cosh(%g) = %g, Softplus(2x) − x = %g", x, got, want)
		}
		if got, want := Sigmoid(x)+Sigmoid(-x), 1.0; !near(got, want, 1e-15) {
			t.Errorf("σ(%g) + σ(−%g) = %g", x, x, got)
		}
	}
	if got, want := Softplus(-700), math.Exp(-700); math.Abs(got-want) > 1e-15*want {
		t.Errorf("Softplus(−700) = %g, want ≈ e^{−700} = %g", got, want)
	}
}

func BenchmarkExactLogZ(b *testing.B) {
	for _, nh := range []int{20, 25} {
		b.Run(fmt.Sprintf("N784_M%d", nh), func(b *testing.B) {
			m := randomModel(1, 784, nh, Bernoulli, 1, 1)
			for b.Loop() {
				ExactLogZ(m)
			}
		})
	}
}
