//go:build unix

package cli

import "syscall"

// addressLimit is the soft RLIMIT_AS (ulimit -v), if there is one.
func addressLimit() (float64, bool) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &l); err != nil || l.Cur == ^uint64(0) || l.Cur == 0 {
		return 0, false
	}
	return float64(l.Cur), true
}
