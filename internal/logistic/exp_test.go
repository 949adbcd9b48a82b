package logistic

import (
	"math"
	"testing"
)

// exp32 against float64 math.Exp on a dense grid over its whole range.
func TestExp32(t *testing.T) {
	worst := 0.0
	for x := -87.0; x <= 88.5; x += 0.000731 {
		got, want := float64(exp32(float32(x))), math.Exp(float64(float32(x)))
		if rel := math.Abs(got-want) / want; rel > worst {
			worst = rel
		}
	}
	if worst > 3e-7 {
		t.Fatalf("largest relative error %.2g", worst)
	}
	if exp32(100) != float32(math.Inf(1)) || exp32(-100) != 0 || sigmoid32(-100) != 0 || sigmoid32(100) != 1 {
		t.Fatal("wrong limits")
	}
}

func BenchmarkExp32(b *testing.B) {
	var s float32
	for i := 0; i < b.N; i++ {
		s += exp32(float32(i%64) - 32)
	}
	_ = s
}
