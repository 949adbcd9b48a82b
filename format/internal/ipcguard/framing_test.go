package ipcguard_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/ipc"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/format/internal/ipcguard"
)

// arrowFile rewrites a stream in the Arrow IPC file format (Feather v2).
func arrowFile(t testing.TB, stream []byte) []byte {
	t.Helper()
	r, err := ipc.NewReader(bytes.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	f, err := os.CreateTemp("", "rbmkit-*.arrow")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(r.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		if err := w.Write(r.Record()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// corpusEntry reads a []byte entry of FuzzReader's corpus.
func corpusEntry(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzReader", name))
	if err != nil {
		t.Fatal(err)
	}
	_, v, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(v, "[]byte("), ")"))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}

// TestHostileLengths: a stream whose few corrupt bytes claim gigabytes is
// refused before anything is allocated for the claim, quickly and with an
// error, whether the input's size is known (a file, bytes in memory) or
// not (a pipe).
func TestHostileLengths(t *testing.T) {
	const claim = 1 << 29 // 512 MiB: under format.MaxAllocation, so only the checks stop it
	put := func(data []byte, at int, v uint64) []byte {
		data = bytes.Clone(data)
		binary.LittleEndian.PutUint64(data[at:], v)
		return data
	}
	plain := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 2))
	zstd := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 2), format.WithCompression(format.Zstd))
	file := arrowFile(t, plain)

	meta, _ := ipcguard.FirstBatch(t, plain, 0)
	bodyLength := put(plain, ipcguard.BodyLengthAt(t, plain, meta), claim)
	_, lengthAt := ipcguard.BufferAt(t, plain, meta, 1)
	bufferLength := put(plain, lengthAt, claim)

	zmeta, zbody := ipcguard.FirstBatch(t, zstd, 0)
	zoff, _ := ipcguard.BufferAt(t, zstd, zmeta, 1)
	uncompressed := put(zstd, zbody+int(binary.LittleEndian.Uint64(zstd[zoff:])), claim)

	fmeta, _ := ipcguard.FirstBatch(t, file, 8)
	_, flengthAt := ipcguard.BufferAt(t, file, fmeta, 1)
	fileBuffer := put(file, flengthAt, claim)

	type pipe struct{ io.Reader } // hides the size of a bytes.Reader
	for _, c := range []struct {
		name, want string
		data       []byte
		pipe       bool
	}{
		{"body length", "a message claims a body of 536870912 bytes, but only", bodyLength, false},
		{"body length, piped", "unexpected EOF", bodyLength, true},
		{"buffer length", "buffer 1 claims bytes", bufferLength, false},
		{"uncompressed size", "compressed buffer 1 claims 536870912 bytes uncompressed but holds", uncompressed, false},
		{"file buffer length", "not a readable Arrow file: corrupt file: block 0: buffer 1 claims bytes", fileBuffer, false},
		// A fuzzed schema message whose odd vtable size hid its field count
		// from the check (Arrow reads the field anyway): a field vector
		// of 2^32 entries, which ended the process out of memory.
		{"odd vtable", "not an Arrow IPC stream", corpusEntry(t, "schema-odd-vtable"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r io.Reader = bytes.NewReader(c.data)
			if c.pipe {
				r = pipe{r}
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			err := func() error {
				rd, err := format.NewReader[format.Snapshot](r, "stdin")
				if err != nil {
					return err
				}
				defer rd.Close()
				for rd.Next() {
				}
				return rd.Err()
			}()
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d MiB (%v) to refuse it: %v", alloc>>20, took, err)
			}
		})
	}
}

// TestLargeCompressedBuffers: buffers whose uncompressed size is checked by
// decompressing them (over 1 MiB, compressed more than 64-fold) still read.
func TestLargeCompressedBuffers(t *testing.T) {
	const n, rows = 1000, 10000 // 1.25 MB of bits in one batch
	examples := make([]format.Example, rows)
	for i := range examples {
		examples[i].V = make([]bool, n)
		examples[i].V[i%n] = true
	}
	for _, c := range []format.Compression{format.Zstd, format.LZ4} {
		data := encode(t, testHeader(n, 0), examples, format.WithCompression(c), format.WithBatchRows(rows))
		if len(data) > 1<<20/ipcguard.TrustedRatio {
			t.Fatalf("%s: %d bytes: the values buffer is not checked by decompressing", c, len(data))
		}
		got := decode(t, data)
		if len(got) != rows || !got[rows-1].V[(rows-1)%n] || got[rows-1].V[0] {
			t.Fatalf("%s: read %d rows", c, len(got))
		}
	}
}

// TestBatchDecompressedTotal: a batch whose compressed buffers each claim
// less than MaxAllocation but together more is refused before any of them
// is decompressed for Arrow, and one just under the bound still reads.
func TestBatchDecompressedTotal(t *testing.T) {
	const n, m = 16, 10000 // W 640,000 bytes, b 40,000, a 64
	snaps := []format.Snapshot{{W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}}
	data := encode(t, testHeader(n, m), snaps, format.WithCompression(format.Zstd))
	defer func(old int) { format.MaxAllocation = old }(format.MaxAllocation)
	for _, c := range []struct {
		limit int
		want  string
	}{
		{700000, ""},
		{660000, "the batch's compressed buffers claim more than"},
	} {
		format.MaxAllocation = c.limit
		err := readAll[format.Snapshot](data)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("limit %d: %v, want %q", c.limit, err, c.want)
		}
	}
}
