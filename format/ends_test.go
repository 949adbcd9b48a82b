package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A stream's end is strict: bytes after the end-of-stream marker (a second
// stream, garbage) are refused, whatever the reader and however the input
// arrives (in memory, a file, a pipe-like reader of unknown size).
func TestBytesAfterTheEnd(t *testing.T) {
	one := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 2))
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"two streams", append(bytes.Clone(one), one...)},
		{"one byte", append(bytes.Clone(one), 0)},
		{"a newline", append(bytes.Clone(one), '\n')},
	} {
		path := filepath.Join(dir, "s")
		os.WriteFile(path, c.data, 0o644)
		f, _ := os.Open(path)
		for _, in := range []struct {
			how string
			r   interface{ Read([]byte) (int, error) }
		}{{"memory", bytes.NewReader(c.data)}, {"file", f}, {"unknown size", struct{ *strings.Reader }{strings.NewReader(string(c.data))}}} {
			rd, err := NewReader[Snapshot](in.r, "x")
			if err != nil {
				t.Fatalf("%s, %s: %v", c.name, in.how, err)
			}
			n := 0
			for rd.Next() {
				n++
			}
			if err := rd.Err(); !errors.Is(err, ErrAfterEnd) {
				t.Errorf("%s, %s: after %d rows: %v", c.name, in.how, n, err)
			}
			rd.Close()
		}
		f.Close()
	}
	rd, _ := NewReader[Snapshot](bytes.NewReader(one), "x")
	for rd.Next() {
	}
	if rd.Err() != nil {
		t.Errorf("the stream alone: %v", rd.Err())
	}
}

// An image shape must hold the N visible units.
func TestImageShapeAgreesWithN(t *testing.T) {
	h := testHeader(6, 4)
	for _, c := range []struct {
		shape []int
		ok    bool
	}{{[]int{2, 3}, true}, {[]int{6}, true}, {[]int{3, 3}, false}, {[]int{1, 5}, false}, {[]int{1 << 30, 1 << 30, 1 << 30}, false}} {
		h.ImageShape = c.shape
		_, err := ParseHeader(h.Metadata())
		if (err == nil) != c.ok {
			t.Errorf("shape %v with N = 6: %v", c.shape, err)
		}
	}
}

// A checkpoint without any snapshot is refused; other kinds may be empty.
func TestCheckpointWithoutSnapshot(t *testing.T) {
	empty := encode(t, testHeader(6, 4), []Snapshot{})
	rd, err := NewReader[Snapshot](bytes.NewReader(empty), "x")
	if err != nil {
		t.Fatal(err)
	}
	if rd.Next() || rd.Err() == nil || !strings.Contains(rd.Err().Error(), "without any snapshot") {
		t.Errorf("empty checkpoint: %v", rd.Err())
	}
	ds := encode(t, testHeader(6, 0), []Example{})
	rde, _ := NewReader[Example](bytes.NewReader(ds), "x")
	if rde.Next() || rde.Err() != nil {
		t.Errorf("empty dataset: %v", rde.Err())
	}
}

// Cut anywhere after its schema, a stream read with KeepCompleteRows gives
// exactly the rows of its complete record batches, equal to the writer's,
// and says it was cut; without it, the cut is an error. Cut nowhere, it
// reads whole and is not cut.
func TestKeepCompleteRows(t *testing.T) {
	snaps := sampleSnapshots(6, 4, 4)
	whole := encode(t, testHeader(6, 4), snaps) // one snapshot per batch
	// Where each batch ends: the offsets at which a cut keeps k rows.
	var ends []int
	for n := 1; n <= len(whole); n++ {
		rd, err := NewReader[Snapshot](bytes.NewReader(whole[:n]), "x")
		if err != nil {
			continue // inside the schema
		}
		rd.KeepCompleteRows()
		var got []Snapshot
		for rd.Next() {
			got = append(got, *CloneSnapshot(rd.Row()))
		}
		if err := rd.Err(); err != nil {
			t.Fatalf("cut at %d of %d: %v", n, len(whole), err)
		}
		for i := range got {
			if len(got[i].State) == 0 {
				got[i].State = nil // null and empty state read alike
			}
			if !reflect.DeepEqual(got[i], snaps[i]) {
				t.Fatalf("cut at %d: row %d differs from the writer's:\n%+v\n%+v", n, i, got[i], snaps[i])
			}
		}
		if rd.Cut() != (n < len(whole)) {
			t.Errorf("cut at %d of %d: Cut() = %v", n, len(whole), rd.Cut())
		}
		for len(ends) < len(got) {
			ends = append(ends, n)
		}
		rd.Close()
		strict, _ := NewReader[Snapshot](bytes.NewReader(whole[:n]), "x")
		for strict.Next() {
		}
		if (strict.Err() == nil) != (n == len(whole)) {
			t.Errorf("cut at %d, read strictly: %v", n, strict.Err())
		}
		strict.Close()
	}
	if len(ends) != len(snaps) {
		t.Fatalf("%d rows ever read of %d", len(ends), len(snaps))
	}
}
