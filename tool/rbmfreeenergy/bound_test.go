package rbmfreeenergy

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
)

// -bound writes, per snapshot, log Σ e^{−F} over the distinct states among
// the blank and all-on images and the -data examples: checked against a
// sum of exact probabilities of the same states (enumeration), which also
// puts it below the exact log Z. At epoch 10, -reverse-start adds 50
// copies of one more state, which count once.
func TestBound(t *testing.T) {
	dir := t.TempDir()
	ms := models(12, 8, rbm.Bernoulli, []float64{2, 5, 8})
	data := dataset(t, dir, ms[0], 400)
	writeStates(t, filepath.Join(dir, "one.arrows"), 12, 10, 50)
	sample := 0 // writeStates' state: unit i on unless i%3 == 1
	for i := range 12 {
		if i%3 != 1 {
			sample |= 1 << i
		}
	}
	code, out, stderr := run(dir, checkpoint(t, ms), "-method", "exact", "-bound", "-data", "data.arrows", "-reverse-start", "one.arrows")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, rows := parse(t, out)
	// The distinct states by number (bit i ↔ unit i), the blank (0) and
	// all-on ones included.
	index := map[int]bool{0: true, 1<<12 - 1: true}
	for _, v := range data {
		s := 0
		for i, on := range v {
			if on {
				s |= 1 << i
			}
		}
		index[s] = true
	}
	for snap, md := range ms {
		got := find(rows, int64(snap), format.MethodBound, format.QuantityLogZBound)
		if len(got) != 1 {
			t.Fatalf("snapshot %d: %d bound rows", snap, len(got))
		}
		exact := rbm.ExactLogZ(md)
		lp := rbm.ExactVisibleLogProbs(md)
		states := maps.Clone(index)
		if snap == 1 {
			states[sample] = true
		}
		var terms []float64
		for s := range states {
			terms = append(terms, lp[s]+exact)
		}
		want := rbm.LogSumExp(terms)
		r := got[0]
		if math.Abs(r.Value-want) > 1e-9 || r.Value > exact || r.StdErr != 0 || !r.Converged {
			t.Errorf("snapshot %d: bound %.10f ± %g, want %.10f (exact log Z %.10f)", snap, r.Value, r.StdErr, want, exact)
		}
		if snap == 1 != strings.Contains(r.Settings, "samples=one.arrows n=50 ") {
			t.Errorf("snapshot %d: settings %q (the samples are at epoch 10 only)", snap, r.Settings)
		}
		if d := fmt.Sprintf("distinct=%d ", len(states)); !strings.Contains(r.Settings, d) || !strings.Contains(r.Settings, "examples=400") {
			t.Errorf("snapshot %d: settings %q, want %q", snap, r.Settings, d)
		}
	}
}
