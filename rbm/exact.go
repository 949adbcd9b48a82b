package rbm

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/rbmkit/rbmkit/internal/par"
)

// MaxExactUnits is the largest layer the exact functions enumerate: 2^25
// states, a few seconds on two cores for an MNIST-sized other layer.
const MaxExactUnits = 25

// ExactLogZ returns log Z for the model in its own convention, by
// enumerating every state of the smaller layer and summing the other layer
// out analytically. It panics if the smaller layer has more than
// MaxExactUnits units or the model is malformed; ExactLogZErr returns an
// error instead. The work is split into fixed blocks of states, run on
// GOMAXPROCS goroutines and reduced in block order, so the result is
// bit-identical at any GOMAXPROCS.
func ExactLogZ(m *Model) float64 {
	z, err := ExactLogZErr(m)
	if err != nil {
		panic(err)
	}
	return z
}

// ExactLogZErr is ExactLogZ returning an error for a malformed model or one
// too large to enumerate.
func ExactLogZErr(m *Model) (float64, error) {
	if err := checkExact(m, min(m.Visible, m.Hidden)); err != nil {
		return 0, err
	}
	w, a, b, c := m.bernoulliParams()
	p := newPlan(w, a, b, m.Visible, m.Hidden, m.Visible <= m.Hidden)
	return p.logZ() + c, nil
}

// ExactVisibleLogProbs returns log p(v) for every visible configuration,
// indexed by state number s: visible unit i is on (v_i = 1 for Bernoulli,
// +1 for spin) exactly when bit i of s is set, so index 1 is unit 0 alone.
// It panics if Visible > MaxExactUnits; the result has 2^Visible entries.
func ExactVisibleLogProbs(m *Model) []float64 {
	if err := checkExact(m, m.Visible); err != nil {
		panic(err)
	}
	w, a, b, _ := m.bernoulliParams()
	// log p(v) is the same in both conventions, so work in the Bernoulli one.
	logZ := newPlan(w, a, b, m.Visible, m.Hidden, m.Visible <= m.Hidden).logZ()
	out := newPlan(w, a, b, m.Visible, m.Hidden, true).negFreeEnergies()
	for s := range out {
		out[s] -= logZ
	}
	return out
}

// ExactAverageLogLikelihood returns Σ_n w_n log p(v_n) / Σ_n w_n, with
// log p(v) = −F(v) − log Z and log Z exact (see ExactLogZ). data holds
// configurations in the model's convention; weights may be nil for equal
// weights.
func ExactAverageLogLikelihood(m *Model, data [][]float64, weights []float64) float64 {
	logZ := ExactLogZ(m)
	total, sum := 0.0, 0.0
	for n, v := range data {
		wn := weightOf(weights, n)
		total += wn
		sum += wn * -m.FreeEnergy(v)
	}
	return sum/total - logZ
}

