package ipcguard

import (
	"encoding/binary"
	"testing"
)

// TrustedRatio is trustedRatio, for the tests of package ipcguard_test
// (which write their streams with package format, which imports this one).
const TrustedRatio = trustedRatio

// FirstBatch locates the first record batch message of a stream that
// starts at data[start:]: the positions of its metadata and of its body.
func FirstBatch(t *testing.T, data []byte, start int) (meta, body int) {
	t.Helper()
	for p := start; p+8 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[p+4:]))
		meta = p + 8
		info, err := checkMessage(data[meta:meta+n], 1<<30)
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

// BodyLengthAt returns the position in data of the bodyLength of the
// message whose metadata starts at meta.
func BodyLengthAt(t *testing.T, data []byte, meta int) int {
	t.Helper()
	m := data[meta:]
	root, _ := flatTable{m, 0}.u32(0)
	at, ok := flatTable{m, root}.field(3)
	if !ok || at == 0 {
		t.Fatal("no bodyLength")
	}
	return meta + at
}

// BufferAt returns the positions in data of the offset and length of
// buffer i of the record batch message whose metadata starts at meta.
func BufferAt(t *testing.T, data []byte, meta, i int) (offsetAt, lengthAt int) {
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
