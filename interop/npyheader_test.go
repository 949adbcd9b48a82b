package interop

import (
	"strings"
	"testing"
)

// An .npy header that declares gigabytes is refused before the decoder
// allocates them (FuzzRead found one: 2.4 GB from a 14-byte file).
func TestNPYHeaderLengthBound(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want string
	}{
		{"version 2, 2.4 GB", "\x93NUMPY\x02\x00\xb4\x0f\x00\x8eA0", "its header claims 2382368692 bytes"},
		{"version 3, 64 KiB + 1", "\x93NUMPY\x03\x00\x01\x00\x01\x00{}", "its header claims 65537 bytes"},
	} {
		_, err := Read([]byte(tc.data), "x.npy", Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}
