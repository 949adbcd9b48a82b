//go:build !amd64

package logistic

var haveAVX2 = false // a variable, so tests can switch paths on every architecture

func apply8(dst, prod, bias *float32, n int, t *constants) {
	panic("logistic: no assembly kernel on this architecture")
}
