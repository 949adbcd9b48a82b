//go:build !unix

package cli

// processGone cannot tell here: no temporary file is judged stale.
func processGone(pid int) bool { return false }

// dirWritable cannot ask here; creating the file will tell.
func dirWritable(dir string) bool { return true }
