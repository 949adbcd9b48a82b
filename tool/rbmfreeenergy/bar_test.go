package rbmfreeenergy

import (
	"bytes"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// TestBAR: on a small trajectory whose planted mode crosses the threshold,
// -method bar gives every snapshot's log Z within 0.1 nat of enumeration,
// its links add up to it, its log-likelihood is the data's with that
// log Z, and the stream is the same bytes at GOMAXPROCS 1 and 2.
func TestBAR(t *testing.T) {
	ms := models(12, 8, rbm.Bernoulli, []float64{0, 1, 2, 3, 4, 5, 6, 7})
	in := checkpoint(t, ms)
	dir := t.TempDir()
	dataset(t, dir, ms[len(ms)-1], 200)
	args := []string{"-method", "exact,bar", "-chains", "60", "-burn-in", "20", "-rounds", "200", "-bootstrap", "100", "-data", "data.arrows"}
	once := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		code, out, stderr := run(dir, in, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	out := once(1)
	if !bytes.Equal(out, once(2)) {
		t.Error("output differs between GOMAXPROCS 1 and 2")
	}
	h, rows := parse(t, out)
	if set, _ := h.Get("freeenergy"); !strings.Contains(set, `"methods":["exact","bar"]`) || !strings.Contains(set, `"rounds":200`) {
		t.Errorf("rbm.freeenergy %s", set)
	}
	prev := math.NaN()
	for k := range ms {
		snap := int64(k)
		one := func(method, q string) float64 {
			r := find(rows, snap, method, q)
			if len(r) != 1 {
				t.Fatalf("snapshot %d: %d %s %s rows", k, len(r), method, q)
			}
			return r[0].Value
		}
		exact, z := one("exact", "logZ"), one("bar", "logZ")
		se := find(rows, snap, "bar", "logZ")[0].StdErr
		d := one("bar", "dlogZ")
		t.Logf("epoch %d: BAR %.4f ± %.4f, exact %.4f; link: BAR %.4f forward %.4f reverse %.4f acceptance %.2f",
			10*k, z, se, exact, d, one("bar", "dlogZ_forward"), one("bar", "dlogZ_reverse"), one("bar", "acceptance"))
		if !find(rows, snap, "bar", "logZ")[0].Converged || !find(rows, snap, "bar", "dlogZ")[0].Converged {
			t.Errorf("snapshot %d: a well-overlapping ladder marked not converged", k)
		}
		if math.Abs(z-exact) > 0.1 || !(se > 0 && se < 0.1) {
			t.Errorf("snapshot %d: BAR log Z %.4f ± %.4f, exact %.4f", k, z, se, exact)
		}
		if k > 0 && math.Abs(prev+d-z) > 1e-9 {
			t.Errorf("snapshot %d: log Z %.9g is not the previous %.9g plus the link's %.9g", k, z, prev, d)
		}
		if a := one("bar", "acceptance"); !(a > 0 && a <= 1) {
			t.Errorf("snapshot %d: acceptance %v", k, a)
		}
		// The log-likelihood differs from exact's by the log Z difference.
		if ll := one("bar", "loglik") - one("exact", "loglik"); math.Abs(ll+(z-exact)) > 1e-9 {
			t.Errorf("snapshot %d: loglik difference %.6g, log Z difference %.6g", k, ll, z-exact)
		}
		prev = z
	}
}

// TestBARFlagsPoorOverlap: a ladder with a jump (σ from 0 to 12 in one
// step) makes a link whose exchanges are almost never accepted; the rows
// from there up say not converged, those below stay converged, and stderr
// warns.
func TestBARFlagsPoorOverlap(t *testing.T) {
	ms := models(12, 8, rbm.Bernoulli, []float64{0, 1, 12, 13})
	code, out, stderr := run(t.TempDir(), checkpoint(t, ms), "-method", "bar", "-chains", "40", "-burn-in", "10", "-rounds", "100", "-bootstrap", "50")
	if code != 0 {
		t.Fatal(stderr)
	}
	_, rows := parse(t, out)
	for k, want := range []bool{true, true, false, false} {
		r := find(rows, int64(k), "bar", "logZ")
		if len(r) != 1 || r[0].Converged != want {
			t.Errorf("snapshot %d: logZ rows %+v, want converged %v", k, r, want)
		}
	}
	if a := find(rows, 2, "bar", "acceptance"); len(a) != 1 || a[0].Value >= 0.05 || a[0].Converged {
		t.Errorf("the jump's acceptance row %+v: want under 0.05, not converged", a)
	}
	if !strings.Contains(stderr, "snapshot 2 (epoch 20): the link from the rung below overlaps poorly") {
		t.Errorf("no warning for the jump: %s", stderr)
	}
}

func TestBARUsage(t *testing.T) {
	in := checkpoint(t, models(6, 4, rbm.Bernoulli, []float64{0, 1}))
	for _, args := range [][]string{
		{"-method", "bar", "-rounds", "1"},
		{"-method", "bar", "-bootstrap", "1"},
	} {
		if code, _, stderr := run(t.TempDir(), in, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
}
