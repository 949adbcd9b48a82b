package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Blocks calls work(k, lo, hi) for every block k of [0, n) cut into blocks
// of size rows (the last one shorter), spread over up to GOMAXPROCS
// goroutines, and returns when all are done. The blocks must not depend
// on each other.
func Blocks(n, size int, work func(block, lo, hi int)) {
	if n <= 0 {
		return
	}
	nb := (n + size - 1) / size
	run := func(k int) { work(k, k*size, min((k+1)*size, n)) }
	workers := min(runtime.GOMAXPROCS(0), nb)
	if workers <= 1 {
		for k := range nb {
			run(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < nb; k = int(next.Add(1) - 1) {
				run(k)
			}
		}()
	}
	// The calling goroutine works too: one goroutine fewer to start.
	for k := int(next.Add(1) - 1); k < nb; k = int(next.Add(1) - 1) {
		run(k)
	}
	wg.Wait()
}
