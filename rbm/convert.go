package rbm

// Conversion between the Bernoulli (v,h ∈ {0,1}) and spin (s,t ∈ {±1})
// conventions. With s = 2v−1 and t = 2h−1,
//
//	E_bern(v,h) = −aᵀv − bᵀh − vᵀWh = E_spin(s,t) + c,
//	E_spin(s,t) = −θ_vᵀs − θ_hᵀt − sᵀJt,
//	J = W/4,  θ_v = a/2 + W·1/4,  θ_h = b/2 + Wᵀ·1/4,
//	c = −Σ_ij W_ij/4 − Σ_i a_i/2 − Σ_j b_j/2 = Σ_ij J_ij − Σ_i θ_v,i − Σ_j θ_h,j,
//
// so both describe the same distribution and log Z_bern = log Z_spin − c.

// ToSpin returns the model in the spin convention and the constant c with
// E_bern(v,h) = E_spin(2v−1, 2h−1) + c for every configuration, hence
// log Z_bern = log Z_spin − c. The identity holds exactly for the real
// numbers; the new parameters are rounded once to float32 (c is computed in
// float64 from the original parameters). A spin model is returned as a copy
// with c = 0.
func (m *Model) ToSpin() (*Model, float64) {
	if m.Units == Spin {
		return m.Clone(), 0
	}
	w, a, b := m.params64()
	j, tv, th, c := bernoulliToSpin(w, a, b, m.Visible, m.Hidden)
	return fromParams64(m.Visible, m.Hidden, Spin, j, tv, th), c
}

// ToBernoulli returns the model in the Bernoulli convention and the
// constant c with E_bern(v,h) = E_spin(2v−1, 2h−1) + c (the same sign
// convention as ToSpin), hence log Z_bern = log Z_spin − c. A Bernoulli
// model is returned as a copy with c = 0.
func (m *Model) ToBernoulli() (*Model, float64) {
	if m.Units == Bernoulli {
		return m.Clone(), 0
	}
	j, tv, th := m.params64()
	w, a, b, c := spinToBernoulli(j, tv, th, m.Visible, m.Hidden)
	return fromParams64(m.Visible, m.Hidden, Bernoulli, w, a, b), c
}

// params64 copies W, A and B to float64.
func (m *Model) params64() (w, a, b []float64) {
	return to64(m.W), to64(m.A), to64(m.B)
}

// bernoulliParams returns the model's distribution as float64 Bernoulli
// parameters and the constant c with E_bern = E_model + c, so that
// log Z_model = log Z_bern + c (c = 0 for a Bernoulli model). Converting in
// float64 keeps exact computations on spin models free of float32 rounding.
func (m *Model) bernoulliParams() (w, a, b []float64, c float64) {
	w, a, b = m.params64()
	if m.Units == Bernoulli {
		return w, a, b, 0
	}
	return spinToBernoulli(w, a, b, m.Visible, m.Hidden)
}

func bernoulliToSpin(w, a, b []float64, nv, nh int) (j, tv, th []float64, c float64) {
	j = make([]float64, len(w))
	tv = make([]float64, nv)
	th = make([]float64, nh)
	for i := range nv {
		tv[i] = a[i] / 2
	}
	for k := range nh {
		th[k] = b[k] / 2
	}
	for i := range nv {
		for k := range nh {
			wik := w[i*nh+k]
			j[i*nh+k] = wik / 4
			tv[i] += wik / 4
			th[k] += wik / 4
			c -= wik / 4
		}
		c -= a[i] / 2
	}
	for k := range nh {
		c -= b[k] / 2
	}
	return j, tv, th, c
}

func spinToBernoulli(j, tv, th []float64, nv, nh int) (w, a, b []float64, c float64) {
	w = make([]float64, len(j))
	a = make([]float64, nv)
	b = make([]float64, nh)
	for i := range nv {
		a[i] = 2 * tv[i]
		c -= tv[i]
	}
	for k := range nh {
		b[k] = 2 * th[k]
		c -= th[k]
	}
	for i := range nv {
		for k := range nh {
			jik := j[i*nh+k]
			w[i*nh+k] = 4 * jik
			a[i] -= 2 * jik
			b[k] -= 2 * jik
			c += jik
		}
	}
	return w, a, b, c
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

func to32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

func fromParams64(nv, nh int, u Units, w, a, b []float64) *Model {
	return &Model{Visible: nv, Hidden: nh, Units: u, W: to32(w), A: to32(a), B: to32(b)}
}
