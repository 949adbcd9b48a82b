package gibbs

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/internal/stattest"
	"github.com/rbmkit/rbmkit/rbm"
)

func TestFillCounts(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name  string
		rates []float64
		tried int64
		below float64
		most  int
		want  []int
	}{
		// 0.09 = 0.3²: two sub-links of 0.3 each, one model between.
		{"square", []float64{0.09}, 1000, 0.3, 100, []int{1}},
		// 0.3^3 = 0.027 < 0.02 < 0.3^4: four sub-links.
		{"between powers", []float64{0.02}, 1000, 0.3, 100, []int{3}},
		{"good links untouched", []float64{0.5, 0.3, nan, 0.29}, 1000, 0.3, 100, []int{0, 0, 0, 1}},
		// Nothing accepted over 1000 tries: taken as 0.0005 = 0.3^6.31.
		{"none accepted", []float64{0}, 1000, 0.3, 100, []int{6}},
		// Wanted 1 + 3 + 6 = 10 > 5: each scaled by ½, rounded down.
		{"capped", []float64{0.09, 0.02, 0}, 1000, 0.3, 5, []int{0, 1, 3}},
		{"cap zero", []float64{0.01}, 1000, 0.3, 0, []int{0}},
	}
	for _, c := range cases {
		got, err := FillCounts(c.rates, c.tried, c.below, c.most)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: FillCounts(%v, %d, %v, %d) = %v, %v; want %v", c.name, c.rates, c.tried, c.below, c.most, got, err, c.want)
		}
		// Each link's pieces are expected to accept at least below:
		// independent of the count formula, by the rule itself.
		for k, n := range got {
			if a := c.rates[k]; c.most >= 100 && a < c.below && a > 0 && math.Pow(a, 1/float64(n+1)) < c.below-1e-12 {
				t.Errorf("%s: link %d of %v in %d pieces: %v each, below %v", c.name, k, a, n+1, math.Pow(a, 1/float64(n+1)), c.below)
			}
		}
	}
	for _, c := range []struct {
		below float64
		most  int
		tried int64
		want  string
	}{
		{0, 10, 10, "want 0 < A < 1"},
		{1, 10, 10, "want 0 < A < 1"},
		{nan, 10, 10, "want 0 < A < 1"},
		{0.3, -1, 10, "want ≥ 0"},
		{0.3, 10, 0, "cannot derive a fill"},
	} {
		if _, err := FillCounts([]float64{0}, c.tried, c.below, c.most); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FillCounts below %v most %d tried %d: error %v, want %q", c.below, c.most, c.tried, err, c.want)
		}
	}
}

func TestBetweenIsOnTheLine(t *testing.T) {
	a, b := randomModel(1, 4, 3, rbm.Bernoulli, 1, 1), randomModel(2, 4, 3, rbm.Bernoulli, 1, 1)
	for _, f := range []float32{0, 0.25, 1} {
		m := rbm.Between(a, b, f)
		for i := range m.W {
			if want := (1-f)*a.W[i] + f*b.W[i]; math.Abs(float64(m.W[i]-want)) > 1e-6 {
				t.Fatalf("t = %v: W[%d] = %v, want %v", f, i, m.W[i], want)
			}
		}
		for j := range m.B {
			if want := (1-f)*a.B[j] + f*b.B[j]; math.Abs(float64(m.B[j]-want)) > 1e-6 {
				t.Fatalf("t = %v: b[%d] = %v, want %v", f, j, m.B[j], want)
			}
		}
	}
}

// badLink returns a ladder of twoModes(n, c) scaled by s = 0, lows…, 1:
// close rungs up to the largest of lows, then one jump to the model.
func badLink(m *rbm.Model, lows ...float64) []*rbm.Model {
	out := []*rbm.Model{scaled(m, 0)}
	for _, s := range lows {
		out = append(out, scaled(m, s))
	}
	return append(out, m)
}

