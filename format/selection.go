package format

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Selection picks snapshots of a stream by epoch: the words all, first and
// last, spread:N and a list of epochs, written as one comma-separated
// string such as "last", "all", "0,10,last" or "spread:5". Every tool that
// selects snapshots (the -snapshots flag) reads it with ParseSelection, so
// the syntax is the same everywhere. An epoch that several snapshots share
// (a run stopped within an epoch and resumed) selects the last of them,
// the end of that epoch.
//
// spread:N (N ≥ 2) selects the epochs of N snapshots spread evenly over
// the stream, the first and the last included: of K snapshots, those at
// positions round(j·(K−1)/(N−1)), j = 0…N−1 (halves up), each once, so
// every snapshot when N ≥ K. It needs K, which a stream read once does not
// know until its end: Pick resolves it from the whole list of epochs, and
// EachSelected refuses it, so a tool that streams reads the epochs first
// and hands it Resolve's selection.
type Selection struct {
	All, First, Last bool
	Epochs           []int64
	// Spread is N of spread:N, 0 for none.
	Spread int
}

// ParseSelection reads a selection. The empty string is the zero
// Selection, which selects nothing: callers substitute their default.
func ParseSelection(s string) (Selection, error) {
	var sel Selection
	for _, part := range strings.Split(s, ",") {
		switch part = strings.TrimSpace(part); part {
		case "":
		case "all":
			sel.All = true
		case "first":
			sel.First = true
		case "last":
			sel.Last = true
		default:
			if n, ok := strings.CutPrefix(part, "spread:"); ok {
				k, err := strconv.Atoi(n)
				if err != nil || k < 2 {
					return Selection{}, fmt.Errorf("%q: want spread:N with N ≥ 2 snapshots (the first and the last among them)", part)
				}
				sel.Spread = k
				continue
			}
			e, err := strconv.ParseInt(part, 10, 64)
			if err != nil || e < 0 {
				return Selection{}, fmt.Errorf("snapshot %q: want an epoch (an integer ≥ 0), first, last or all, or spread:N", part)
			}
			if !slices.Contains(sel.Epochs, e) {
				sel.Epochs = append(sel.Epochs, e)
			}
		}
	}
	return sel, nil
}

// IsZero reports whether nothing is selected.
func (s Selection) IsZero() bool {
	return !s.All && !s.First && !s.Last && len(s.Epochs) == 0 && s.Spread == 0
}

// Or returns s, or def when s selects nothing.
func (s Selection) Or(def Selection) Selection {
	if s.IsZero() {
		return def
	}
	return s
}

// String is the selection as ParseSelection reads it.
func (s Selection) String() string {
	var parts []string
	if s.All {
		parts = append(parts, "all")
	}
	if s.First {
		parts = append(parts, "first")
	}
	if s.Spread > 0 {
		parts = append(parts, "spread:"+strconv.Itoa(s.Spread))
	}
	for _, e := range s.Epochs {
		parts = append(parts, strconv.FormatInt(e, 10))
	}
	if s.Last {
		parts = append(parts, "last")
	}
	return strings.Join(parts, ",")
}

// SpreadIndices are the positions, ascending, of n snapshots spread evenly
// over k (spread:n): round(j·(k−1)/(n−1)) for j = 0…n−1, halves rounded
// up, each once; every position when n ≥ k. n < 2 counts as 2.
func SpreadIndices(n, k int) []int {
	if k <= 0 {
		return nil
	}
	n = min(max(n, 2), k)
	if k == 1 {
		return []int{0}
	}
	var out []int
	for j := range n {
		i := int(float64(j)*float64(k-1)/float64(n-1) + 0.5)
		if len(out) == 0 || out[len(out)-1] != i {
			out = append(out, i)
		}
	}
	return out
}

// Resolve returns s with spread:N replaced by the epochs it selects among
// those given (a stream's, in stream order): the same snapshots, now a
// selection EachSelected can follow.
func (s Selection) Resolve(epochs []int64) Selection {
	if s.Spread == 0 {
		return s
	}
	r := s
	r.Spread, r.Epochs = 0, slices.Clone(s.Epochs)
	for _, i := range SpreadIndices(s.Spread, len(epochs)) {
		if !slices.Contains(r.Epochs, epochs[i]) {
			r.Epochs = append(r.Epochs, epochs[i])
		}
	}
	return r
}

