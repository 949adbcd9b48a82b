package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Every index is visited exactly once, in the blocks the size names,
// whatever the number of goroutines.
func TestBlocksCoverEachIndexOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		for _, c := range []struct{ n, size int }{{0, 4}, {1, 4}, {7, 3}, {64, 8}, {65, 8}, {100, 1000}} {
			seen := make([]atomic.Int32, c.n)
			Blocks(c.n, c.size, func(k, lo, hi int) {
				if lo != k*c.size || hi != min(lo+c.size, c.n) {
					t.Errorf("n=%d size=%d: block %d is [%d,%d)", c.n, c.size, k, lo, hi)
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					t.Errorf("procs=%d n=%d size=%d: index %d visited %d times", procs, c.n, c.size, i, got)
				}
			}
		}
	}
}
