package par

import (
	"runtime"
	"sync"
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

// Calls from many goroutines at once, and calls from inside a block, all
// complete and cover their indices once: the pool serves one call at a
// time and the others run on their callers.
func TestBlocksConcurrentAndNested(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range 50 {
				n := 37 + g + it
				seen := make([]atomic.Int32, n)
				Blocks(n, 5, func(_, lo, hi int) {
					for i := lo; i < hi; i++ {
						seen[i].Add(1)
						if i%7 == 0 { // a nested call
							inner := make([]atomic.Int32, 9)
							Blocks(9, 2, func(_, a, b int) {
								for j := a; j < b; j++ {
									inner[j].Add(1)
								}
							})
							for j := range inner {
								if inner[j].Load() != 1 {
									t.Errorf("nested: index %d visited %d times", j, inner[j].Load())
								}
							}
						}
					}
				})
				for i := range seen {
					if seen[i].Load() != 1 {
						t.Errorf("goroutine %d: index %d of %d visited %d times", g, i, n, seen[i].Load())
					}
				}
			}
		}()
	}
	wg.Wait()
}