// ExactGradient returns the exact gradient of ExactAverageLogLikelihood
// with respect to W (row-major Visible×Hidden), A and B, in the model's own
// convention: ⟨v hᵀ⟩_data − ⟨v hᵀ⟩_model, ⟨v⟩_data − ⟨v⟩_model and
// ⟨h⟩_data − ⟨h⟩_model, where the data averages use the weights (nil for
// equal weights), h is replaced by its conditional mean given v, and the
// model averages are exact sums over the smaller layer. The cost is
// 2^min(N,M)·N·M, so it is meant for small models; it panics if the smaller
// layer exceeds MaxExactUnits.
func ExactGradient(m *Model, data [][]float64, weights []float64) (dW, da, db []float64) {
	if err := checkExact(m, min(m.Visible, m.Hidden)); err != nil {
		panic(err)
	}
	if weights != nil && len(weights) != len(data) {
		panic(fmt.Sprintf("rbm: ExactGradient: %d weights for %d examples", len(weights), len(data)))
	}
	if len(data) == 0 {
		panic("rbm: ExactGradient: no data")
	}
	nv, nh := m.Visible, m.Hidden
	w, a, b, _ := m.bernoulliParams()

	// Statistics in the Bernoulli convention, in float64.
	dataVH := make([]float64, nv*nh)
	dataV := make([]float64, nv)
	dataH := make([]float64, nh)
	v := make([]float64, nv)
	mu := make([]float64, nh)
	total := 0.0
	for n, x := range data {
		if len(x) != nv {
			panic(fmt.Sprintf("rbm: ExactGradient: example %d has %d values, want %d", n, len(x), nv))
		}
		for i, xi := range x {
			if m.Units == Spin {
				xi = (xi + 1) / 2
			}
			v[i] = xi
		}
		conditionalMeans(w, b, v, mu)
		wn := weightOf(weights, n)
		total += wn
		for i, vi := range v {
			if vi == 0 {
				continue
			}
			dataV[i] += wn * vi
			row := dataVH[i*nh : (i+1)*nh]
			for k, mk := range mu {
				row[k] += wn * vi * mk
			}
		}
		for k, mk := range mu {
			dataH[k] += wn * mk
		}
	}
	for i := range dataVH {
		dataVH[i] /= total
	}
	for i := range dataV {
		dataV[i] /= total
	}
	for k := range dataH {
		dataH[k] /= total
	}

	modelVH, modelV, modelH := newPlan(w, a, b, nv, nh, nv <= nh).moments()

	dW = make([]float64, nv*nh)
	da = make([]float64, nv)
	db = make([]float64, nh)
	for i := range dW {
		dW[i] = dataVH[i] - modelVH[i]
	}
	for i := range da {
		da[i] = dataV[i] - modelV[i]
	}
	for k := range db {
		db[k] = dataH[k] - modelH[k]
	}
	if m.Units == Spin {
		// ⟨s tᵀ⟩ = 4⟨v hᵀ⟩ − 2⟨v⟩1ᵀ − 2·1⟨h⟩ᵀ + 1, ⟨s⟩ = 2⟨v⟩ − 1, ⟨t⟩ = 2⟨h⟩ − 1.
		for i := range nv {
			for k := range nh {
				dW[i*nh+k] = 4*dW[i*nh+k] - 2*da[i] - 2*db[k]
			}
		}
		for i := range da {
			da[i] *= 2
		}
		for k := range db {
			db[k] *= 2
		}
	}
	return dW, da, db
}

func weightOf(weights []float64, n int) float64 {
	if weights == nil {
		return 1
	}
	return weights[n]
}

func checkExact(m *Model, enumerated int) error {
	if err := m.Check(); err != nil {
		return err
	}
	if enumerated > MaxExactUnits {
		return fmt.Errorf("rbm: exact enumeration of %d units (model %d×%d) exceeds the limit of %d",
			enumerated, m.Visible, m.Hidden, MaxExactUnits)
	}
	return nil
}

// conditionalMeans sets out[c] = σ(d_c + Σ_r u_r K[r][c]) for the
// len(u)×len(d) row-major coupling matrix K.
func conditionalMeans(k, d, u, out []float64) {
	m := len(d)
	copy(out, d)
	for r, ur := range u {
		if ur == 0 {
			continue
		}
		for c, kc := range k[r*m : (r+1)*m] {
			out[c] += ur * kc
		}
	}
	for c, x := range out[:m] {
		out[c] = Sigmoid(x)
	}
}

// plan is a Bernoulli-convention RBM in float64 seen from the layer being
// enumerated: the enumerated layer has n units with biases c, the summed
// layer m units with biases d, and k is n×m row-major (row r holds the
// couplings of enumerated unit r). The negative free energy of an
// enumerated state u is cᵀu + Σ_j Softplus(d_j + (Kᵀu)_j).
type plan struct {
	n, m         int
	c, d, k      []float64
	enumVisible  bool
	nv, nh       int
	blockBits    int
	blocks       int
	fast, slow   []int     // summed units evaluated by products of exponentials, or by Softplus
	chunkEnd     []int     // ends of the chunks of fast (positions in fast)
	up, down     []float64 // n×len(fast): e^{+K[r][fast[q]]} and e^{−K[r][fast[q]]}
	kSlow, dFast []float64
	dSlow        []float64
}

