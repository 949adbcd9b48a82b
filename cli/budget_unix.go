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

// freeSpace is the space an unprivileged user may still write on the file
// system of dir.
func freeSpace(dir string) (float64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return float64(st.Bavail) * float64(st.Bsize), true
}