// TestFillRestoresMixing runs trajectory tempering over a ladder with one
// bad link, from chains all in one mode, for one budget of rounds: with
// the fill after a first part, the top rung passes a chi-square test
// against exact enumeration; without it, it fails; and the filled links
// accept about what the rule that log-acceptance adds predicts.
func TestFillRestoresMixing(t *testing.T) {
	const n, chains, first, rest = 14, 3000, 40, 160
	const below = 0.3
	m := twoModes(n, 3)
	exact := rbm.ExactVisibleLogProbs(m)
	allOff := make([]bool, n)
	for _, c := range []struct {
		name string
		fill bool
	}{{"filled", true}, {"unfilled", false}} {
		t.Run(c.name, func(t *testing.T) {
			ladder := badLink(m, 0.03)
			tr := trajectoryFrom(t, ladder, Config{Chains: chains, Seed: 4}, allOff)
			for range first {
				tr.Round()
			}
			rates := tr.SwapRates()
			t.Logf("rates over the first %d rounds %.4f", first, rates)
			if c.fill {
				counts, err := FillCounts(rates, first*chains, below, 100)
				if err != nil {
					t.Fatal(err)
				}
				var places []Place
				if tr, places, err = tr.Fill(counts, 1); err != nil {
					t.Fatal(err)
				}
				t.Logf("filled %v: %d rungs", counts, tr.Rungs())
				if want := len(ladder) + counts[0] + counts[1]; tr.Rungs() != want || len(places) != want {
					t.Fatalf("%d rungs, %d places after the fill, want %d", tr.Rungs(), len(places), want)
				}
				for range rest {
					tr.Round()
				}
				after := tr.SwapRates()
				t.Logf("rates after the fill %.3f", after)
				// Each piece of link k: expected ≈ a_k^{1/(n+1)}.
				for i := 0; i+1 < tr.Rungs(); i++ {
					k := places[i].Rung
					if counts[k] == 0 {
						continue
					}
					want := math.Pow(rates[k], 1/float64(counts[k]+1))
					if after[i] < want-0.05 {
						t.Errorf("filled link %d (on link %d at %.2f): acceptance %.3f, the rule predicts %.3f", i, k, places[i].At, after[i], want)
					}
				}
			} else {
				for range rest {
					tr.Round()
				}
			}
			top := tr.Sampler(tr.Rungs() - 1)
			if top.Model() != m && !slices.Equal(top.Model().W, m.W) {
				t.Fatal("the top rung is not the model")
			}
			p := stattest.ChiSquare(t, counts(top), exact)
			t.Logf("top rung: chi-square p = %.3g", p)
			if c.fill && p < pThreshold {
				t.Errorf("filled ladder: the top rung fails the chi-square test after %d rounds (p = %.3g)", first+rest, p)
			}
			if !c.fill && p > 1e-6 {
				t.Errorf("unfilled ladder: the top rung passes the chi-square test after %d rounds (p = %.3g): the link is not bad enough to test the fill", first+rest, p)
			}
		})
	}
}

func TestFillKeepsStatesAndRefuses(t *testing.T) {
	m := twoModes(6, 2)
	tr, err := NewTrajectory(badLink(m, 0.2), Config{Chains: 7, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		tr.Round()
	}
	u, places, err := tr.Fill([]int{0, 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []Place{{0, 0}, {1, 0}, {1, float64(float32(1) / 3)}, {1, float64(float32(2) / 3)}, {2, 0}}
	if !slices.Equal(places, want) {
		t.Fatalf("places %v, want %v", places, want)
	}
	for i, p := range places {
		for c := range 7 {
			if !slices.Equal(u.Sampler(i).Visible(c), tr.Sampler(p.Rung).Visible(c)) {
				t.Fatalf("rung %d (place %v) column %d: state not carried over", i, p, c)
			}
		}
	}
	for _, c := range []struct {
		counts []int
		stream int
		want   string
	}{
		{[]int{1}, 1, "2 links"},
		{[]int{0, 1}, 0, "another stream"},
		{[]int{-1, 0}, 1, "-1 models"},
	} {
		if _, _, err := tr.Fill(c.counts, c.stream); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Fill(%v, %d): error %v, want %q", c.counts, c.stream, err, c.want)
		}
	}
}