const (
	// blockBits sets the states per work block (2^blockBits): large enough
	// to amortize the from-scratch start of a block, small enough that the
	// incremental updates inside it accumulate no visible rounding.
	blockBits = 12
	// fastBound is the largest |input| bound for which a summed unit is
	// handled through e^{x} kept by multiplication: e^{±600} stays normal.
	fastBound = 600
	// chunkBound caps Σ log(1+e^{x}) over a chunk, so that the product of
	// its factors stays below the float64 maximum e^{709.78}.
	chunkBound = 700
)

func newPlan(w, a, b []float64, nv, nh int, enumVisible bool) *plan {
	p := &plan{enumVisible: enumVisible, nv: nv, nh: nh}
	if enumVisible {
		p.n, p.m, p.c, p.d, p.k = nv, nh, a, b, w
	} else {
		p.n, p.m, p.c, p.d = nh, nv, b, a
		p.k = make([]float64, nh*nv)
		for i := range nv {
			for j := range nh {
				p.k[j*nv+i] = w[i*nh+j]
			}
		}
	}
	p.blockBits = min(p.n, blockBits)
	p.blocks = 1 << (p.n - p.blockBits)

	// |x_j| ≤ |d_j| + Σ_r |K[r][j]| for every state; that bound decides how
	// unit j is evaluated and which chunk it joins.
	chunk := 0.0
	for j := range p.m {
		bound := math.Abs(p.d[j])
		for r := range p.n {
			bound += math.Abs(p.k[r*p.m+j])
		}
		if !(bound <= fastBound) { // also catches NaN
			p.slow = append(p.slow, j)
			continue
		}
		if chunk+bound+math.Ln2 > chunkBound {
			p.chunkEnd = append(p.chunkEnd, len(p.fast))
			chunk = 0
		}
		chunk += bound + math.Ln2
		p.fast = append(p.fast, j)
	}
	if len(p.fast) > 0 {
		p.chunkEnd = append(p.chunkEnd, len(p.fast))
	}
	nf, ns := len(p.fast), len(p.slow)
	p.up = make([]float64, p.n*nf)
	p.down = make([]float64, p.n*nf)
	p.kSlow = make([]float64, p.n*ns)
	for r := range p.n {
		row := p.k[r*p.m : (r+1)*p.m]
		for q, j := range p.fast {
			p.up[r*nf+q] = math.Exp(row[j])
			p.down[r*nf+q] = math.Exp(-row[j])
		}
		for q, j := range p.slow {
			p.kSlow[r*ns+q] = row[j]
		}
	}
	p.dFast = make([]float64, nf)
	for q, j := range p.fast {
		p.dFast[q] = p.d[j]
	}
	p.dSlow = make([]float64, ns)
	for q, j := range p.slow {
		p.dSlow[q] = p.d[j]
	}
	return p
}

// scratch is one goroutine's working state for a block.
type scratch struct {
	e []float64 // e^{x_j} for the fast units
	x []float64 // x_j for the slow units
}

func (p *plan) newScratch() *scratch {
	return &scratch{e: make([]float64, len(p.fast)), x: make([]float64, len(p.slow))}
}

