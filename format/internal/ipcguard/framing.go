package ipcguard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// maxMetadata bounds a message's flatbuffer metadata; real ones (a schema
// with a few dozen columns, a record batch header) take kilobytes.
const maxMetadata = 16 << 20

// bodyChunk is the most a message body is allocated ahead of its bytes
// when the input's size is unknown (a pipe): a longer body is read in
// growing pieces, so that a claimed length costs memory only as the bytes
// it claims arrive.
const bodyChunk = 4 << 20

// Arrow allocates the uncompressed size a compressed buffer claims before
// decompressing it. A claim is taken unchecked up to trustedUncompressed
// bytes, or up to trustedRatio times the compressed bytes (so that corrupt
// bytes can make a reader allocate at most that multiple of its input, as
// real data compressing that well would); a larger claim is first checked
// by decompressing the buffer once, counting its bytes.
const (
	trustedUncompressed = 1 << 20
	trustedRatio        = 64
)

// MessageReader reads the messages of an Arrow IPC stream for Arrow's
// stream reader (ipc.NewReaderFromMessageReader). Arrow allocates what a
// message claims (its body length, each buffer's length, each compressed
// buffer's uncompressed size) before reading it, so a few corrupt bytes
// made it allocate and zero up to the allocation limit for every message:
// no crash, but a tenth of a second or more for a few kilobytes of input.
// MessageReader checks each of these lengths against the bytes actually
// there first. It also records whether the stream ended with the
// end-of-stream marker, which tells a complete stream from one cut at a
// message boundary.
type MessageReader struct {
	r      io.Reader
	limit  int                  // the largest body or buffer a message may claim
	total  func() (int64, bool) // the input's size from where r started, when known
	n      int64                // bytes consumed from r
	sawEOS bool
	inside bool // the input ended inside a message
	done   bool
	msg    *ipc.Message
	codecs codecs
	refs   atomic.Int64
}

// ErrAfterEnd is the error of an input that goes on after its stream's
// end-of-stream marker.
var ErrAfterEnd = errors.New("bytes follow the end-of-stream marker: two streams concatenated (join them with rbm-stack) or trailing garbage")

// NewMessageReader reads messages from r, whose size from where it starts
// total gives when known (InputSize; nil otherwise), refusing any message
// body or uncompressed buffer larger than limit bytes.
func NewMessageReader(r io.Reader, total func() (int64, bool), limit int) *MessageReader {
	m := &MessageReader{r: r, total: total, limit: limit}
	m.refs.Store(1)
	return m
}

// InputSize returns a function giving the number of bytes r holds from its
// current position, when that is known without reading them: in-memory
// readers and regular files (measured again at each call, as a file may
// still be growing). Otherwise it returns nil.
func InputSize(r io.Reader) func() (int64, bool) {
	var n int64
	switch r := r.(type) {
	case *bytes.Reader:
		n = int64(r.Len())
	case *bytes.Buffer:
		n = int64(r.Len())
	case *strings.Reader:
		n = int64(r.Len())
	case interface{ Unwrap() io.Reader }:
		// A wrapper that reads through (such as a cancellable input)
		// holds what its input holds.
		return InputSize(r.Unwrap())
	case *os.File:
		fi, err := r.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		start, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil
		}
		return func() (int64, bool) {
			fi, err := r.Stat()
			if err != nil {
				return 0, false
			}
			return fi.Size() - start, true
		}
	default:
		return nil
	}
	return func() (int64, bool) { return n, true }
}

// left returns the bytes the input still holds, when known.
func (m *MessageReader) left() (int64, bool) {
	if m.total == nil {
		return 0, false
	}
	n, ok := m.total()
	return n - m.n, ok
}

// Ended says whether the stream ended with its end-of-stream marker; a
// stream that ends at a message boundary without it was cut short.
func (m *MessageReader) Ended() bool { return m.sawEOS }

// Cut says whether the input ended inside a message.
func (m *MessageReader) Cut() bool { return m.inside }

// Retain and Release count the references Arrow's reader holds.
func (m *MessageReader) Retain() { m.refs.Add(1) }

func (m *MessageReader) Release() {
	if m.refs.Add(-1) == 0 {
		if m.msg != nil {
			m.msg.Release()
			m.msg = nil
		}
		m.codecs.close()
	}
}

