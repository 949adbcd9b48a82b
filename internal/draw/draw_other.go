//go:build !amd64

package draw

var haveAVX2 = false // a variable, so tests can switch paths on every architecture

func units8(dst, prod, bias *float32, words *uint64, amb *uint8, n int, scale, off float32) {
	panic("draw: no assembly kernel on this architecture")
}
