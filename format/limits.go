package format

import "github.com/rbmkit/rbmkit/format/internal/ipcguard"

// MaxAllocation bounds any single buffer a reader allocates (1 GiB): a
// message body, a column buffer, a decompressed buffer. Every length a
// message claims is checked against the bytes actually there before
// anything is allocated for it (package format/internal/ipcguard), and
// this bound backs those checks. No rbmkit writer produces a record batch
// near this size.
var MaxAllocation = 1 << 30

// MaxFileInput bounds the Arrow IPC file (Feather v2) a reader reads whole
// into memory (streams are read one message at a time). cli sets it from
// the run's memory budget.
var MaxFileInput int64 = 4 << 30

// ErrAfterEnd is the error of an input that goes on after its stream's
// end-of-stream marker.
var ErrAfterEnd = ipcguard.ErrAfterEnd
