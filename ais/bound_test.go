package ais

import (
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// allStates returns every visible configuration, state s having unit i on
// exactly when bit i of s is set (rbm.ExactVisibleLogProbs' indexing).
func allStates(n int) [][]bool {
	out := make([][]bool, 1<<n)
	for s := range out {
		out[s] = make([]bool, n)
		for i := range n {
			out[s][i] = s>>i&1 == 1
		}
	}
	return out
}

// The bound over every state is exact log Z (enumeration of the hidden
// layer here, a second algorithm); over any subset it is below; repeating
// states changes nothing; and the blank state alone gives Σ softplus(b).
func TestLogZLowerBound(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    rbm.Units
		n, m int
		w    float64
	}{
		{"bernoulli", rbm.Bernoulli, 10, 7, 0.8},
		{"bernoulli-strong", rbm.Bernoulli, 9, 12, 2.5},
		{"spin", rbm.Spin, 10, 6, 0.6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomModel(91, tc.n, tc.m, tc.u, tc.w, 1)
			exact := rbm.ExactLogZ(m)
			all := allStates(tc.n)
			b, err := LogZLowerBound(m, all)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(b.LogZ-exact) > 1e-9 || b.Distinct != len(all) {
				t.Fatalf("all states: bound %.12f over %d, exact log Z %.12f", b.LogZ, b.Distinct, exact)
			}
			// The best state is the mode: the largest exact log p(v).
			lp := rbm.ExactVisibleLogProbs(m)
			for s, l := range lp {
				if l > lp[b.Best]+1e-12 {
					t.Fatalf("best state %d has log p %.6f, state %d %.6f", b.Best, lp[b.Best], s, l)
				}
			}
			if got := b.BestNegF - exact; math.Abs(got-lp[b.Best]) > 1e-9 {
				t.Fatalf("best −F − log Z = %.9f, exact log p %.9f", got, lp[b.Best])
			}

			// Random subsets, with every state repeated up to 3 times: the
			// bound is the log-sum over the distinct members only.
			r := rng.New(3, 0, "bound-subsets")
			for trial := range 20 {
				var sub [][]bool
				var want []float64
				for s, st := range all {
					if r.IntN(3) != 0 {
						continue
					}
					want = append(want, lp[s]+exact)
					for range 1 + r.IntN(3) {
						sub = append(sub, st)
					}
				}
				r.Shuffle(len(sub), func(i, j int) { sub[i], sub[j] = sub[j], sub[i] })
				b, err := LogZLowerBound(m, sub)
				if err != nil {
					t.Fatal(err)
				}
				if w := rbm.LogSumExp(want); math.Abs(b.LogZ-w) > 1e-9 || b.LogZ > exact+1e-12 {
					t.Fatalf("trial %d: bound %.12f, log-sum over the distinct states %.12f, log Z %.12f", trial, b.LogZ, w, exact)
				}
				if b.Distinct != len(want) {
					t.Fatalf("trial %d: %d distinct, want %d", trial, b.Distinct, len(want))
				}
			}

			// The blank state alone (all off, −1 for spins): −F(0) =
			// Σ_j softplus(b_j) for Bernoulli units; with duplicates too.
			blank := make([]bool, tc.n)
			b, err = LogZLowerBound(m, [][]bool{blank, blank, append([]bool(nil), blank...)})
			if err != nil {
				t.Fatal(err)
			}
			if want := lp[0] + exact; b.Distinct != 1 || b.Best != 0 || math.Abs(b.LogZ-want) > 1e-9 {
				t.Fatalf("blank: bound %.12f over %d, want %.12f over 1", b.LogZ, b.Distinct, want)
			}
			if tc.u == rbm.Bernoulli {
				sp := 0.0
				for _, bj := range m.B {
					sp += rbm.Softplus(float64(bj))
				}
				if math.Abs(b.LogZ-sp) > 1e-12*math.Max(1, math.Abs(sp)) {
					t.Fatalf("blank: bound %.15f, Σ softplus(b) %.15f", b.LogZ, sp)
				}
			}
		})
	}
}

func TestLogZLowerBoundErrors(t *testing.T) {
	m := randomModel(92, 5, 3, rbm.Bernoulli, 1, 1)
	if _, err := LogZLowerBound(m, [][]bool{make([]bool, 4)}); err == nil {
		t.Fatal("a state of the wrong length was accepted")
	}
	b, err := LogZLowerBound(m, nil)
	if err != nil || !math.IsInf(b.LogZ, -1) || b.Best != -1 || b.Distinct != 0 {
		t.Fatalf("no states: %+v, %v; want −Inf", b, err)
	}
}
