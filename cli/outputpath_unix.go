//go:build unix

package cli

import (
	"errors"
	"syscall"
)

// processGone says whether no process of that id runs on this host.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// dirWritable asks the kernel whether this process may create files in dir.
func dirWritable(dir string) bool {
	return syscall.Access(dir, 0x2|0x1) == nil // W_OK|X_OK
}