// Pick returns the indices, ascending, of the snapshots selected among
// those with the given epochs (in stream order).
func (s Selection) Pick(epochs []int64) ([]int, error) {
	if len(epochs) == 0 {
		return nil, fmt.Errorf("the stream has no snapshots")
	}
	s = s.Resolve(epochs)
	chosen := make([]bool, len(epochs))
	for i, e := range epochs {
		final := i == len(epochs)-1
		chosen[i] = s.All || (s.First && i == 0) || (s.Last && final) ||
			(slices.Contains(s.Epochs, e) && (final || epochs[i+1] != e))
	}
	for _, e := range s.Epochs {
		if !slices.Contains(epochs, e) {
			return nil, missingEpoch(e, epochs)
		}
	}
	var out []int
	for i, c := range chosen {
		if c {
			out = append(out, i)
		}
	}
	return out, nil
}

func missingEpoch(e int64, epochs []int64) error {
	return fmt.Errorf("no snapshot at epoch %d; the stream has epochs %s", e, ListEpochs(epochs))
}

// ListEpochs writes a stream's epochs for messages: each once, and of a
// long list the first ten and the last five.
func ListEpochs(epochs []int64) string {
	var parts []string
	seen := map[int64]bool{}
	for _, e := range epochs {
		if !seen[e] {
			seen[e] = true
			parts = append(parts, strconv.FormatInt(e, 10))
		}
	}
	if len(parts) > 20 {
		parts = append(append(parts[:10:10], "…"), parts[len(parts)-5:]...)
	}
	return strings.Join(parts, ", ")
}

// EachSelected reads the rows of rd and calls f, in stream order, for
// every row that sel selects, with its index in the stream. It holds at
// most one row back (a copy made by clone): the candidate for last, or a
// listed epoch's row until the next row shows whether the epoch goes on.
// A listed epoch that the stream steps over fails at once, before the rest
// of the stream is analysed: a checkpoint's epochs never decrease (the
// check stops at the first decrease, in streams put together by hand). An empty
// stream, a selection that selects nothing and a listed epoch that no row
// has are errors.
func EachSelected[T any](sel Selection, rd *Reader[T], epoch func(*T) int64, clone func(*T) *T, f func(index int, row *T) error) error {
	if sel.IsZero() {
		return fmt.Errorf("the snapshot selection is empty")
	}
	if sel.Spread > 0 {
		return fmt.Errorf("spread:%d needs the stream's length: read its epochs first (Selection.Resolve)", sel.Spread)
	}
	var (
		held      *T
		heldIndex int
		heldEpoch int64
		seen      []int64
		increases = true
	)
	flush := func() error {
		if held == nil {
			return nil
		}
		h := held
		held = nil
		return f(heldIndex, h)
	}
	for i := 0; rd.Next(); i++ {
		row := rd.Row()
		e := epoch(row)
		if held != nil {
			if heldEpoch != e && slices.Contains(sel.Epochs, heldEpoch) {
				if err := flush(); err != nil {
					return err
				}
			}
			held = nil
		}
		if n := len(seen); n > 0 {
			increases = increases && e > seen[n-1]
			if increases {
				for _, want := range sel.Epochs {
					if seen[n-1] < want && want < e {
						return fmt.Errorf("no snapshot at epoch %d (the stream goes from epoch %d to %d)", want, seen[n-1], e)
					}
				}
			}
		}
		seen = append(seen, e)
		if sel.All || (sel.First && i == 0) {
			if err := f(i, row); err != nil {
				return err
			}
			continue
		}
		if sel.Last || slices.Contains(sel.Epochs, e) {
			held, heldIndex, heldEpoch = clone(row), i, e
		}
	}
	if err := rd.Err(); err != nil {
		return err
	}
	if len(seen) == 0 {
		return fmt.Errorf("the stream has no snapshots")
	}
	for _, e := range sel.Epochs {
		if !slices.Contains(seen, e) {
			return missingEpoch(e, seen)
		}
	}
	return flush()
}

// CloneSnapshot copies a checkpoint row, whose slices the reader reuses
// for the next row (the clone of EachSelected for checkpoint streams).
func CloneSnapshot(s *Snapshot) *Snapshot {
	c := *s
	c.W, c.A, c.B = slices.Clone(s.W), slices.Clone(s.A), slices.Clone(s.B)
	c.TopSigma, c.State = slices.Clone(s.TopSigma), slices.Clone(s.State)
	c.LogZState, c.LadderState = slices.Clone(s.LogZState), slices.Clone(s.LadderState)
	return &c
}
