package trajectory

import (
	"bytes"
	"cmp"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// jitter is a synthetic trajectory shaped like minibatch training: the
// parameters are a smooth path from θ₀ toward a random target (relaxing
// at rate drift per step) plus fresh noise of std noise at every step, so
// that successive models zigzag while models many steps apart differ
// little more than neighbours do.
type jitter struct {
	n, m         int
	units        rbm.Units
	steps        int
	drift, noise float64
	target       float64
	seed         uint64
}

// models returns the trajectory's models after θ₀ (θ₀ first).
func (j jitter) models() []*rbm.Model {
	r := rand.New(rand.NewPCG(j.seed, 2))
	mean := randomModel(j.n, j.m, j.units, 0.01, r)
	target := randomModel(j.n, j.m, j.units, j.target, r)
	out := []*rbm.Model{mean.Clone()}
	for range j.steps {
		next := mean.Clone()
		for _, p := range [][3][]float32{{mean.W, target.W, next.W}, {mean.A, target.A, next.A}, {mean.B, target.B, next.B}} {
			for i := range p[0] {
				p[0][i] += float32(j.drift * float64(p[1][i]-p[0][i]))
				p[2][i] = p[0][i] + float32(j.noise*r.NormFloat64())
			}
		}
		out = append(out, next)
	}
	return out
}

// run follows the trajectory with cfg and returns, every `every` steps,
// the estimate's error against exact log Z; at step restartAt (> 0) the
// estimator is replaced by one restored from its MarshalBinary state.
func (j jitter) run(t *testing.T, path []*rbm.Model, cfg Config, every, restartAt int) (errs []float64, states [][]byte) {
	t.Helper()
	e, err := New(path[0], cfg)
	if err != nil {
		t.Fatal(err)
	}
	for s := 1; s < len(path); s++ {
		e.Update(path[s])
		if s%every == 0 {
			est := e.Estimate()
			errs = append(errs, est.LogZ-rbm.ExactLogZ(path[s]))
			st, _ := e.MarshalBinary()
			states = append(states, st)
		}
		if s == restartAt {
			st, _ := e.MarshalBinary()
			if e, err = Restore(path[s], cfg, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	return errs, states
}

// TestStrideSkipsTheZigzag: on a trajectory whose steps are mostly noise
// that cancels, taking Stride updates at once along the line between
// their ends keeps exact log Z where one step per update, with the same
// sweeps, falls behind, and so does the same line in half the
// steps (LineSteps); the estimate is of the current model whenever it
// is asked for (here every 15 updates, not a multiple of the stride: a
// copy catches up).
func TestStrideSkipsTheZigzag(t *testing.T) {
	for _, j := range []jitter{
		{n: 14, m: 10, units: rbm.Bernoulli, steps: 600, drift: 0.01, noise: 0.12, target: 1.2, seed: 1},
		{n: 14, m: 10, units: rbm.Spin, steps: 600, drift: 0.01, noise: 0.04, target: 0.5, seed: 2},
	} {
		path := j.models()
		var means [3]float64
		for i, c := range []struct{ stride, lineSteps int }{{1, 0}, {20, 0}, {20, 10}} {
			errs, _ := j.run(t, path, Config{Chains: 64, Groups: 8, Stride: c.stride, LineSteps: c.lineSteps, Seed: 3}, 15, 0)
			mean, worst := meanAbs(errs)
			means[i] = mean
			t.Logf("%v stride %d in %d steps: mean |error| %.3f, worst %.3f", j.units, c.stride, cmp.Or(c.lineSteps, c.stride), mean, worst)
			// Measured: stride 1 mean 5.7 and 1.4 nats, worst 12.8 and 4.2;
			// stride 20 mean 0.06 and 0.11, worst 0.19 and 0.25; in 10
			// steps 0.066 and 0.084, worst 0.25 and 0.24 (in 5: 0.21 and
			// 0.08, worst 0.45 and 0.21).
			if c.stride > 1 && (mean > 0.15 || worst > 0.4) {
				t.Errorf("%v stride %d in %d steps: mean |error| %.3f (want ≤ 0.15), worst %.3f (want ≤ 0.4)", j.units, c.stride, cmp.Or(c.lineSteps, c.stride), mean, worst)
			}
		}
		if means[1] > means[0]/3 || means[2] > means[0]/3 {
			t.Errorf("%v: stride 20's mean |error| %.3f (in 10 steps %.3f) is not a third of stride 1's %.3f", j.units, means[1], means[2], means[0])
		}
	}
}

// TestStrideResume: an estimator restored from its state at an update
// inside a line goes on exactly as the one it was saved from, and asking
// for estimates (which catch up a copy) changes nothing, with one step an
// update or fewer (LineSteps).
func TestStrideResume(t *testing.T) {
	j := jitter{n: 12, m: 8, units: rbm.Bernoulli, steps: 90, drift: 0.02, noise: 0.1, target: 1, seed: 4}
	path := j.models()
	for _, lineSteps := range []int{0, 3} {
		cfg := Config{Chains: 32, Groups: 4, Stride: 7, LineSteps: lineSteps, Seed: 5}
		_, whole := j.run(t, path, cfg, 10, 0)
		_, resumed := j.run(t, path, cfg, 10, 40)
		for k := range whole {
			if !bytes.Equal(whole[k], resumed[k]) {
				t.Fatalf("%d steps a line: state at update %d differs after a resume at update 40", lineSteps, 10*(k+1))
			}
		}
		_, sparse := j.run(t, path, cfg, 30, 0)
		for k := range sparse {
			if !bytes.Equal(sparse[k], whole[3*k+2]) {
				t.Fatalf("%d steps a line: state at update %d differs with estimates every 30 updates instead of 10", lineSteps, 30*(k+1))
			}
		}
	}
}

// TestLadderWithStride: along a slow drift the ladder cuts about as many
// rungs when the estimator takes 5 updates at a time (its rungs then lie
// on the lines between them) as update by update, TakeRungs hands each
// over once, numbered in order, each placed 1 to 5 updates back (exactly
// 1 without a stride).
func TestLadderWithStride(t *testing.T) {
	counts := map[int]int{}
	for _, stride := range []int{1, 5} {
		r := rand.New(rand.NewPCG(6, 7))
		m := randomModel(12, 6, rbm.Spin, 0.05, r)
		target := randomModel(12, 6, rbm.Spin, 1.5, r)
		e, err := New(m, Config{Chains: 64, Seed: 3, Stride: stride})
		if err != nil {
			t.Fatal(err)
		}
		l := e.EnableLadder(0.5)
		next := 1
		for u := 1; u <= 200; u++ {
			for i := range m.W {
				m.W[i] += 0.02 * (target.W[i] - m.W[i])
			}
			e.Update(m)
			if u%37 == 0 {
				e.Estimate()
			}
			for _, g := range l.TakeRungs() {
				if g.Index != next || g.Back < 1 || g.Back > stride || (stride == 1 && g.Back != 1) {
					t.Errorf("stride %d update %d: rung %d placed %d updates back, want rung %d, 1 to %d back", stride, u, g.Index, g.Back, next, stride)
				}
				next++
			}
		}
		e.Estimate()
		next += len(l.TakeRungs())
		if next != l.Rungs() {
			t.Errorf("stride %d: %d rungs handed over (with θ₀), the ladder counts %d", stride, next, l.Rungs())
		}
		counts[stride] = l.Rungs()
	}
	t.Logf("rungs: %v", counts)
	if c1, c5 := counts[1], counts[5]; c1 < 3 || 2*c5 < c1 || c5 > 2*c1 {
		t.Errorf("rungs %d update by update and %d with stride 5: want several, within a factor 2", c1, c5)
	}
}

// TestStrideSharedTransposeSameBits: the steps along a line hand the
// sampler Wᵀ interpolated between the line's ends instead of transposing
// each step's W; the bits are the same (an entry is the same arithmetic on
// the same two numbers either way).
func TestStrideSharedTransposeSameBits(t *testing.T) {
	j := jitter{n: 40, m: 24, units: rbm.Bernoulli, steps: 60, drift: 0.02, noise: 0.1, target: 1, seed: 6}
	path := j.models()
	var states [2][][]byte
	for i, noShare := range []bool{true, false} {
		e, err := New(path[0], Config{Chains: 64, Groups: 4, Stride: 7, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		e.noShare = noShare
		for s := 1; s < len(path); s++ {
			e.Update(path[s])
			if s%10 == 0 {
				st, _ := e.MarshalBinary()
				states[i] = append(states[i], st)
			}
		}
	}
	for k := range states[0] {
		if !bytes.Equal(states[0][k], states[1][k]) {
			t.Fatalf("update %d: the state with interpolated Wᵀ differs from the one with each step's own", 10*(k+1))
		}
	}
}
