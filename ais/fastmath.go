package ais

import "math"

// expFast is e^x with a relative error below 1e-9: Cody–Waite reduction
// x = k·ln2 + r, |r| ≤ ln2/2, and the degree-9 Taylor polynomial of e^r.
// AIS spends most of its non-GEMM time in exponentials; math.Exp is
// several times slower and more precise than sampling and the
// relative-error form of the weight increments need.
func expFast(x float64) float64 {
	switch {
	case x < -708:
		return 0
	case x > 709:
		return math.Inf(1)
	case x != x:
		return x
	}
	k := math.Floor(x*math.Log2E + 0.5)
	r := x - k*ln2Hi - k*ln2Lo
	return expPoly(r) * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// ln2 split so that k·ln2Hi is exact for |k| < 2^20.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)

// expPoly is e^r for |r| ≤ ln2/2, by Estrin's scheme (short dependency
// chains) on the Taylor coefficients: the truncation error r^10/10! is
// below 1e-11.
func expPoly(r float64) float64 {
	r2 := r * r
	r4 := r2 * r2
	p01 := 1 + r
	p23 := 1.0/2 + r*(1.0/6)
	p45 := 1.0/24 + r*(1.0/120)
	p67 := 1.0/720 + r*(1.0/5040)
	p89 := 1.0/40320 + r*(1.0/362880)
	return p01 + r2*p23 + r4*(p45+r2*p67) + r4*r4*p89
}

// expm1Fast is e^t − 1 with a relative error below 1e-9, also for small
// |t|, where e^t − 1 would cancel.
func expm1Fast(t float64) float64 {
	if t > -ln2Half && t < ln2Half {
		t2 := t * t
		// t + t²/2 + … + t⁹/9!, grouped in pairs.
		q0 := t + t2*(1.0/2)
		q1 := 1.0/6 + t*(1.0/24)
		q2 := 1.0/120 + t*(1.0/720)
		q3 := 1.0/5040 + t*(1.0/40320)
		return q0 + t2*t*(q1+t2*(q2+t2*(q3+t2*(1.0/362880))))
	}
	return expFast(t) - 1
}

const ln2Half = 0.34657359027997264

// sigmoidFast is 1/(1+e^{−x}) with a relative error below 1e-9.
func sigmoidFast(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + expFast(-x))
	}
	e := expFast(x)
	return e / (1 + e)
}
