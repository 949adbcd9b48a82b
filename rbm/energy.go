package rbm

import "math"

// Energy returns E(v,h) = −aᵀv − bᵀh − vᵀWh in the model's own convention:
// v and h hold 0/1 values for a Bernoulli model and ±1 for a spin model,
// whose A, B and W are then the fields θ_v, θ_h and the couplings J.
// len(v) must be Visible and len(h) Hidden.
func (m *Model) Energy(v, h []float64) float64 {
	v, h = v[:m.Visible], h[:m.Hidden]
	e := 0.0
	for i, vi := range v {
		e -= float64(m.A[i]) * vi
		if vi == 0 {
			continue
		}
		row := m.W[i*m.Hidden : (i+1)*m.Hidden]
		s := 0.0
		for j, hj := range h {
			s += float64(row[j]) * hj
		}
		e -= vi * s
	}
	for j, hj := range h {
		e -= float64(m.B[j]) * hj
	}
	return e
}

// hiddenField sets out[j] = b_j + (Wᵀv)_j, the input to hidden unit j.
func (m *Model) hiddenField(v, out []float64) {
	out = out[:m.Hidden]
	for j := range out {
		out[j] = float64(m.B[j])
	}
	for i, vi := range v[:m.Visible] {
		if vi == 0 {
			continue
		}
		row := m.W[i*m.Hidden : (i+1)*m.Hidden]
		for j, w := range row {
			out[j] += vi * float64(w)
		}
	}
}

// visibleField sets out[i] = a_i + (Wh)_i, the input to visible unit i.
func (m *Model) visibleField(h, out []float64) {
	h = h[:m.Hidden]
	for i := range out[:m.Visible] {
		row := m.W[i*m.Hidden : (i+1)*m.Hidden]
		s := float64(m.A[i])
		for j, hj := range h {
			s += float64(row[j]) * hj
		}
		out[i] = s
	}
}

// HiddenProb writes the conditional mean of each hidden unit given v into
// out (length Hidden). For a Bernoulli model that is p(h_j=1|v) =
// σ(b_j + (Wᵀv)_j); for a spin model it is ⟨h_j⟩ = tanh(b_j + (Wᵀv)_j),
// a value in (−1,1), from which p(h_j=+1|v) = (1+⟨h_j⟩)/2.
func (m *Model) HiddenProb(v []float64, out []float64) {
	m.hiddenField(v, out)
	m.mean(out[:m.Hidden])
}

// VisibleProb writes the conditional mean of each visible unit given h into
// out (length Visible): p(v_i=1|h) = σ(a_i + (Wh)_i) for a Bernoulli model,
// ⟨v_i⟩ = tanh(a_i + (Wh)_i) for a spin model.
func (m *Model) VisibleProb(h []float64, out []float64) {
	m.visibleField(h, out)
	m.mean(out[:m.Visible])
}

// mean turns fields into conditional means in place.
func (m *Model) mean(x []float64) {
	if m.Units == Spin {
		for i, xi := range x {
			x[i] = math.Tanh(xi)
		}
		return
	}
	for i, xi := range x {
		x[i] = Sigmoid(xi)
	}
}

// FreeEnergy returns F(v) = −aᵀv − Σ_j log Σ_{h_j} e^{h_j x_j} with
// x = b + Wᵀv, so that p(v) = e^{−F(v)}/Z. The inner sum is
// log(1+e^{x_j}) (Softplus) for Bernoulli units and log(2 cosh x_j)
// (Log2Cosh) for spin units; both are evaluated without overflow.
func (m *Model) FreeEnergy(v []float64) float64 {
	x := make([]float64, m.Hidden)
	m.hiddenField(v, x)
	f := 0.0
	for i, vi := range v[:m.Visible] {
		f -= float64(m.A[i]) * vi
	}
	return f - m.sumHidden(x)
}

// sumHidden returns Σ_j log Σ_{h_j} e^{h_j x_j}.
func (m *Model) sumHidden(x []float64) float64 {
	s := 0.0
	if m.Units == Spin {
		for _, xj := range x {
			s += Log2Cosh(xj)
		}
		return s
	}
	for _, xj := range x {
		s += Softplus(xj)
	}
	return s
}

// PseudoLogLikelihood returns Σ_i log p(v_i | v_{−i}), computed exactly
// from free-energy differences: log p(v_i|v_{−i}) = −Softplus(F(v) − F(v⁽ⁱ⁾))
// where v⁽ⁱ⁾ is v with unit i flipped (1−v_i, or −v_i for spins). v must
// be a valid configuration of the model's convention. Cost O(Visible·Hidden).
func (m *Model) PseudoLogLikelihood(v []float64) float64 {
	x := make([]float64, m.Hidden)
	m.hiddenField(v, x)
	base := m.sumHidden(x)
	pll := 0.0
	for i, vi := range v[:m.Visible] {
		flipped := 1 - vi
		if m.Units == Spin {
			flipped = -vi
		}
		delta := flipped - vi
		row := m.W[i*m.Hidden : (i+1)*m.Hidden]
		s := 0.0
		if m.Units == Spin {
			for j, w := range row {
				s += Log2Cosh(x[j] + delta*float64(w))
			}
		} else {
			for j, w := range row {
				s += Softplus(x[j] + delta*float64(w))
			}
		}
		// F(v⁽ⁱ⁾) − F(v) = −a_i·delta − (s − base).
		diff := -float64(m.A[i])*delta - (s - base)
		pll -= Softplus(-diff)
	}
	return pll
}

// Sigmoid is the logistic function 1/(1+e^{−x}), accurate in both tails.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Softplus returns log(1+e^x) without overflow for large x and without
// losing the tail for very negative x.
func Softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// Log2Cosh returns log(2 cosh x) = log(e^x + e^{−x}) without overflow.
func Log2Cosh(x float64) float64 {
	x = math.Abs(x)
	return x + math.Log1p(math.Exp(-2*x))
}

// LogSumExp returns log Σ e^{x_k}, shifting by the maximum so that no term
// overflows. It returns −Inf for an empty slice or all −Inf, +Inf if any
// term is +Inf, and NaN if any term is NaN. The sum runs in slice order, so
// the result is deterministic.
func LogSumExp(xs []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range xs {
		if math.IsNaN(x) {
			return x
		}
		if x > mx {
			mx = x
		}
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}
