//go:build !amd64

package ais

var haveAVX2 = false // a variable, so tests can switch paths on every architecture

func weight4(x *float32, b *float64, n int, nbeta, ndBeta, h float64, s, p *[4]float64) bool {
	panic("ais: no assembly kernel on this architecture")
}
