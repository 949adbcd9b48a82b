package draw

import (
	"math"
	"math/bits"
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
// field; the common path is two table loads and two comparisons and one
// eighth of a 64-bit draw. Drawing units is all of a sweep that is not
// matrix products.
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
//
// Units go in chunks of chunkUnits: first one 64-bit draw per eight units
// (a byte each) for the whole chunk, then, in index order, a 53-bit draw
// for each unit whose σ fell in its own bucket. Eight units at a time go
// through AVX2 assembly (a table gather per bound) where the CPU has it;
// the Go loop makes the same comparisons, so both give the same bits.
func Units(dst, prod, bias []float32, scale, off float32, src *rand.Rand) {
	n := len(dst)
	prod, bias = prod[:n], bias[:n]
	var words [chunkUnits / 8]uint64
	var amb [chunkUnits / 8]uint8 // bit j of amb[w]: unit 8w+j needs refining
	for lo := 0; lo < n; lo += chunkUnits {
		hi := min(lo+chunkUnits, n)
		nw := (hi - lo + 7) / 8
		for w := range nw {
			words[w] = src.Uint64()
		}
		d, p, b := dst[lo:hi], prod[lo:hi], bias[lo:hi]
		full := 0
		if haveAVX2 {
			full = (hi - lo) / 8
			if full > 0 {
				units8(&d[0], &p[0], &b[0], &words[0], &amb[0], full, scale, off)
			}
		}
		for w := full; w < nw; w++ {
			amb[w] = unitsGo(d[8*w:min(8*w+8, len(d))], p[8*w:], b[8*w:], words[w], scale, off)
		}
		for w := range nw {
			for m := amb[w]; m != 0; m &= m - 1 {
				j := 8*w + bits.TrailingZeros8(m)
				k := uint8(words[w] >> (8 * (j % 8)))
				d[j] = refine(k, scale*(p[j]+b[j]), off, src)
			}
		}
	}
}

// chunkUnits is the number of units whose random bytes are drawn at once.
const chunkUnits = 512

// unitsGo draws up to eight units from the bytes of word, as units8 does,
// and returns the mask of those needing refinement (left off).
func unitsGo(d, p, b []float32, word uint64, scale, off float32) (amb uint8) {
	for j := range d {
		k := uint8(word >> (8 * j))
		z := scale * (p[j] + b[j])
		if z >= onAbove[k] {
			d[j] = 1
			continue
		}
		d[j] = off
		if !(z < offBelow[k]) {
			amb |= 1 << j
		}
	}
	return amb
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
