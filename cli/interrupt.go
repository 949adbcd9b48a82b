package cli

import (
	"errors"
	"io"
	"sync"
	"time"
)

// ErrInterrupted is what a run's readers and writers return once the
// run's context is cancelled (SIGINT or SIGTERM), and the error Main
// reports for an interrupted run.
var ErrInterrupted = errors.New("interrupted by a signal (SIGTERM or SIGINT): no output kept")

// interruptGrace is how long Main waits, after the signal, for the run to
// stop by itself before it removes the run's temporary outputs and returns
// on its own: a loop that never looks at the context, or a read blocked on
// a silent pipe, cannot keep the process alive.
const interruptGrace = 500 * time.Millisecond

// interruption is the run's side of a signal: the outputs to remove if the
// run does not stop by itself, and whether the run has taken charge of its
// interruption (Hold).
type interruption struct {
	mu      sync.Mutex
	outputs []*Output
	held    bool
	aborted bool
}

// Hold tells Main that the run handles an interruption itself and keeps
// what it writes (rbm-train: a final snapshot, a committed stream, a
// non-zero exit): its reads, writes and commits are no longer refused
// after the signal. Main still gives up on it after interruptGrace while it
// has no output open (a read blocked on a silent pipe, say); once it has
// one, Main waits for it however long its final write takes.
func (r *Run) Hold() {
	r.intr.mu.Lock()
	r.intr.held = true
	r.intr.mu.Unlock()
}

// signalled says whether the run's context is cancelled. It watches Done,
// not Err: a context may compute Err (tests stop runs after so many
// calls), and the plumbing must not spend those calls.
func (r *Run) signalled() bool {
	if r.Ctx == nil {
		return false
	}
	select {
	case <-r.Ctx.Done():
		return true
	default:
		return false
	}
}

// interrupted says whether the run was signalled and does not hold.
func (r *Run) interrupted() bool {
	if !r.signalled() {
		return false
	}
	r.intr.mu.Lock()
	defer r.intr.mu.Unlock()
	return !r.intr.held
}

// track records an opened output, to be removed if Main gives up on the
// run; an output opened after that is removed at once.
func (r *Run) track(o *Output) error {
	r.intr.mu.Lock()
	defer r.intr.mu.Unlock()
	if r.intr.aborted {
		if o.file != nil && !o.through {
			o.remove()
		} else if o.file != nil {
			o.file.Close()
		}
		o.done = true
		return ErrInterrupted
	}
	r.intr.outputs = append(r.intr.outputs, o)
	return nil
}

// abandon removes the run's uncommitted temporary outputs and refuses
// every later output and commit; false if the run holds its interruption
// and has an output open.
func (r *Run) abandon() bool {
	r.intr.mu.Lock()
	defer r.intr.mu.Unlock()
	if r.intr.held && len(r.intr.outputs) > 0 {
		return false
	}
	r.intr.aborted = true
	for _, o := range r.intr.outputs {
		if o.file != nil && !o.done && !o.through {
			o.done = true
			o.remove()
		}
	}
	return true
}

// runWatched runs run(r), and once r.Ctx is cancelled waits at most
// interruptGrace for it (unless the run holds its interruption); an
// abandoned run's goroutine is left to the process's exit.
func runWatched(r *Run, run func(*Run) error) error {
	done := make(chan error, 1)
	go func() { done <- run(r) }()
	select {
	case err := <-done:
		return err
	case <-r.Ctx.Done():
	}
	t := time.NewTimer(interruptGrace)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-t.C:
			if r.abandon() {
				return ErrInterrupted
			}
			return <-done
		}
	}
}

// ctxReader is an input that fails with ErrInterrupted once its run is
// interrupted, so that every reader of the run stops at its next read.
type ctxReader struct {
	r   io.Reader
	run *Run
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if c.run.interrupted() {
		return 0, ErrInterrupted
	}
	return c.r.Read(p)
}

// Unwrap gives the format package the underlying input (to learn its size).
func (c *ctxReader) Unwrap() io.Reader { return c.r }

type ctxReadCloser struct {
	ctxReader
	c io.Closer
}

func (c *ctxReadCloser) Close() error { return c.c.Close() }

// observe wraps an input of the run so that it observes cancellation.
func (r *Run) observe(rc io.ReadCloser) io.ReadCloser {
	return &ctxReadCloser{ctxReader{rc, r}, rc}
}