// runBlock calls visit(state, −F(state)) for every state of block blk: the
// states whose high bits equal blk, visited in Gray-code order of the low
// blockBits bits so that each step flips one unit and updates the summed
// layer's inputs in O(m). The block starts from scratch, so rounding in the
// updates cannot spread beyond it.
func (p *plan) runBlock(blk int, s *scratch, visit func(state int, negF float64)) {
	kb := p.blockBits
	base := blk << kb
	nf, ns := len(p.fast), len(p.slow)
	e, x := s.e, s.x
	copy(x, p.dSlow)
	copy(e, p.dFast) // inputs first; exponentiated below
	lin := 0.0
	for r := kb; r < p.n; r++ {
		if base>>r&1 == 0 {
			continue
		}
		lin += p.c[r]
		krow := p.k[r*p.m : (r+1)*p.m]
		for q, j := range p.fast {
			e[q] += krow[j]
		}
		for q, j := range p.slow {
			x[q] += krow[j]
		}
	}
	for q, xq := range e {
		e[q] = math.Exp(xq)
	}

	visit(base, lin+p.sumFast(e, nil)+sumSoftplus(x))
	for g := 1; g < 1<<kb; g++ {
		r := bits.TrailingZeros(uint(g)) // the unit that flips at step g
		gray := g ^ g>>1
		var mul []float64
		ks := p.kSlow[r*ns : (r+1)*ns]
		if gray>>r&1 == 1 {
			lin += p.c[r]
			mul = p.up[r*nf : (r+1)*nf]
			for q, kq := range ks {
				x[q] += kq
			}
		} else {
			lin -= p.c[r]
			mul = p.down[r*nf : (r+1)*nf]
			for q, kq := range ks {
				x[q] -= kq
			}
		}
		// sumFast also applies mul to the fast factors.
		visit(base|gray, lin+p.sumFast(e, mul)+sumSoftplus(x))
	}
}

// sumFast multiplies each e_q by mul_q (if mul is not nil) and returns
// Σ_q log(1+e_q) as the logarithm of the product of the factors (1+e_q).
// Four partial products per chunk break the multiplication chain; after
// each chunk the running product's binary exponent is moved to an integer
// (Frexp), so it never overflows and a single logarithm ends the sum.
func (p *plan) sumFast(e, mul []float64) float64 {
	acc, exp2 := 1.0, 0
	start := 0
	for _, end := range p.chunkEnd {
		ec := e[start:end]
		p0, p1, p2, p3 := 1.0, 1.0, 1.0, 1.0
		if mul != nil {
			mc := mul[start:end]
			for len(ec) >= 8 && len(mc) >= 8 {
				e8, m8 := ec[:8:8], mc[:8:8]
				e0, e1, e2, e3 := e8[0]*m8[0], e8[1]*m8[1], e8[2]*m8[2], e8[3]*m8[3]
				e4, e5, e6, e7 := e8[4]*m8[4], e8[5]*m8[5], e8[6]*m8[6], e8[7]*m8[7]
				e8[0], e8[1], e8[2], e8[3] = e0, e1, e2, e3
				e8[4], e8[5], e8[6], e8[7] = e4, e5, e6, e7
				p0 *= (1 + e0) * (1 + e4)
				p1 *= (1 + e1) * (1 + e5)
				p2 *= (1 + e2) * (1 + e6)
				p3 *= (1 + e3) * (1 + e7)
				ec, mc = ec[8:], mc[8:]
			}
			mc = mc[:len(ec)]
			for i, ei := range ec {
				e0 := ei * mc[i]
				ec[i] = e0
				p0 *= 1 + e0
			}
		} else {
			for _, e0 := range ec {
				p0 *= 1 + e0
			}
		}
		frac, ex := math.Frexp(acc * (p0 * p1 * p2 * p3))
		acc, exp2 = frac, exp2+ex
		start = end
	}
	return math.Log(acc) + float64(exp2)*math.Ln2
}

func sumSoftplus(x []float64) float64 {
	s := 0.0
	for _, xq := range x {
		s += Softplus(xq)
	}
	return s
}

// forBlocks runs work(blk, s) for every block on the worker pool of
// package internal/par, chunks of scratchBlocks blocks sharing one scratch.
// Each block writes only its own results, so callers that reduce in block
// order get schedule-independent answers.
func (p *plan) forBlocks(work func(blk int, s *scratch)) {
	par.Blocks(p.blocks, scratchBlocks, func(_, lo, hi int) {
		s := p.newScratch()
		for blk := lo; blk < hi; blk++ {
			work(blk, s)
		}
	})
}

