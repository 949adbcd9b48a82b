package spectral

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"gonum.org/v1/gonum/mat"
)

func TestAssignIsOptimal(t *testing.T) {
	r := rng.New(4, 0, "assignment")
	for n := 1; n <= 7; n++ {
		for trial := 0; trial < 30; trial++ {
			cost := make([]float64, n*n)
			for i := range cost {
				cost[i] = r.Float64()
				if trial%3 == 0 {
					cost[i] = float64(r.IntN(3)) // ties
				}
			}
			col := assign(cost, n)
			seen := make([]bool, n)
			got := 0.0
			for i, j := range col {
				if j < 0 || j >= n || seen[j] {
					t.Fatalf("n=%d: %v is not a permutation", n, col)
				}
				seen[j] = true
				got += cost[i*n+j]
			}
			if want := bruteAssign(cost, n); math.Abs(got-want) > 1e-12 {
				t.Fatalf("n=%d: assignment cost %g, optimum %g (cost %v, assignment %v)", n, got, want, cost, col)
			}
		}
	}
}

// bruteAssign returns the minimum assignment cost over all permutations.
func bruteAssign(cost []float64, n int) float64 {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	best := math.Inf(1)
	var rec func(k int, acc float64)
	rec = func(k int, acc float64) {
		if k == n {
			best = math.Min(best, acc)
			return
		}
		for i := k; i < n; i++ {
			perm[k], perm[i] = perm[i], perm[k]
			rec(k+1, acc+cost[k*n+perm[k]])
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	rec(0, 0)
	return best
}

// rotation returns exp(angle·G) for a random skew-symmetric G of unit
// spectral scale: a rotation of ℝⁿ by about angle radians.
func rotation(r *rand.Rand, n int, angle float64) *mat.Dense {
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			x := r.NormFloat64() * angle / math.Sqrt(float64(n))
			g.Set(i, j, x)
			g.Set(j, i, -x)
		}
	}
	var e mat.Dense
	e.Exp(g)
	return &e
}

// trajectory is a synthetic training run: planted singular pairs that
// rotate slowly while some of their σ cross.
type trajectory struct {
	u, v  []*mat.Dense // planted vectors per snapshot, column = label
	sigma [][]float64  // planted σ per snapshot, by label
	model []*rbm.Model
}

func newTrajectory(seed uint64, n, m, steps int) *trajectory {
	r := rng.New(seed, 0, "trajectory")
	k := min(n, m)
	u0, v0 := orthonormal(r, n, k), orthonormal(r, m, k)
	ru, rv := rotation(r, n, 0.06), rotation(r, m, 0.06)
	tr := &trajectory{}
	u, v := u0, v0
	for t := 0; t < steps; t++ {
		s := (float64(t) + 0.37) / float64(steps)
		sigma := make([]float64, k)
		for a := range sigma {
			sigma[a] = float64(k - a)
		}
		// Label 0 falls through labels 1, 2 and 3; labels 10 and 11 swap.
		sigma[0] = float64(k) - 4*s
		sigma[1] = float64(k-1) + 0.5*s
		sigma[10] = float64(k-10) - 1.5*s
		sigma[11] = float64(k-11) + 1.5*s
		model, _ := planted(r, u, v, sigma, rbm.Bernoulli, 0.5)
		tr.u, tr.v, tr.sigma, tr.model = append(tr.u, u), append(tr.v, v), append(tr.sigma, sigma), append(tr.model, model)
		var nu, nv mat.Dense
		nu.Mul(ru, u)
		nv.Mul(rv, v)
		u, v = &nu, &nv
	}
	return tr
}

// rankOf returns the rank of each label under σ (decreasing).
func rankOf(sigma []float64) []int {
	rank := make([]int, len(sigma))
	for a, s := range sigma {
		for b, o := range sigma {
			if o > s || o == s && b < a {
				rank[a]++
			}
		}
	}
	return rank
}

