//go:build !amd64

package binprod

var haveAVX2 = false // a variable, so tests can switch paths on every architecture

func sum64(dst, src *float32, stride int, idx *int32, n int, alpha, beta float32, w *float32, gamma float32) {
	panic("binprod: no assembly kernel on this architecture")
}
