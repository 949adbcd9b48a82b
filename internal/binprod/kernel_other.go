//go:build !amd64

package binprod

const haveAVX2 = false

func sum64(dst, src *float32, stride int, idx *int32, n int, alpha, beta float32, w *float32, gamma float32) {
	panic("binprod: no assembly kernel on this architecture")
}
