//go:build !amd64

package draw

const haveAVX2 = false

func units8(dst, prod, bias *float32, words *uint64, amb *uint8, n int, scale, off float32) {
	panic("draw: no assembly kernel on this architecture")
}
