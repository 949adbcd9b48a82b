package format

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
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
		{in: "spread:4", str: "spread:4"},
		{in: "last,spread:5,first", str: "first,spread:5,last"},
		{in: "spread:1", err: "want spread:N with N ≥ 2"},
		{in: "spread:x", err: "want spread:N with N ≥ 2"},
		{in: "spread:", err: "want spread:N with N ≥ 2"},
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
		{sel: "spread:2", want: []int{0, 5}},
		{sel: "spread:3", want: []int{0, 3, 5}},         // position 2.5 rounds up to 3, the end of epoch 2
		{sel: "spread:4", want: []int{0, 3, 5}},         // positions 0, 2, 3, 5: epoch 2 twice selects its end once
		{sel: "spread:100", want: []int{0, 1, 3, 4, 5}}, // every epoch, each at its end
		{sel: "spread:2,1", want: []int{0, 1, 5}},
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

// The awk that pipelines/paper used to pick log Z's snapshots, kept as the
// reference spread:N was written to reproduce: the epochs of n (or all)
// rows, spread evenly, first and last included.
const spreadAwk = `{ e[NR] = $1 } END { if (n == "all" || n + 0 >= NR) n = NR; if (n < 2) n = 2; for (j = 0; j < n; j++) { i = 1 + int(j * (NR - 1) / (n - 1) + 0.5); if (!(i in seen)) { seen[i]; s = s (s == "" ? "" : ",") e[i] } } print s }`

// spread:N resolves to the epochs the awk prints, for every stream length
// up to 40 and N around it and small, with epochs that repeat (a resumed run) and
// that do not.
func TestSpreadMatchesAwk(t *testing.T) {
	awk, err := exec.LookPath("awk")
	if err != nil {
		t.Fatal("awk is not installed: it is this test's reference")
	}
	for k := 1; k <= 40; k++ {
		epochs := make([]int64, k)
		for i := range epochs {
			epochs[i] = int64(3*i + 1)
			if k%3 == 0 && i%4 == 2 { // a repeated epoch
				epochs[i] = epochs[i-1]
			}
		}
		var in strings.Builder
		for _, e := range epochs {
			fmt.Fprintln(&in, e)
		}
		for _, n := range []int{2, 3, 4, 5, 7, 13, k - 1, k, k + 1} {
			if n < 2 {
				continue
			}
			cmd := exec.Command(awk, "-v", fmt.Sprint("n=", n), spreadAwk)
			cmd.Stdin = strings.NewReader(in.String())
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			want, err := ParseSelection(strings.TrimSpace(string(out)))
			if err != nil {
				t.Fatal(err)
			}
			got := Selection{Spread: n}.Resolve(epochs)
			if !slices.Equal(got.Epochs, want.Epochs) || got.Spread != 0 {
				t.Fatalf("%d snapshots, spread:%d: epochs %v, the awk's %v", k, n, got.Epochs, want.Epochs)
			}
			wantPick, _ := want.Pick(epochs)
			if gotPick, err := (Selection{Spread: n}).Pick(epochs); err != nil || !slices.Equal(gotPick, wantPick) {
				t.Fatalf("%d snapshots, spread:%d: Pick %v, %v; want %v", k, n, gotPick, err, wantPick)
			}
			// Distinct positions: min(n, k) of them, the first and the last.
			idx := SpreadIndices(n, k)
			if len(idx) != min(n, k) || idx[0] != 0 || idx[len(idx)-1] != k-1 {
				t.Fatalf("SpreadIndices(%d, %d) = %v", n, k, idx)
			}
		}
	}
}

// A stream read once cannot follow spread:N: EachSelected says to resolve it.
func TestEachSelectedRefusesSpread(t *testing.T) {
	err := EachSelected(Selection{Spread: 3}, (*Reader[Snapshot])(nil), nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "Selection.Resolve") {
		t.Errorf("EachSelected(spread:3) = %v", err)
	}
}
