package train

import "math"

// exp32 is e^x in float32 precision (relative error below 3e-7 over the
// range where the result is a normal float32): Cody–Waite reduction
// x = k·ln2 + r, |r| ≤ ln2/2, and Cephes' degree-6 polynomial for e^r. The
// activations spend most of their time in exp; float64 math.Exp is several
// times slower and more precise than float32 storage can keep.
func exp32(x float32) float32 {
	switch {
	case x > 88.7:
		return float32(math.Inf(1))
	case x < -87.3:
		return 0
	}
	kf := x * 1.44269504088896341
	if kf < 0 {
		kf -= 0.5
	} else {
		kf += 0.5
	}
	k := float32(int32(kf))
	r := x - k*0.693359375 + k*2.12194440e-4
	p := ((((((1.9875691500e-4*r+1.3981999507e-3)*r+8.3334519073e-3)*r+4.1665795894e-2)*r+1.6666665459e-1)*r+5.0000001201e-1)*r*r + r + 1)
	// 2^k as two factors, so that k = 128 (x near the top) stays finite.
	half := int32(k) / 2
	return p * math.Float32frombits(uint32(half+127)<<23) * math.Float32frombits(uint32(int32(k)-half+127)<<23)
}

// sigmoid32 is 1/(1+e^{−x}) in float32.
func sigmoid32(x float32) float32 { return 1 / (1 + exp32(-x)) }