func TestTrackerFollowsPlantedModesThroughCrossings(t *testing.T) {
	const n, m, steps = 30, 20, 40
	tr := newTrajectory(5, n, m, steps)
	tk := NewTracker()
	tk.DegenerateTol = 0.01
	labelSign := make([]float64, m) // sign of tracked u·planted u per label
	flips, reorders := 0, 0
	var prevRank []int
	for step := 0; step < steps; step++ {
		d, err := Decompose(tr.model[step], true)
		if err != nil {
			t.Fatal(err)
		}
		rank := rankOf(tr.sigma[step])
		label := make([]int, m) // planted label at each rank
		for l, a := range rank {
			label[a] = l
		}
		rawSign := make([]float64, m)
		for a := range rawSign {
			rawSign[a] = math.Copysign(1, mat.Dot(d.U.ColView(a), tr.u[step].ColView(label[a])))
		}
		matches, err := tk.Next(d)
		if err != nil {
			t.Fatal(err)
		}
		for a, mt := range matches {
			l := label[a]
			if mt.ID != l {
				t.Fatalf("step %d, rank %d: id %d, planted label %d (ids must follow vectors, not ranks)", step, a, mt.ID, l)
			}
			sign := math.Copysign(1, mat.Dot(d.U.ColView(a), tr.u[step].ColView(l)))
			vSign := math.Copysign(1, mat.Dot(d.V.ColView(a), tr.v[step].ColView(l)))
			if sign != vSign {
				t.Fatalf("step %d, mode %d: u and v signs disagree", step, l)
			}
			if step == 0 {
				labelSign[l] = sign
			} else if sign != labelSign[l] {
				t.Fatalf("step %d, mode %d: sign not continuous", step, l)
			}
			if flipped := mt.Flags&Flipped != 0; flipped != (sign != rawSign[a]) {
				t.Errorf("step %d, mode %d: Flipped flag %v, but sign changed %v", step, l, flipped, sign != rawSign[a])
			}
			if mt.Flags&Flipped != 0 {
				flips++
			}
			if d.A0[a]*sign*mat.Dot(tr.u[step].ColView(l), floatVec(tr.model[step].A)) < 0 {
				t.Errorf("step %d, mode %d: a⁰ not flipped with its vectors", step, l)
			}
			if step > 0 && (mt.Overlap < 0.95 || mt.Flags&LowOverlap != 0) {
				t.Errorf("step %d, mode %d: overlap %g with the previous snapshot", step, l, mt.Overlap)
			}
			// Overlap with the first snapshot by id, from the planted vectors.
			wantInit := math.Abs(mat.Dot(tr.u[step].ColView(l), tr.u[0].ColView(l)))
			if math.Abs(mt.InitU-wantInit) > 1e-4 {
				t.Errorf("step %d, mode %d: InitU %g, planted %g", step, l, mt.InitU, wantInit)
			}
			// Reordered exactly when the label's order against another
			// label changed since the previous snapshot.
			wantReordered := false
			if prevRank != nil {
				for o := range rank {
					if (rank[l] < rank[o]) != (prevRank[l] < prevRank[o]) {
						wantReordered = true
					}
				}
			}
			if got := mt.Flags&Reordered != 0; got != wantReordered {
				t.Errorf("step %d, mode %d: Reordered %v, want %v", step, l, got, wantReordered)
			}
			if wantReordered {
				reorders++
			}
			// NearDegenerate when a rank neighbour's σ is within 1%
			// (planted values are far from that boundary here).
			wantNear := false
			for _, b := range []int{a - 1, a + 1} {
				if b >= 0 && b < m && math.Abs(tr.sigma[step][l]-tr.sigma[step][label[b]]) <= 0.01*math.Max(tr.sigma[step][l], tr.sigma[step][label[b]]) {
					wantNear = true
				}
			}
			if got := mt.Flags&NearDegenerate != 0; got != wantNear {
				t.Errorf("step %d, mode %d: NearDegenerate %v, want %v", step, l, got, wantNear)
			}
		}
		prevRank = rank
	}
	if flips == 0 {
		t.Error("no sign flip happened: the trajectory does not exercise sign continuity")
	}
	// Label 0 crosses 1, 2, 3; labels 10 and 11 cross: 4 crossings, each
	// flagging two modes.
	if reorders != 8 {
		t.Errorf("%d modes flagged Reordered, want 8", reorders)
	}
}

