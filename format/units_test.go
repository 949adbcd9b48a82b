package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
)

// A header names Bernoulli, Spin or no units: a writer refuses anything
// else, and so does a reader of a stream that another program wrote.
func TestUnits(t *testing.T) {
	for _, u := range []Units{Bernoulli, Spin, ""} {
		var buf bytes.Buffer
		w, err := NewWriter[Example](&buf, Header{Visible: 1, Units: u})
		if err != nil {
			t.Fatalf("units %q: %v", u, err)
		}
		w.Close()
		rd, err := NewReader[Example](&buf, "x")
		if err != nil || rd.Header().Units != u {
			t.Fatalf("units %q read back as %q, %v", u, rd.Header().Units, err)
		}
		rd.Close()
	}
	if _, err := NewWriter[Example](new(bytes.Buffer), Header{Visible: 1, Units: "potts"}); err == nil || !strings.Contains(err.Error(), `unit convention "potts"`) {
		t.Errorf("a writer took potts units: %v", err)
	}
	md := Header{Kind: KindDataset, Visible: 1, Units: Bernoulli}.Metadata()
	keys, values := md.Keys(), md.Values()
	for i, k := range keys {
		if k == KeyUnits {
			values[i] = "potts"
		}
	}
	if _, err := ParseHeader(arrow.NewMetadata(keys, values)); err == nil || !strings.Contains(err.Error(), `"potts": want "bernoulli" or "spin"`) {
		t.Errorf("a header naming potts units parsed: %v", err)
	}
}
