package logistic

import (
	"fmt"
	"math"
)

// Apply sets dst[j] = mul·σ(scale·(prod[j] + bias[j])) + add for every j
// of dst: E[unit | field] is (1, 1, 0) for Bernoulli units, (2, 2, −1) —
// tanh — for spins.
func Apply(dst, prod, bias []float32, scale, mul, add float32) {
	if len(prod) < len(dst) || len(bias) < len(dst) {
		panic(fmt.Sprintf("logistic: dst %d, prod %d, bias %d", len(dst), len(prod), len(bias)))
	}
	j := 0
	if haveAVX2 && len(dst) >= 8 {
		t := table(scale, mul, add)
		j = len(dst) &^ 7
		apply8(&dst[0], &prod[0], &bias[0], j/8, &t)
	}
	for ; j < len(dst); j++ {
		dst[j] = one(prod[j], bias[j], scale, mul, add)
	}
}

// one is Apply for a single unit.
func one(prod, bias, scale, mul, add float32) float32 {
	z := float32(scale * (prod + bias))
	return float32(mul*sigmoid32(z)) + add
}

// constants is the assembly's table: each value repeated in the eight
// lanes of a YMM register, in the order the kernel reads them.
type constants [20][8]float32

func table(scale, mul, add float32) constants {
	vals := [20]float32{scale, log2e, 0.5, math.Float32frombits(1 << 31), ln2Hi, ln2Lo,
		p6, p5, p4, p3, p2, p1, 1, expAbove, expBelow, float32(math.Inf(1)),
		math.Float32frombits(127), mul, add, 0}
	var t constants
	for i, v := range vals {
		for l := range t[i] {
			t[i][l] = v
		}
	}
	return t
}