func TestTrackerFlagsMixedModes(t *testing.T) {
	const n, m = 16, 12
	r := rng.New(6, 0, "mixing")
	u, v := orthonormal(r, n, m), orthonormal(r, m, m)
	sigma := make([]float64, m)
	for a := range sigma {
		sigma[a] = float64(m - a)
	}
	first, _ := planted(r, u, v, sigma, rbm.Bernoulli, 0)
	// Mix modes 3, 4, 5 by the reflection I − 2nnᵀ, n = (1,1,1)/√3: every
	// overlap with the previous vectors is 1/3 or 2/3, below 0.7.
	q := mat.NewDense(3, 3, nil)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			q.Set(i, j, -2.0/3)
		}
		q.Set(i, i, 1.0/3)
	}
	mix := func(x *mat.Dense) *mat.Dense {
		y := mat.DenseCopyOf(x)
		rows, _ := x.Dims()
		var part mat.Dense
		part.Mul(x.Slice(0, rows, 3, 6), q)
		y.Slice(0, rows, 3, 6).(*mat.Dense).Copy(&part)
		return y
	}
	second, _ := planted(r, mix(u), mix(v), sigma, rbm.Bernoulli, 0)
	tk := NewTracker()
	for i, model := range []*rbm.Model{first, second} {
		d, err := Decompose(model, true)
		if err != nil {
			t.Fatal(err)
		}
		matches, err := tk.Next(d)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			continue
		}
		ids := map[int]bool{}
		for a, mt := range matches {
			ids[mt.ID] = true
			mixed := a >= 3 && a <= 5
			if got := mt.Flags&LowOverlap != 0; got != mixed || mt.Flags.Crossing() != mixed {
				t.Errorf("mode %d (overlap %.3f): LowOverlap %v, crossing %v; want %v", a, mt.Overlap, got, mt.Flags.Crossing(), mixed)
			}
			if !mixed && mt.ID != a {
				t.Errorf("unmixed mode %d got id %d", a, mt.ID)
			}
		}
		if len(ids) != m {
			t.Errorf("ids are not a permutation: %v", matches)
		}
	}
}

func TestTrackerErrors(t *testing.T) {
	r := rng.New(7, 0, "tracker errors")
	tk := NewTracker()
	vals, _ := Decompose(gaussianModel(r, 5, 4, rbm.Bernoulli, 1, 0), false)
	if _, err := tk.Next(vals); err == nil {
		t.Error("Next accepted a decomposition without vectors")
	}
	a, _ := Decompose(gaussianModel(r, 5, 4, rbm.Bernoulli, 1, 0), true)
	b, _ := Decompose(gaussianModel(r, 6, 4, rbm.Bernoulli, 1, 0), true)
	if _, err := tk.Next(a); err != nil {
		t.Fatal(err)
	}
	if _, err := tk.Next(b); err == nil {
		t.Error("Next accepted a snapshot of another shape")
	}
}

func TestFlagsString(t *testing.T) {
	for _, c := range []struct {
		f    Flags
		want string
	}{{0, "-"}, {Flipped, "flipped"}, {LowOverlap | Reordered, "low-overlap|reordered"}, {NearDegenerate, "near-degenerate"}} {
		if got := c.f.String(); got != c.want {
			t.Errorf("%d: %q, want %q", c.f, got, c.want)
		}
		if got, want := c.f.Crossing(), c.f&^Flipped != 0; got != want {
			t.Errorf("%v: Crossing %v", c.f, got)
		}
	}
}