// Message reads and checks the next message; it returns io.EOF at the end
// of the stream, io.ErrUnexpectedEOF when the input ends inside a message.
func (m *MessageReader) Message() (*ipc.Message, error) {
	if m.msg != nil {
		m.msg.Release()
		m.msg = nil
	}
	if m.done {
		return nil, io.EOF
	}
	meta, err := m.readMetadata()
	if err != nil {
		m.done = true
		return nil, err
	}
	info, err := checkMessage(meta, m.limit)
	if err != nil {
		m.done = true
		return nil, fmt.Errorf("corrupt stream: %v", err)
	}
	body, err := m.readBody(info.body)
	if err != nil {
		m.done = true
		return nil, err
	}
	if info.codec >= 0 {
		if err := m.codecs.checkCompressed(info, body, m.limit); err != nil {
			m.done = true
			return nil, fmt.Errorf("corrupt stream: %v", err)
		}
	}
	m.msg = ipc.NewMessage(memory.NewBufferBytes(meta), memory.NewBufferBytes(body))
	return m.msg, nil
}

func (m *MessageReader) readFull(p []byte) error {
	n, err := io.ReadFull(m.r, p)
	m.n += int64(n)
	if err == io.EOF && n == 0 && len(p) > 0 {
		return io.EOF
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		m.inside = true
		return io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	return nil
}

// within is the error of a read that failed inside a message: a cut
// input (marked: Cut) or the read's own failure.
func (m *MessageReader) within(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		m.inside = true
		return io.ErrUnexpectedEOF
	}
	return err
}

// readMetadata reads a message's prefix (continuation marker and length)
// and its flatbuffer metadata.
func (m *MessageReader) readMetadata() ([]byte, error) {
	var word [4]byte
	if err := m.readFull(word[:]); err != nil {
		return nil, err // io.EOF: the input ends at a message boundary
	}
	length := binary.LittleEndian.Uint32(word[:])
	if length == 0xFFFFFFFF {
		if err := m.readFull(word[:]); err != nil {
			return nil, m.within(err)
		}
		length = binary.LittleEndian.Uint32(word[:])
	}
	if length == 0 {
		m.sawEOS = true
		// The marker ends the input: bytes after it are a second stream
		// (cat a.arrows b.arrows) or garbage, never to be ignored.
		var one [1]byte
		if n, _ := io.ReadFull(m.r, one[:]); n > 0 {
			m.n++
			return nil, ErrAfterEnd
		}
		return nil, io.EOF
	}
	if length > maxMetadata {
		return nil, fmt.Errorf("corrupt stream: a message claims %d bytes of metadata", length)
	}
	if left, ok := m.left(); ok && int64(length) > left {
		m.inside = true
		return nil, fmt.Errorf("a message claims %d bytes of metadata, but only %d bytes remain", length, left)
	}
	meta := make([]byte, length)
	if err := m.readFull(meta); err != nil {
		return nil, m.within(err)
	}
	return meta, nil
}

// readBody reads n body bytes, allocating no more than the input holds.
func (m *MessageReader) readBody(n int64) ([]byte, error) {
	left, known := m.left()
	if known && n > left {
		m.inside = true
		return nil, fmt.Errorf("a message claims a body of %d bytes, but only %d bytes remain", n, left)
	}
	size := n
	if !known {
		size = min(n, bodyChunk)
	}
	body := make([]byte, size)
	if err := m.readFull(body); err != nil {
		return nil, m.within(err)
	}
	for int64(len(body)) < n {
		grown := make([]byte, min(n, 2*int64(len(body))))
		copy(grown, body)
		if err := m.readFull(grown[len(body):]); err != nil {
			return nil, m.within(err)
		}
		body = grown
	}
	return body, nil
}

// messageInfo is what checkMessage learned from a message's metadata.
type messageInfo struct {
	body    int64
	codec   int        // compression codec of a record batch body (0 LZ4 frame, 1 zstd), or −1
	buffers [][2]int64 // offset and length of each buffer of a record batch
}

// Message header types (the MessageHeader union of Arrow's Message.fbs).
const (
	headerSchema          = 1
	headerDictionaryBatch = 2
	headerRecordBatch     = 3
)

