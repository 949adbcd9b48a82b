package par

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Blocks calls work(k, lo, hi) for every block k of [0, n) cut into blocks
// of size rows (the last one shorter), spread over the calling goroutine
// and up to GOMAXPROCS−1 pool workers, and returns when all are done. The
// blocks must not depend on each other. A call made while another is
// running (from a block, or from another goroutine) runs its blocks on
// the calling goroutine alone.
func Blocks(n, size int, work func(block, lo, hi int)) {
	if n <= 0 {
		return
	}
	nb := (n + size - 1) / size
	run := func(k int) { work(k, k*size, min((k+1)*size, n)) }
	procs := runtime.GOMAXPROCS(0)
	if nb == 1 || procs == 1 || !thePool.busy.CompareAndSwap(false, true) {
		for k := range nb {
			run(k)
		}
		return
	}
	defer thePool.busy.Store(false)
	j := &job{run: run, blocks: int64(nb)}
	thePool.start(j, min(procs, nb)-1)
	j.help()
	for j.done.Load() < j.blocks {
		runtime.Gosched() // a worker is finishing its last block
	}
}

// A job is one call's blocks; workers and the caller take blocks from
// next until none are left, counting the finished ones in done.
type job struct {
	run        func(int)
	blocks     int64
	next, done atomic.Int64
}

func (j *job) help() {
	for k := j.next.Add(1) - 1; k < j.blocks; k = j.next.Add(1) - 1 {
		j.run(int(k))
		j.done.Add(1)
	}
}

// The pool's workers spin for a while after each job before they sleep:
// on a virtual machine, waking a sleeping thread took longer than the
// sub-millisecond parallel steps of a Gibbs sweep or a training step, so
// goroutines started per call ran those steps on one core (the same
// reason OpenBLAS's threads spin).
const spinFor = 200 * time.Microsecond

type pool struct {
	busy    atomic.Bool
	mu      sync.Mutex
	workers []*worker
	current atomic.Pointer[job]
	epoch   atomic.Uint64
}

type worker struct {
	sleeping atomic.Bool
	wake     chan struct{}
}

var thePool pool

// start publishes j and makes sure at least want workers exist and are
// awake.
func (p *pool) start(j *job, want int) {
	p.mu.Lock()
	for len(p.workers) < want {
		w := &worker{wake: make(chan struct{}, 1)}
		p.workers = append(p.workers, w)
		go p.loop(w, p.epoch.Load())
	}
	p.current.Store(j)
	p.epoch.Add(1)
	for _, w := range p.workers[:want] {
		if w.sleeping.Load() {
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
	p.mu.Unlock()
}

func (p *pool) loop(w *worker, seen uint64) {
	for {
		deadline := time.Now().Add(spinFor)
		for spins := 0; p.epoch.Load() == seen; spins++ {
			if spins%64 == 63 && time.Now().After(deadline) {
				w.sleeping.Store(true)
				if p.epoch.Load() == seen { // no job slipped in before the flag
					<-w.wake
				}
				w.sleeping.Store(false)
				deadline = time.Now().Add(spinFor)
			}
		}
		seen = p.epoch.Load()
		p.current.Load().help()
	}
}
