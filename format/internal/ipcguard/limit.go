package ipcguard

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// errTooLarge is the panic value of a refused allocation; Recover turns it
// into the error of a corrupt stream.
type errTooLarge struct{ size, limit int }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("a message claims %d bytes, more than the %d-byte limit of one record batch: corrupt stream", e.size, e.limit)
}

// boundedAllocator refuses single allocations above its limit.
type boundedAllocator struct {
	memory.Allocator
	limit int
}

// Allocator returns an allocator for Arrow's readers that refuses (by a
// panic that Recover turns into an error) any single allocation above
// limit bytes: a message body, a column buffer, a decompressed buffer.
// Arrow allocates each from the length the input claims, before reading
// it; MessageReader and CheckFile check those lengths against the bytes
// actually there first, and this bound backs them.
func Allocator(limit int) memory.Allocator {
	return boundedAllocator{memory.DefaultAllocator, limit}
}

func (a boundedAllocator) Allocate(size int) []byte {
	if size > a.limit || size < 0 {
		panic(errTooLarge{size, a.limit})
	}
	return a.Allocator.Allocate(size)
}

func (a boundedAllocator) Reallocate(size int, b []byte) []byte {
	if size > a.limit || size < 0 {
		panic(errTooLarge{size, a.limit})
	}
	return a.Allocator.Reallocate(size, b)
}

// Recover, deferred, turns a panic inside Arrow's decoding of untrusted
// bytes (a refused allocation, an index out of range on a corrupt
// flatbuffer) into an error in *err.
func Recover(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(errTooLarge); ok {
			*err = e
			return
		}
		*err = fmt.Errorf("corrupt stream: %v", r)
	}
}