// checkMessage reads a message's body length and checks what Arrow
// allocates for: a schema's vectors and a record batch's buffers, which
// must lie within the body.
func checkMessage(meta []byte, limit int) (messageInfo, error) {
	info := messageInfo{codec: -1}
	bad := fmt.Errorf("unreadable message metadata")
	root, ok := flatTable{meta, 0}.u32(0)
	if !ok {
		return info, bad
	}
	msg := flatTable{meta, root}
	bodyAt, ok := msg.field(3) // bodyLength
	if !ok {
		return info, bad
	}
	if bodyAt != 0 {
		if info.body, ok = msg.i64(bodyAt); !ok {
			return info, bad
		}
	}
	if info.body < 0 || info.body > int64(limit) {
		return info, fmt.Errorf("a message claims a body of %d bytes (limit %d)", info.body, limit)
	}
	typeAt, ok := msg.field(1) // header_type
	if !ok {
		return info, bad
	}
	if typeAt == 0 {
		return info, nil
	}
	header, present, ok := msg.table(2)
	if !ok {
		return info, bad
	}
	if !present {
		return info, nil
	}
	var batch flatTable
	switch meta[typeAt] {
	case headerSchema:
		if _, ok := header.vector(2); !ok { // custom_metadata
			return info, bad
		}
		fields, ok := header.vector(1)
		if !ok || !checkFields(fields, 0) {
			return info, bad
		}
		return info, nil
	case headerDictionaryBatch:
		if batch, present, ok = header.table(1); !ok {
			return info, bad
		} else if !present {
			return info, nil
		}
	case headerRecordBatch:
		batch = header
	default:
		return info, nil
	}
	if _, _, ok := batch.structs(1, 16); !ok { // nodes
		return info, bad
	}
	at, n, ok := batch.structs(2, 16) // buffers: offset, length
	if !ok {
		return info, bad
	}
	for i := 0; i < n; i++ {
		off, _ := batch.i64(at + 16*i)
		length, _ := batch.i64(at + 16*i + 8)
		if off < 0 || length < 0 || off > info.body || length > info.body-off {
			return info, fmt.Errorf("buffer %d claims bytes %d to %d of a %d-byte body", i, off, off+length, info.body)
		}
		info.buffers = append(info.buffers, [2]int64{off, length})
	}
	at, nv, ok := batch.structs(4, 8) // variadicBufferCounts
	if !ok {
		return info, bad
	}
	var variadic int64
	for i := 0; i < nv; i++ {
		c, _ := batch.i64(at + 8*i)
		if c < 0 || c > int64(n)-variadic {
			return info, fmt.Errorf("variadic buffer counts exceed the batch's %d buffers", n)
		}
		variadic += c
	}
	comp, present, ok := batch.table(3)
	if !ok {
		return info, bad
	}
	if present {
		codecAt, ok := comp.field(0)
		if !ok {
			return info, bad
		}
		info.codec = 0 // the schema's default, LZ4_FRAME
		if codecAt != 0 {
			info.codec = int(int8(meta[codecAt]))
		}
		if info.codec != 0 && info.codec != 1 {
			return info, fmt.Errorf("unknown compression codec %d", info.codec)
		}
	}
	return info, nil
}

// checkCompressed checks the uncompressed size each compressed buffer of a
// record batch claims (its first 8 bytes), for which Arrow allocates: a
// claim above trustedUncompressed and trustedRatio times the compressed
// size must be borne out by decompressing. Together, a batch's buffers may
// not claim more than limit either: each alone within the bound,
// many of them would add up to gigabytes of one batch.
func (c *codecs) checkCompressed(info messageInfo, body []byte, limit int) error {
	var total int64
	for i, b := range info.buffers {
		if b[1] == 0 {
			continue
		}
		if b[1] < 8 {
			return fmt.Errorf("compressed buffer %d has %d bytes, too few for its length prefix", i, b[1])
		}
		buf := body[b[0] : b[0]+b[1]]
		claim := int64(binary.LittleEndian.Uint64(buf))
		if claim > 0 {
			total += min(claim, int64(limit)+1)
		}
		switch {
		case claim == -1: // stored uncompressed
			continue
		case claim < 0 || claim > int64(limit):
			return fmt.Errorf("compressed buffer %d claims %d bytes uncompressed (limit %d)", i, claim, limit)
		case total > int64(limit):
			return fmt.Errorf("the batch's compressed buffers claim more than %d bytes uncompressed together (limit %d)", total, limit)
		case claim <= trustedUncompressed || claim/trustedRatio <= int64(len(buf)-8):
			continue
		}
		n, err := c.decompressedSize(info.codec, buf[8:], claim)
		if err != nil {
			return fmt.Errorf("compressed buffer %d does not decompress: %v", i, err)
		}
		if n < claim {
			return fmt.Errorf("compressed buffer %d claims %d bytes uncompressed but holds %d", i, claim, n)
		}
	}
	return nil
}

