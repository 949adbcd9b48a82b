package format

import (
	"encoding/binary"
	"fmt"
	"io"
)

// maxMetadata bounds a message's flatbuffer metadata; real ones (a schema
// with a few dozen columns, a record batch header) take kilobytes.
const maxMetadata = 16 << 20

// framedReader sits between the input and Arrow's stream reader. It walks
// the IPC message framing (continuation marker, metadata length, metadata,
// body) and checks each length before Arrow allocates for it, so a few
// corrupt bytes cannot claim gigabytes. It also records whether the stream
// ended with the end-of-stream marker, which tells a complete stream from
// one cut at a message boundary.
type framedReader struct {
	r       io.Reader
	pending []byte // checked bytes (prefix and metadata) not yet served
	body    int64  // body bytes of the current message still to pass through
	sawEOS  bool
	n       int64 // bytes consumed from r
	err     error
}

func (f *framedReader) Read(p []byte) (int, error) {
	if len(f.pending) > 0 {
		n := copy(p, f.pending)
		f.pending = f.pending[n:]
		return n, nil
	}
	if f.body > 0 {
		if int64(len(p)) > f.body {
			p = p[:f.body]
		}
		n, err := f.r.Read(p)
		f.n += int64(n)
		f.body -= int64(n)
		if err == io.EOF && f.body > 0 {
			err = io.ErrUnexpectedEOF
		}
		return n, err
	}
	if f.err != nil {
		return 0, f.err
	}
	f.err = f.nextMessage()
	if len(f.pending) == 0 {
		return 0, f.err
	}
	return f.Read(p)
}

// nextMessage reads and checks one message's prefix and metadata into
// pending, and sets the body length to pass through.
func (f *framedReader) nextMessage() error {
	var word [4]byte
	n, err := io.ReadFull(f.r, word[:])
	f.n += int64(n)
	if err == io.EOF {
		return io.EOF
	} else if err != nil {
		return io.ErrUnexpectedEOF
	}
	prefix := append([]byte(nil), word[:]...)
	length := binary.LittleEndian.Uint32(word[:])
	if length == 0xFFFFFFFF {
		n, err := io.ReadFull(f.r, word[:])
		f.n += int64(n)
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		prefix = append(prefix, word[:]...)
		length = binary.LittleEndian.Uint32(word[:])
	}
	if length == 0 {
		f.sawEOS = true
		f.pending = prefix
		return io.EOF
	}
	if length > maxMetadata {
		return fmt.Errorf("corrupt stream: a message claims %d bytes of metadata", length)
	}
	meta := make([]byte, length)
	n, err = io.ReadFull(f.r, meta)
	f.n += int64(n)
	if err != nil {
		return io.ErrUnexpectedEOF
	}
	body, ok := messageBodyLength(meta)
	if !ok || !checkSchemaMessage(meta) {
		return fmt.Errorf("corrupt stream: unreadable message metadata")
	}
	if body < 0 || body > int64(MaxAllocation) {
		return fmt.Errorf("corrupt stream: a message claims a body of %d bytes (limit %d)", body, MaxAllocation)
	}
	f.pending = append(prefix, meta...)
	f.body = body
	return nil
}

// messageBodyLength reads the bodyLength field (slot 3: version, the
// header union's type and value, then bodyLength) of an Arrow Message
// flatbuffer, checking every offset against the buffer.
func messageBodyLength(meta []byte) (int64, bool) {
	u32 := func(at int) (int, bool) {
		if at < 0 || at+4 > len(meta) {
			return 0, false
		}
		return int(binary.LittleEndian.Uint32(meta[at:])), true
	}
	u16 := func(at int) (int, bool) {
		if at < 0 || at+2 > len(meta) {
			return 0, false
		}
		return int(binary.LittleEndian.Uint16(meta[at:])), true
	}
	table, ok := u32(0)
	if !ok {
		return 0, false
	}
	soff, ok := u32(table)
	if !ok {
		return 0, false
	}
	vtable := table - int(int32(uint32(soff)))
	vtSize, ok := u16(vtable)
	if !ok {
		return 0, false
	}
	const slot = 4 + 2*3
	if slot+2 > vtSize {
		return 0, true // field absent: default 0
	}
	off, ok := u16(vtable + slot)
	if !ok {
		return 0, false
	}
	if off == 0 {
		return 0, true
	}
	if table+off < 0 || table+off+8 > len(meta) {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(meta[table+off:])), true
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

// field returns the absolute position of a table field (0 if absent).
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
	if at+2 > vtSize {
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

// table follows an offset field to its table.
func (t flatTable) table(slot int) (flatTable, bool, bool) {
	at, ok := t.field(slot)
	if !ok || at == 0 {
		return flatTable{}, false, ok
	}
	rel, ok := t.u32(at)
	return flatTable{t.buf, at + rel}, ok, ok && at+rel < len(t.buf)
}

// vector returns the element tables of a vector-of-tables field, checking
// that its claimed length fits in the buffer.
func (t flatTable) vector(slot int) ([]flatTable, bool) {
	at, ok := t.field(slot)
	if !ok || at == 0 {
		return nil, ok
	}
	rel, ok := t.u32(at)
	if !ok {
		return nil, false
	}
	vec := at + rel
	n, ok := t.u32(vec)
	if !ok || n > (len(t.buf)-vec-4)/4 {
		return nil, false
	}
	out := make([]flatTable, n)
	for i := range out {
		r, _ := t.u32(vec + 4 + 4*i)
		out[i] = flatTable{t.buf, vec + 4 + 4*i + r}
	}
	return out, true
}

// checkSchemaMessage verifies the vectors of a Schema message whose claimed
// lengths Arrow allocates for (fields, children, custom metadata), so that
// a corrupt count cannot ask for gigabytes. Other messages pass.
func checkSchemaMessage(meta []byte) bool {
	root, ok := flatTable{meta, 0}.u32(0)
	if !ok {
		return false
	}
	msg := flatTable{meta, root}
	typeAt, ok := msg.field(1)                   // header_type
	if !ok || typeAt == 0 || meta[typeAt] != 1 { // 1: Schema
		return ok
	}
	schema, present, ok := msg.table(2)
	if !ok || !present {
		return ok
	}
	if _, ok := schema.vector(2); !ok { // custom_metadata
		return false
	}
	fields, ok := schema.vector(1)
	return ok && checkFields(fields, 0)
}

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
