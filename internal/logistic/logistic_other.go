//go:build !amd64

package logistic

const haveAVX2 = false

func apply8(dst, prod, bias *float32, n int, t *constants) {
	panic("logistic: no assembly kernel on this architecture")
}
