package format

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

// firstBatch locates the first record batch message of a stream that
// starts at data[start:]: the positions of its metadata and of its body.
func firstBatch(t *testing.T, data []byte, start int) (meta, body int) {
	t.Helper()
	for p := start; p+8 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[p+4:]))
		meta = p + 8
		info, err := checkMessage(data[meta : meta+n])
		if err != nil {
			t.Fatal(err)
		}
		m := data[meta : meta+n]
		root, _ := flatTable{m, 0}.u32(0)
		typeAt, _ := flatTable{m, root}.field(1)
		if typeAt != 0 && m[typeAt] == headerRecordBatch {
			return meta, meta + n
		}
		p = meta + n + int(info.body)
	}
	t.Fatal("no record batch")
	return 0, 0
}

// bodyLengthAt returns the position in data of the bodyLength of the
// message whose metadata starts at meta.
func bodyLengthAt(t *testing.T, data []byte, meta int) int {
	t.Helper()
	m := data[meta:]
	root, _ := flatTable{m, 0}.u32(0)
	at, ok := flatTable{m, root}.field(3)
	if !ok || at == 0 {
		t.Fatal("no bodyLength")
	}
	return meta + at
}

// bufferAt returns the positions in data of the offset and length of
// buffer i of the record batch message whose metadata starts at meta.
func bufferAt(t *testing.T, data []byte, meta, i int) (offsetAt, lengthAt int) {
	t.Helper()
	m := data[meta:]
	root, _ := flatTable{m, 0}.u32(0)
	batch, _, ok := flatTable{m, root}.table(2)
	if !ok {
		t.Fatal("no header")
	}
	at, n, ok := batch.structs(2, 16)
	if !ok || i >= n {
		t.Fatalf("no buffer %d", i)
	}
	return meta + at + 16*i, meta + at + 16*i + 8
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
	const claim = 1 << 29 // 512 MiB: under MaxAllocation, so only the checks stop it
	put := func(data []byte, at int, v uint64) []byte {
		data = bytes.Clone(data)
		binary.LittleEndian.PutUint64(data[at:], v)
		return data
	}
	plain := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 2))
	zstd := encode(t, testHeader(6, 4), sampleSnapshots(6, 4, 2), WithCompression(Zstd))
	file := arrowFile(t, plain)

	meta, _ := firstBatch(t, plain, 0)
	bodyLength := put(plain, bodyLengthAt(t, plain, meta), claim)
	_, lengthAt := bufferAt(t, plain, meta, 1)
	bufferLength := put(plain, lengthAt, claim)

	zmeta, zbody := firstBatch(t, zstd, 0)
	zoff, _ := bufferAt(t, zstd, zmeta, 1)
	uncompressed := put(zstd, zbody+int(binary.LittleEndian.Uint64(zstd[zoff:])), claim)

	fmeta, _ := firstBatch(t, file, 8)
	_, flengthAt := bufferAt(t, file, fmeta, 1)
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
				rd, err := NewReader[Snapshot](r, "stdin")
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
	examples := make([]Example, rows)
	for i := range examples {
		examples[i].V = make([]bool, n)
		examples[i].V[i%n] = true
	}
	for _, c := range []Compression{Zstd, LZ4} {
		data := encode(t, testHeader(n, 0), examples, WithCompression(c), WithBatchRows(rows))
		if len(data) > 1<<20/trustedRatio {
			t.Fatalf("%s: %d bytes: the values buffer is not checked by decompressing", c, len(data))
		}
		_, got := decode[Example](t, data)
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
	snaps := []Snapshot{{W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}}
	data := encode(t, testHeader(n, m), snaps, WithCompression(Zstd))
	defer func(old int) { MaxAllocation = old }(MaxAllocation)
	for _, c := range []struct {
		limit int
		want  string
	}{
		{700000, ""},
		{660000, "the batch's compressed buffers claim more than"},
	} {
		MaxAllocation = c.limit
		err := readAll[Snapshot](data)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("limit %d: %v, want %q", c.limit, err, c.want)
		}
	}
}
