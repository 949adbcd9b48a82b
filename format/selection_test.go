package format

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParseSelection(t *testing.T) {
	for _, tc := range []struct {
		in, str, err string
	}{
		{in: "", str: ""},
		{in: "all", str: "all"},
		{in: "last", str: "last"},
		{in: " first , 3,0,3, last", str: "first,3,0,last"},
		{in: "10,last,all", str: "all,10,last"},
		{in: "-1", err: `snapshot "-1": want an epoch`},
		{in: "1,x", err: `snapshot "x": want an epoch`},
		{in: "1.5", err: `snapshot "1.5"`},
	} {
		sel, err := ParseSelection(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseSelection(%q) = %v, want error containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || sel.String() != tc.str {
			t.Errorf("ParseSelection(%q) = %q, %v; want %q", tc.in, sel.String(), err, tc.str)
		}
		if again, _ := ParseSelection(sel.String()); !slices.Equal(again.Epochs, sel.Epochs) || again.String() != sel.String() {
			t.Errorf("%q does not read back as itself", sel.String())
		}
	}
}

func TestPick(t *testing.T) {
	epochs := []int64{0, 1, 2, 2, 5, 10}
	for _, tc := range []struct {
		sel  string
		want []int
		err  string
	}{
		{sel: "all", want: []int{0, 1, 2, 3, 4, 5}},
		{sel: "first", want: []int{0}},
		{sel: "last", want: []int{5}},
		{sel: "2", want: []int{3}}, // the end of epoch 2
		{sel: "first,5,last", want: []int{0, 4, 5}},
		{sel: "10,last", want: []int{5}},
		{sel: "3", err: "no snapshot at epoch 3; the stream has epochs 0, 1, 2, 5, 10"},
		{sel: "", want: nil},
	} {
		sel, _ := ParseSelection(tc.sel)
		got, err := sel.Pick(epochs)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: err %v, want %q", tc.sel, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.sel, got, err, tc.want)
		}
	}
	if _, err := (Selection{All: true}).Pick(nil); err == nil {
		t.Error("an empty stream picked without error")
	}
}

// epochStream writes a dataset stream whose rows carry epochs as labels.
func epochStream(t *testing.T, epochs []int64) *Reader[Example] {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter[Example](&buf, Header{Visible: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range epochs {
		if err := w.Write(&Example{V: []bool{true}, Label: int32(e)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader[Example](&buf, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rd.Close)
	return rd
}

// EachSelected streams what Pick computes from the whole list: the two
// must agree on every selection of random epoch sequences (with repeats
// and gaps; checkpoint epochs never decrease), and a missing epoch must fail in both.
func TestEachSelectedAgreesWithPick(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	epoch := func(x *Example) int64 { return int64(x.Label) }
	clone := func(x *Example) *Example { c := *x; c.V = slices.Clone(x.V); return &c }
	for trial := 0; trial < 3000; trial++ {
		n := rnd.IntN(7) + 1
		epochs := make([]int64, n)
		for i := range epochs {
			switch {
			case i > 0 && rnd.IntN(4) == 0:
				epochs[i] = epochs[i-1] // a resumed epoch
			case i > 0:
				epochs[i] = epochs[i-1] + 1 + rnd.Int64N(3)
			}
		}
		sel := Selection{All: rnd.IntN(5) == 0, First: rnd.IntN(3) == 0, Last: rnd.IntN(2) == 0}
		for k := rnd.IntN(3); k > 0; k-- {
			if e := rnd.Int64N(14); !slices.Contains(sel.Epochs, e) {
				sel.Epochs = append(sel.Epochs, e)
			}
		}
		if sel.IsZero() {
			sel.Last = true
		}
		want, wantErr := sel.Pick(epochs)
		var got []int
		err := EachSelected(sel, epochStream(t, epochs), epoch, clone, func(i int, x *Example) error {
			if int64(x.Label) != epochs[i] {
				t.Fatalf("row %d handed over with epoch %d, want %d", i, x.Label, epochs[i])
			}
			got = append(got, i)
			return nil
		})
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("epochs %v, selection %q: streamed err %v, Pick err %v", epochs, sel, err, wantErr)
		}
		if err == nil && !slices.Equal(got, want) {
			t.Fatalf("epochs %v, selection %q: streamed %v, Pick %v", epochs, sel, got, want)
		}
	}
}

func TestEachSelectedFailsEarly(t *testing.T) {
	calls := 0
	err := EachSelected(Selection{All: true, Epochs: []int64{3}}, epochStream(t, []int64{0, 2, 4, 6}),
		func(x *Example) int64 { return int64(x.Label) },
		func(x *Example) *Example { return x },
		func(int, *Example) error { calls++; return nil })
	if err == nil || !strings.Contains(err.Error(), "no snapshot at epoch 3 (the stream goes from epoch 2 to 4)") {
		t.Fatalf("err = %v", err)
	}
	if calls != 2 {
		t.Errorf("%d rows analysed before the error, want 2 (epochs 0 and 2)", calls)
	}
	if err := EachSelected(Selection{}, epochStream(t, []int64{0}), nil, nil, nil); err == nil {
		t.Error("an empty selection streamed without error")
	}
}
