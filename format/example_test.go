package format_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/rbmkit/rbmkit/format"
)

// Write a checkpoint stream and read it back one snapshot at a time.
func Example() {
	var buf bytes.Buffer
	h := format.Header{Visible: 3, Hidden: 2, Units: "bernoulli", Seed: 1,
		Provenance: []format.Step{{Tool: "example", Version: "0"}}}
	w, err := format.NewWriter[format.Snapshot](&buf, h, format.WithCompression(format.Zstd))
	if err != nil {
		log.Fatal(err)
	}
	for epoch := int64(0); epoch < 2; epoch++ {
		s := format.Snapshot{Epoch: epoch, W: []float32{1, 2, 3, 4, 5, 6},
			A: []float32{0, 0, 0}, B: []float32{0, 0}}
		if err := w.Write(&s); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	r, err := format.NewReader[format.Snapshot](&buf, "example")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Header().Kind, r.Header().Visible, r.Header().Hidden)
	for r.Next() {
		s := r.Row()
		fmt.Println(s.Epoch, s.W[1*2+0]) // W[i=1, j=0]
	}
	if err := r.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// checkpoint 3 2
	// 0 3
	// 1 3
}

// WriteAll writes a whole stream at once.
func ExampleWriteAll() {
	var buf bytes.Buffer
	rows := []format.Example{{V: []bool{true, false}, Label: 1}, {V: []bool{false, true}, Label: 2}}
	if err := format.WriteAll(&buf, format.Header{Visible: 2}, rows); err != nil {
		log.Fatal(err)
	}
	r, err := format.NewReader[format.Example](&buf, "example")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		fmt.Println(r.Row().V, r.Row().Label)
	}
	// Output:
	// [true false] 1
	// [false true] 2
}

// A reader names what it expected and what it got.
func ExampleNewReader_wrongKind() {
	var buf bytes.Buffer
	w, _ := format.NewWriter[format.Example](&buf, format.Header{Visible: 2})
	w.Write(&format.Example{V: []bool{true, false}, Label: 1})
	w.Close()
	_, err := format.NewReader[format.Snapshot](&buf, "stdin")
	fmt.Println(err)
	// Output:
	// stdin: expected a checkpoint stream, got a dataset stream
}
