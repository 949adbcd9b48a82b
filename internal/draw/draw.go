package draw

import (
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/rbm"
)

// Drawing a unit compares a uniform u with σ(z) without computing σ:
// u < σ(z) exactly when z > logit(u). The first 8 random bits of u name its
// bucket [k/256, (k+1)/256), and the table below holds the logits of the
// bucket edges, so for a field z
//
//	z ≥ logit((k+1)/256)   → u < σ(z): the unit is on,
//	z < logit(k/256)       → u ≥ σ(z): it is off,
//
// and only when σ(z) falls in u's own bucket (probability 1/256) are more
// bits of u needed: then σ(z) is computed in float64 and compared with the
// rest of u drawn as a 53-bit fraction. Sampling is exact for the float32
// field; the common path is two table loads and two subtractions, one
// eighth of a 64-bit draw, and no branch on the random outcome. Drawing
// units is all of a sweep that is not matrix products.
const bucketBits = 8

const buckets = 1 << bucketBits

// onAbove[k] ≥ logit((k+1)/256) and offBelow[k] ≤ logit(k/256), rounded
// outwards to float32 so that the float32 comparisons never decide a case
// the exact comparison would decide otherwise.
var onAbove, offBelow [buckets]float32

func init() {
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	for k := range buckets {
		if k == 0 {
			offBelow[k] = float32(math.Inf(-1))
		} else {
			offBelow[k] = roundDown32(logit(float64(k) / buckets))
		}
		if k == buckets-1 {
			onAbove[k] = float32(math.Inf(1))
		} else {
			onAbove[k] = roundUp32(logit(float64(k+1) / buckets))
		}
	}
}

func roundDown32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func roundUp32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// Units sets dst[j] = 1 with probability σ(scale·(prod[j] + bias[j]))
// and off otherwise; scale is β for Bernoulli units and 2β for spins.
func Units(dst, prod, bias []float32, scale, off float32, src *rand.Rand) {
	n := len(dst)
	prod, bias = prod[:n], bias[:n]
	const perDraw = 64 / bucketBits
	oneBits := math.Float32bits(1)
	flip := oneBits ^ math.Float32bits(off) // on ^ off, as bits
	for lo := 0; lo < n; lo += perDraw {
		bits := src.Uint64()
		hi := min(lo+perDraw, n)
		d, p, b := dst[lo:hi], prod[lo:hi], bias[lo:hi]
		for j := range d {
			k := uint8(bits)
			bits >>= bucketBits
			z := scale * (p[j] + b[j])
			// Sign bits: notOn is 1 when z < onAbove[k]; certainOff is
			// 1 when z < offBelow[k].
			notOn := math.Float32bits(z-onAbove[k]) >> 31
			certainOff := math.Float32bits(z-offBelow[k]) >> 31
			d[j] = math.Float32frombits(oneBits ^ flip&-notOn)
			if notOn&^certainOff != 0 {
				d[j] = refine(k, z, off, src)
			}
		}
	}
}

// refine decides a unit whose σ(z) lies in the bucket of its uniform u:
// u = (k + f)/256 with f uniform on [0,1), on when f < 256·σ(z) − k.
func refine(k uint8, z, off float32, src *rand.Rand) float32 {
	if src.Float64() < buckets*rbm.Sigmoid(float64(z))-float64(k) {
		return 1
	}
	return off
}

// Noise sets every unit on with probability ½.
func Noise(dst []float32, off float32, src *rand.Rand) {
	var x uint64
	for j := range dst {
		if j%64 == 0 {
			x = src.Uint64()
		}
		if x&1 == 1 {
			dst[j] = 1
		} else {
			dst[j] = off
		}
		x >>= 1
	}
}
