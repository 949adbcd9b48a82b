package gibbs

import (
	"math"
	"math/rand/v2"
)

// expNeg32 is e^{−x} in float32 precision (relative error below 3e-7 where
// the result is a normal float32): Cody–Waite reduction −x = k·ln2 + r,
// |r| ≤ ln2/2, and Cephes' degree-6 polynomial for e^r. Drawing the units is
// the part of a sweep not spent in the matrix products, and math.Exp in
// float64 is several times slower than what float32 fields need.
func expNeg32(x float32) float32 {
	x = -x
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
	// 2^k as two factors, so that k = 128 stays finite.
	half := int32(k) / 2
	return p * math.Float32frombits(uint32(half+127)<<23) * math.Float32frombits(uint32(int32(k)-half+127)<<23)
}

// uniformScale maps a 24-bit integer u to (u + ½)·2^−24, a uniform float32
// strictly inside (0, 1).
const uniformScale = 1.0 / (1 << 24)

// drawUnits sets dst[j] = on with probability σ(scale·(prod[j] + bias[j]))
// and off otherwise, where scale is β for Bernoulli units and 2β for spins.
// One 64-bit draw gives two 24-bit uniforms; a unit is on exactly when
// u·(1 + e^{−z}) < 1, i.e. u < σ(z), which needs no division.
func drawUnits(dst, prod, bias []float32, scale, off float32, src *rand.Rand) {
	n := len(dst)
	prod, bias = prod[:n], bias[:n]
	j := 0
	for ; j+1 < n; j += 2 {
		x := src.Uint64()
		u0 := (float32(x>>40) + 0.5) * uniformScale
		u1 := (float32((x>>8)&(1<<24-1)) + 0.5) * uniformScale
		dst[j] = pick(u0*(1+expNeg32(scale*(prod[j]+bias[j]))) < 1, off)
		dst[j+1] = pick(u1*(1+expNeg32(scale*(prod[j+1]+bias[j+1]))) < 1, off)
	}
	if j < n {
		u := (float32(src.Uint64()>>40) + 0.5) * uniformScale
		dst[j] = pick(u*(1+expNeg32(scale*(prod[j]+bias[j]))) < 1, off)
	}
}

func pick(on bool, off float32) float32 {
	if on {
		return 1
	}
	return off
}

// drawNoise sets every unit on with probability ½.
func drawNoise(dst []float32, off float32, src *rand.Rand) {
	var x uint64
	for j := range dst {
		if j%64 == 0 {
			x = src.Uint64()
		}
		dst[j] = pick(x&1 == 1, off)
		x >>= 1
	}
}