// codecs holds the decompressors of checkCompressed, made when first
// needed.
type codecs struct {
	zstd *zstd.Decoder
	lz4  *lz4.Reader
}

func (c *codecs) close() {
	if c.zstd != nil {
		c.zstd.Close()
		c.zstd = nil
	}
}

// decompressedSize decompresses p, counting up to limit bytes.
func (c *codecs) decompressedSize(codec int, p []byte, limit int64) (int64, error) {
	var dec io.Reader
	if codec == 1 {
		if c.zstd == nil {
			d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
			if err != nil {
				return 0, err
			}
			c.zstd = d
		}
		if err := c.zstd.Reset(bytes.NewReader(p)); err != nil {
			return 0, err
		}
		dec = c.zstd
	} else {
		if c.lz4 == nil {
			c.lz4 = lz4.NewReader(nil)
		}
		c.lz4.Reset(bytes.NewReader(p))
		dec = c.lz4
	}
	n, err := io.CopyN(io.Discard, dec, limit)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return n, err
}

// CheckFile checks, before Arrow's FileReader reads them, the lengths an
// Arrow IPC file (Feather v2) claims: its footer's schema vectors, and the
// place, metadata and buffers of every dictionary and record batch block.
// Arrow reads a block's body by the length its footer entry gives and
// allocates every buffer before reading it. A message body or uncompressed
// buffer larger than limit bytes is refused.
func CheckFile(data []byte, limit int) error {
	const magic, tail = 8, 10 // "ARROW1" and padding; footer length and "ARROW1"
	if len(data) < magic+tail || string(data[len(data)-6:]) != "ARROW1" {
		return fmt.Errorf("no footer: the file does not end with ARROW1")
	}
	size := int(binary.LittleEndian.Uint32(data[len(data)-tail:]))
	if size <= 0 || size > len(data)-magic-tail {
		return fmt.Errorf("the footer claims %d bytes of a %d-byte file", size, len(data))
	}
	footer := data[len(data)-tail-size : len(data)-tail]
	root, ok := flatTable{footer, 0}.u32(0)
	if !ok {
		return fmt.Errorf("unreadable footer")
	}
	top := flatTable{footer, root}
	if schema, present, ok := top.table(1); !ok || !present {
		return fmt.Errorf("unreadable footer schema")
	} else if _, ok := schema.vector(2); !ok { // custom_metadata
		return fmt.Errorf("unreadable footer schema")
	} else if fields, ok := schema.vector(1); !ok || !checkFields(fields, 0) {
		return fmt.Errorf("unreadable footer schema")
	}
	var c codecs
	defer c.close()
	for _, slot := range []int{2, 3} { // dictionaries, recordBatches
		at, n, ok := top.structs(slot, 24) // offset int64, metaDataLength int32, padding, bodyLength int64
		if !ok {
			return fmt.Errorf("unreadable footer block list")
		}
		for i := 0; i < n; i++ {
			p := at + 24*i
			off, _ := top.i64(p)
			meta := int64(int32(binary.LittleEndian.Uint32(footer[p+8:])))
			body, _ := top.i64(p + 16)
			if off < 0 || meta < 8 || body < 0 || off > int64(len(data)) || meta > int64(len(data))-off ||
				body > int64(len(data))-off-meta {
				return fmt.Errorf("block %d claims bytes %d to %d of a %d-byte file", i, off, off+meta+body, len(data))
			}
			var prefix int64 // as Arrow reads it: the continuation marker and a length, ...
			switch binary.LittleEndian.Uint32(data[off:]) {
			case 0xFFFFFFFF:
				prefix = 8
			case 0:
			default:
				prefix = 4 // ... or a length alone (before Arrow 0.15)
			}
			info, err := checkMessage(data[off+prefix:off+meta], limit)
			if err != nil {
				return fmt.Errorf("block %d: %v", i, err)
			}
			for j, b := range info.buffers {
				if b[0]+b[1] > body {
					return fmt.Errorf("block %d: buffer %d claims bytes %d to %d of a %d-byte body", i, j, b[0], b[0]+b[1], body)
				}
			}
			if info.codec >= 0 {
				if err := c.checkCompressed(info, data[off+meta:off+meta+body], limit); err != nil {
					return fmt.Errorf("block %d: %v", i, err)
				}
			}
		}
	}
	return nil
}

