package mnist

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute MNIST directory, failing tb if it holds no
// MNIST files: tests that need real data fail rather than skip.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("RBMKIT_MNIST")
	if dir == "" {
		dir = filepath.Join(moduleRoot(), "..", "shared", "data", "mnist")
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		_, err = os.Stat(filepath.Join(abs, "t10k-images-idx3-ubyte.gz"))
	}
	if err != nil {
		tb.Fatalf("MNIST data not found (set RBMKIT_MNIST to the directory of the IDX files): %v", err)
	}
	return abs
}

// File returns the path of one MNIST file, e.g. "train10k-images-idx3-ubyte.gz".
func File(tb testing.TB, name string) string {
	tb.Helper()
	return filepath.Join(Dir(tb), name)
}

// moduleRoot walks up from the working directory (a package directory
// under go test) to the directory holding go.mod.
func moduleRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
