//go:build !unix

package cli

func addressLimit() (float64, bool) { return 0, false }

func freeSpace(string) (float64, bool) { return 0, false }