// flatTable is a bounds-checked view of one flatbuffer table.
type flatTable struct {
	buf []byte
	pos int
}

func (t flatTable) u32(at int) (int, bool) {
	if at < 0 || at+4 > len(t.buf) {
		return 0, false
	}
	return int(binary.LittleEndian.Uint32(t.buf[at:])), true
}

func (t flatTable) i64(at int) (int64, bool) {
	if at < 0 || at+8 > len(t.buf) {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(t.buf[at:])), true
}

// field returns the absolute position of a table field (0 if absent). It
// reads the vtable as the flatbuffers library (and so Arrow) does: a field
// is present when its vtable entry starts within the vtable's claimed size,
// even an odd size that cuts the entry in half.
func (t flatTable) field(slot int) (int, bool) {
	soff, ok := t.u32(t.pos)
	if !ok {
		return 0, false
	}
	vt := t.pos - int(int32(uint32(soff)))
	if vt < 0 || vt+4 > len(t.buf) {
		return 0, false
	}
	vtSize := int(binary.LittleEndian.Uint16(t.buf[vt:]))
	at := 4 + 2*slot
	if at >= vtSize {
		return 0, true
	}
	if vt+at+2 > len(t.buf) {
		return 0, false
	}
	off := int(binary.LittleEndian.Uint16(t.buf[vt+at:]))
	if off == 0 {
		return 0, true
	}
	return t.pos + off, t.pos+off < len(t.buf)
}

// table follows an offset field to its table: the table, whether the field
// is present, and whether the offsets are sound.
func (t flatTable) table(slot int) (flatTable, bool, bool) {
	at, ok := t.field(slot)
	if !ok || at == 0 {
		return flatTable{}, false, ok
	}
	rel, ok := t.u32(at)
	return flatTable{t.buf, at + rel}, ok, ok && at+rel < len(t.buf)
}

// structs returns the position of the first element of a vector of
// fixed-size structs (or scalars) and its length, checking that the
// claimed length fits in the buffer.
func (t flatTable) structs(slot, size int) (at, n int, ok bool) {
	at, ok = t.field(slot)
	if !ok || at == 0 {
		return 0, 0, ok
	}
	rel, ok := t.u32(at)
	if !ok {
		return 0, 0, false
	}
	vec := at + rel
	n, ok = t.u32(vec)
	if !ok || n > (len(t.buf)-vec-4)/size {
		return 0, 0, false
	}
	return vec + 4, n, true
}

// vector returns the element tables of a vector-of-tables field, checking
// that its claimed length fits in the buffer.
func (t flatTable) vector(slot int) ([]flatTable, bool) {
	at, n, ok := t.structs(slot, 4)
	if !ok || n == 0 {
		return nil, ok
	}
	out := make([]flatTable, n)
	for i := range out {
		r, _ := t.u32(at + 4*i)
		out[i] = flatTable{t.buf, at + 4*i + r}
	}
	return out, true
}

// checkFields checks the vectors of a schema's fields whose claimed lengths
// Arrow allocates for (children, custom metadata), so that a corrupt count
// cannot ask for gigabytes.
func checkFields(fields []flatTable, depth int) bool {
	if depth > 64 {
		return false
	}
	for _, f := range fields {
		if _, ok := f.vector(6); !ok { // custom_metadata
			return false
		}
		children, ok := f.vector(5)
		if !ok || !checkFields(children, depth+1) {
			return false
		}
	}
	return true
}
