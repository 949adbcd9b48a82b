package logistic

import "math"

// The constants of exp32, as float32 (the assembly reads the same values
// from table).
const (
	log2e    float32 = 1.44269504088896341
	ln2Hi    float32 = 0.693359375
	ln2Lo    float32 = 2.12194440e-4 // ln2 = ln2Hi − ln2Lo
	p6       float32 = 1.9875691500e-4
	p5       float32 = 1.3981999507e-3
	p4       float32 = 8.3334519073e-3
	p3       float32 = 4.1665795894e-2
	p2       float32 = 1.6666665459e-1
	p1       float32 = 5.0000001201e-1
	expAbove float32 = 88.7  // e^x overflows float32 above
	expBelow float32 = -87.3 // and is flushed to 0 below
)

// exp32 is e^x in float32 precision (relative error below 3e-7 over the
// range where the result is a normal float32): Cody–Waite reduction
// x = k·ln2 + r, |r| ≤ ln2/2, and Cephes' degree-6 polynomial for e^r.
// Every product is rounded on its own (the float32 conversions forbid
// fused multiply-adds) so the assembly, which does not fuse either, gives
// the same bits.
func exp32(x float32) float32 {
	switch {
	case x > expAbove:
		return float32(math.Inf(1))
	case x < expBelow:
		return 0
	}
	kf := float32(x * log2e)
	if kf < 0 {
		kf -= 0.5
	} else {
		kf += 0.5
	}
	ki := int32(kf) // truncation: kf ± ½ rounds to nearest
	k := float32(ki)
	r := float32(x-float32(k*ln2Hi)) + float32(k*ln2Lo)
	p := float32(p6*r) + p5
	p = float32(p*r) + p4
	p = float32(p*r) + p3
	p = float32(p*r) + p2
	p = float32(p*r) + p1
	p = float32(float32(p*r)*r) + r + 1
	// 2^k as two factors, so that k = 128 (x near the top) stays finite.
	half := ki / 2
	return float32(p*math.Float32frombits(uint32(half+127)<<23)) * math.Float32frombits(uint32(ki-half+127)<<23)
}

// sigmoid32 is 1/(1+e^{−x}) in float32.
func sigmoid32(x float32) float32 { return 1 / (1 + exp32(-x)) }
