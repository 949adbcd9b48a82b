package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// TestBelowBound: on a constructed fe table of two replicas, the
// free-energy table shows the lower bound and marks the estimates more
// than 2 of their SE below their replica's own bound, by the worst gap.
func TestBelowBound(t *testing.T) {
	tab := &table{StackTable: &format.StackTable{Num: map[string][]float64{}, Str: map[string][]string{}}}
	var rows []int
	add := func(rep int, epoch int64, method, quantity string, value, se float64) {
		rows = append(rows, tab.Rows)
		tab.Num["hidden"] = append(tab.Num["hidden"], 9)
		tab.Num["replica"] = append(tab.Num["replica"], float64(rep))
		tab.Num["epoch"] = append(tab.Num["epoch"], float64(epoch))
		tab.Num["value"] = append(tab.Num["value"], value)
		tab.Num["stderr"] = append(tab.Num["stderr"], se)
		tab.Str["method"] = append(tab.Str["method"], method)
		tab.Str["quantity"] = append(tab.Str["quantity"], quantity)
		tab.Rows++
	}
	const ais, rais, traj, tap, bound = format.MethodAIS, format.MethodRAIS, format.MethodTrajectory, format.MethodTAP, format.MethodBound
	const z, zb = format.QuantityLogZ, format.QuantityLogZBound
	// Epoch 10: replica 0's AIS is 0.38 below its bound at SE 0.19 (2.0
	// SE: not beyond 2); replica 1's is 0.5 below at SE 0.1 (5 SE), its
	// rAIS above. TAP (no SE) is below but not compared.
	add(0, 10, ais, z, 851.62, 0.19)
	add(0, 10, bound, zb, 852.00, 0)
	add(0, 10, tap, z, 800, math.NaN())
	add(1, 10, ais, z, 851.50, 0.10)
	add(1, 10, rais, z, 852.30, 0.10)
	add(1, 10, bound, zb, 852.00, 0)
	// Epoch 20: both trajectory estimates below, by 1.0 (10 SE) and 0.3
	// (3 SE); no AIS; replica 1's bound only.
	add(0, 20, traj, z, 900.0, 0.1)
	add(0, 20, bound, zb, 901.0, 0)
	add(1, 20, traj, z, 899.7, 0.1)
	add(1, 20, bound, zb, 900.0, 0)
	// Epoch 30: an exact value equal to its bound but for rounding.
	add(0, 30, format.MethodExact, z, 700, 0)
	add(0, 30, bound, zb, 700+1e-12, 0)
	s := &Study{Hidden: []int{9}, Replicas: map[int][]int{9: {0, 1}}, t: map[string]*table{"fe": tab}, by: map[string]map[int][]int{"fe": {9: rows}}}

	l := s.logZ(9)
	for _, c := range []struct {
		epoch  int64
		method string
		want   below
	}{
		{10, ais, below{n: 1, compared: 2, gap: 0.5, sigmas: 5}},
		{10, rais, below{compared: 1}},
		{10, tap, below{}},
		{20, traj, below{n: 2, compared: 2, gap: 1, sigmas: 10}},
		{30, format.MethodExact, below{compared: 1}},
	} {
		got := l.belowBound(s.Replicas[9], c.epoch, c.method)
		if got.n != c.want.n || got.compared != c.want.compared || math.Abs(got.gap-c.want.gap) > 1e-9 || math.Abs(got.sigmas-c.want.sigmas) > 1e-6 {
			t.Errorf("epoch %d %s: %+v, want %+v", c.epoch, c.method, got, c.want)
		}
	}

	tb := s.freeEnergyTable(9)
	col := func(name string) int {
		k := slices.Index(tb.Head, name)
		if k < 0 {
			t.Fatalf("no column %q in %v", name, tb.Head)
		}
		return k
	}
	b, zc, tc, rc := col("log Z bound"), col("log Z"), col("log Z (trajectory)"), col("log Z (rAIS)")
	if len(tb.Rows) != 3 {
		t.Fatalf("%d rows, want epochs 10, 20, 30", len(tb.Rows))
	}
	for k, want := range []struct{ bound, z, traj, rais string }{
		{"852.00", "below the lower bound by 0.50 (5.0 SE) in 1/2", "", ""},
		{"", "", "below the lower bound by 1.00 (10.0 SE) in 2/2", ""},
		{"700.00", "", "", ""},
	} {
		r := tb.Rows[k]
		for _, c := range []struct {
			col  int
			want string
		}{{zc, want.z}, {tc, want.traj}, {rc, want.rais}} {
			has := strings.Contains(r[c.col], "below the lower bound")
			if (c.want == "") == has || (c.want != "" && !strings.Contains(r[c.col], c.want)) {
				t.Errorf("row %d column %q: %q, want %q", k, tb.Head[c.col], r[c.col], c.want)
			}
		}
		if want.bound != "" && !strings.HasPrefix(r[b], want.bound) {
			t.Errorf("row %d bound %q, want %s", k, r[b], want.bound)
		}
	}

	// The summary's log Z (the trajectory estimate at its last epoch, 20)
	// carries the same mark.
	sum := s.summaryTable()
	if k := slices.Index(sum.Head, "log Z"); k < 0 || len(sum.Rows) != 1 ||
		!strings.Contains(sum.Rows[0][k], "(trajectory) ⚠ below the lower bound by 1.00 (10.0 SE) in 2/2") {
		t.Errorf("summary %v: want the trajectory log Z marked below its bound", sum.Rows)
	}
}
