package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// MaxAllocation bounds any single buffer a reader allocates (1 GiB): a
// message body, a column buffer, a decompressed buffer. Arrow allocates
// each from the length the input claims, before reading it; the readers
// check those lengths against the bytes actually there first (framing.go),
// and this bound backs them. No rbmkit writer produces a record batch near
// this size.
var MaxAllocation = 1 << 30

// MaxFileInput bounds the Arrow IPC file (Feather v2) a reader reads whole
// into memory (streams are read one message at a time). cli sets it from
// the run's memory budget.
var MaxFileInput int64 = 4 << 30

// errTooLarge is the panic value of a refused allocation; readers recover
// it and report a corrupt stream.
type errTooLarge struct{ size int }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("a message claims %d bytes, more than the %d-byte limit of one record batch: corrupt stream", e.size, MaxAllocation)
}

// boundedAllocator refuses single allocations above MaxAllocation.
type boundedAllocator struct{ memory.Allocator }

func (a boundedAllocator) Allocate(size int) []byte {
	if size > MaxAllocation || size < 0 {
		panic(errTooLarge{size})
	}
	return a.Allocator.Allocate(size)
}

func (a boundedAllocator) Reallocate(size int, b []byte) []byte {
	if size > MaxAllocation || size < 0 {
		panic(errTooLarge{size})
	}
	return a.Allocator.Reallocate(size, b)
}

var readAllocator = boundedAllocator{memory.DefaultAllocator}

// recoverCorrupt turns a panic inside Arrow's decoding of untrusted bytes
// (a refused allocation, an index out of range on a corrupt flatbuffer)
// into an error.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(errTooLarge); ok {
			*err = e
			return
		}
		*err = fmt.Errorf("corrupt stream: %v", r)
	}
}
