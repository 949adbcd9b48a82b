package mp

import "testing"

func BenchmarkFit784x500(b *testing.B) {
	sigma := spectrum(784, 500, 1, 1, []float64{200, 150, 120, 100, 90})
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(sigma, 784, 500, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
