package ais

import "math"

// The log-weight increment of one β step, Σ_j log(1+e^{β'(x_j+b_j)}) −
// log(1+e^{β(x_j+b_j)}), is most of AIS's work besides the products: two
// exponentials per hidden unit and chain. It runs four units at a time
// (AVX2 assembly on amd64 when the CPU has it) in float64; unitWeight is
// the same arithmetic for one lane, operation by operation, so that every
// machine gives the same bits: each product is rounded on its own (the
// float64 conversions forbid fused multiply-adds, which the assembly does
// not use either), and the constants are the table's.

// weight returns the increment above for β' = β + dBeta (see hiddenStep
// for the form that keeps tiny increments precise). Units go in chunks of
// logChunk: lane l of a chunk takes its units j ≡ l (mod 4), the units
// after the last full group of four go to lane 0, and one logarithm is
// taken of the chunk's product. A chunk in which some |dBeta|·|x| reaches
// ln2/2, where the short expm1 series is not precise enough (coarse
// schedules only), runs in Go with the full expm1.
func weight(xs []float32, b []float64, beta, dBeta float64) float64 {
	b = b[:len(xs)]
	h := dBeta * 0.5
	acc := 0.0
	for lo := 0; lo < len(xs); lo += logChunk {
		hi := min(lo+logChunk, len(xs))
		q := lo + (hi-lo)&^3
		var s, p [4]float64
		if !(haveAVX2 && q > lo && weight4(&xs[lo], &b[lo], (q-lo)/4, -beta, -dBeta, h, &s, &p)) {
			s, p = [4]float64{}, [4]float64{1, 1, 1, 1}
			for j := lo; j < q; j++ {
				l := (j - lo) & 3
				s[l], p[l] = unitWeight(xs[j], b[j], beta, dBeta, h, s[l], p[l])
			}
		}
		for j := q; j < hi; j++ {
			s[0], p[0] = unitWeight(xs[j], b[j], beta, dBeta, h, s[0], p[0])
		}
		acc += (s[0] + s[1]) + (s[2] + s[3])
		acc += math.Log(float64(p[0]*p[1]) * float64(p[2]*p[3]))
	}
	return acc
}

// unitWeight adds one unit's terms to a lane: s += h·(x+|x|) (h = Δβ/2:
// Δβ·max(x,0)) and p *= 1 + e·δ/(1+e) with e = e^{−β|x|} and
// δ = e^{−Δβ|x|} − 1.
func unitWeight(xf float32, bj, beta, dBeta, h, s, p float64) (float64, float64) {
	x := float64(xf) + bj
	ax := math.Abs(x)
	s += float64(h * float64(x+ax))
	e := expNeg(float64(-beta * ax))
	t := float64(-dBeta * ax)
	var delta float64
	if math.Abs(t) < ln2Half {
		delta = expm1Short(t)
	} else {
		delta = expm1Fast(t)
	}
	p = float64(p * (1 + float64(e*delta)/(1+e)))
	return s, p
}

// expNeg is e^t for t ≤ 0 (relative error below 1e-9): t is clamped at
// −708, where e^t is far below float64's precision next to 1 and the
// power of two stays normal, then reduced as in expFast.
func expNeg(t float64) float64 {
	t = max(t, -708)
	k := math.Floor(float64(t*math.Log2E) + 0.5)
	r := float64(t-float64(k*ln2Hi)) - float64(k*ln2Lo)
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	p01 := 1 + r
	p23 := 1.0/2 + float64(r*(1.0/6))
	p45 := 1.0/24 + float64(r*(1.0/120))
	p67 := 1.0/720 + float64(r*(1.0/5040))
	p89 := 1.0/40320 + float64(r*(1.0/362880))
	poly := float64(p01+float64(r2*p23)) + float64(r4*float64(p45+float64(r2*p67)))
	poly += float64(float64(r4*r4) * p89)
	return float64(poly * math.Float64frombits(uint64(int64(k)+1023)<<52))
}

// expm1Short is e^t − 1 for |t| < ln2/2 by its series to t⁹/9!, the
// polynomial of expm1Fast.
func expm1Short(t float64) float64 {
	t2 := float64(t * t)
	q0 := t + float64(t2*(1.0/2))
	q1 := 1.0/6 + float64(t*(1.0/24))
	q2 := 1.0/120 + float64(t*(1.0/720))
	q3 := 1.0/5040 + float64(t*(1.0/40320))
	c := q3 + float64(t2*(1.0/362880))
	c = q2 + float64(t2*c)
	c = q1 + float64(t2*c)
	return q0 + float64(float64(t2*t)*c)
}

// weightTable holds the assembly's constants, each in four lanes, in the
// order of the offsets in weight_amd64.s.
var weightTable = func() (t [16][4]uint64) {
	vals := [16]uint64{1<<63 - 1, math.Float64bits(math.Log2E), math.Float64bits(0.5), math.Float64bits(ln2Hi),
		math.Float64bits(ln2Lo), math.Float64bits(1), math.Float64bits(1.0 / 6), math.Float64bits(1.0 / 24),
		math.Float64bits(1.0 / 120), math.Float64bits(1.0 / 720), math.Float64bits(1.0 / 5040),
		math.Float64bits(1.0 / 40320), math.Float64bits(1.0 / 362880), math.Float64bits(-708),
		math.Float64bits(ln2Half), 1023}
	for i, v := range vals {
		t[i] = [4]uint64{v, v, v, v}
	}
	return t
}()