// scratchBlocks is how many blocks of states one scratch serves: enough
// to make its allocation negligible, few enough to balance the cores.
const scratchBlocks = 16

// logZ returns log Σ_u e^{−F(u)} over all enumerated states.
func (p *plan) logZ() float64 {
	partial := make([]float64, p.blocks)
	p.forBlocks(func(blk int, s *scratch) {
		// Streaming log-sum-exp: keep the running maximum and the sum of
		// e^{value−max}, rescaling when the maximum grows.
		mx, sum := math.Inf(-1), 0.0
		p.runBlock(blk, s, func(_ int, negF float64) {
			if negF <= mx {
				sum += math.Exp(negF - mx)
				return
			}
			sum = sum*math.Exp(mx-negF) + 1
			mx = negF
		})
		partial[blk] = mx + math.Log(sum)
	})
	return LogSumExp(partial)
}

// negFreeEnergies returns −F(u) for every enumerated state u, indexed by
// state number (bit r ↔ unit r).
func (p *plan) negFreeEnergies() []float64 {
	out := make([]float64, 1<<p.n)
	p.forBlocks(func(blk int, s *scratch) {
		p.runBlock(blk, s, func(state int, negF float64) { out[state] = negF })
	})
	return out
}

// momentParts is the fixed number of parts the model moments are split
// into: each part sums its own states in order, and the parts are added in
// order, so the result does not depend on the number of goroutines.
const momentParts = 64

// moments returns the exact model expectations ⟨v hᵀ⟩ (nv×nh row-major),
// ⟨v⟩ and ⟨h⟩ in the Bernoulli convention, by enumerating the plan's layer
// and taking the summed layer's conditional means.
func (p *plan) moments() (vh, v, h []float64) {
	logZ := p.logZ()
	states := 1 << p.n
	parts := min(momentParts, states)
	type acc struct{ um, u, mu []float64 }
	accs := make([]acc, parts)
	par.Blocks(parts, 1, func(part, _, _ int) {
		u := make([]float64, p.n)
		mu := make([]float64, p.m)
		x := make([]float64, p.m)
		a := acc{make([]float64, p.n*p.m), make([]float64, p.n), make([]float64, p.m)}
		lo, hi := part*states/parts, (part+1)*states/parts
		for st := lo; st < hi; st++ {
			lin := 0.0
			copy(x, p.d)
			for r := range p.n {
				u[r] = float64(st >> r & 1)
				if u[r] == 0 {
					continue
				}
				lin += p.c[r]
				for j, kj := range p.k[r*p.m : (r+1)*p.m] {
					x[j] += kj
				}
			}
			negF := lin
			for j, xj := range x {
				negF += Softplus(xj)
				mu[j] = Sigmoid(xj)
			}
			prob := math.Exp(negF - logZ)
			for j := range mu {
				a.mu[j] += prob * mu[j]
			}
			for r := range p.n {
				if u[r] == 0 {
					continue
				}
				a.u[r] += prob
				row := a.um[r*p.m : (r+1)*p.m]
				for j, mj := range mu {
					row[j] += prob * mj
				}
			}
		}
		accs[part] = a
	})
	um := make([]float64, p.n*p.m)
	su := make([]float64, p.n)
	smu := make([]float64, p.m)
	for _, a := range accs {
		for i := range um {
			um[i] += a.um[i]
		}
		for i := range su {
			su[i] += a.u[i]
		}
		for i := range smu {
			smu[i] += a.mu[i]
		}
	}
	if p.enumVisible {
		return um, su, smu
	}
	vh = make([]float64, p.nv*p.nh)
	for r := range p.n { // hidden unit r
		for j := range p.m { // visible unit j
			vh[j*p.nh+r] = um[r*p.m+j]
		}
	}
	return vh, smu, su
}
