package rbmsvd

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// orthonormal returns the Q factor of a seeded Gaussian rows×cols matrix.
func orthonormal(rows, cols int, seed uint64) *mat.Dense {
	r := rng.New(seed, 0, "orthonormal")
	g := mat.NewDense(rows, cols, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, rows, 0, cols))
}

// planted builds W = U diag(σ) Vᵀ for known U, V and σ, as a checkpoint
// stream of two snapshots (the second with σ doubled).
func planted(t *testing.T, n, m int, sigma []float64) ([]byte, *mat.Dense, *mat.Dense) {
	r := len(sigma)
	u, v := orthonormal(n, r, 1), orthonormal(m, r, 2)
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
	if err != nil {
		t.Fatal(err)
	}
	for e, scale := range []float64{1, 2} {
		var us mat.Dense
		us.Scale(1, u)
		for a := 0; a < r; a++ {
			col := mat.Col(nil, a, &us)
			for i := range col {
				us.Set(i, a, col[i]*sigma[a]*scale)
			}
		}
		var wm mat.Dense
		wm.Mul(&us, v.T())
		s := format.Snapshot{Epoch: int64(e), W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}
		for i := range s.W {
			s.W[i] = float32(wm.RawMatrix().Data[i])
		}
		w.Write(&s)
	}
	w.Close()
	return buf.Bytes(), u, v
}

func rbmsvd(stdin []byte, args ...string) (int, []byte, string) {
	return cli.Call(Tool, stdin, "", args...)
}

func TestPlantedDecomposition(t *testing.T) {
	for _, shape := range [][2]int{{30, 12}, {12, 30}, {20, 20}} {
		n, m := shape[0], shape[1]
		r := min(n, m)
		sigma := make([]float64, r)
		for a := range sigma {
			sigma[a] = 10 / float64(a+1)
		}
		stream, u, v := planted(t, n, m, sigma)
		code, out, stderr := rbmsvd(stream, "-vectors")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
		if err != nil {
			t.Fatal(err)
		}
		wr := map[int64]*mat.Dense{0: mat.NewDense(n, m, nil), 1: mat.NewDense(n, m, nil)}
		rows := 0
		for rd.Next() {
			row := rd.Row()
			scale := float64(row.Snapshot + 1)
			if want := sigma[row.Rank] * scale; math.Abs(row.Sigma-want) > 1e-5*want {
				t.Fatalf("%v: σ_%d = %g, want %g", shape, row.Rank, row.Sigma, want)
			}
			// Vectors equal the planted ones up to sign, and the largest
			// component of u is positive.
			du, dv := 0.0, 0.0
			sign := math.Copysign(1, mat.Dot(mat.NewVecDense(n, row.U), u.ColView(int(row.Rank))))
			for i, x := range row.U {
				du = math.Max(du, math.Abs(x-sign*u.At(i, int(row.Rank))))
			}
			for j, x := range row.V {
				dv = math.Max(dv, math.Abs(x-sign*v.At(j, int(row.Rank))))
			}
			if du > 1e-4 || dv > 1e-4 {
				t.Fatalf("%v: mode %d vectors off by %g, %g", shape, row.Rank, du, dv)
			}
			big := 0
			for i := range row.U {
				if math.Abs(row.U[i]) > math.Abs(row.U[big]) {
					big = i
				}
			}
			if row.U[big] < 0 {
				t.Fatalf("%v: mode %d: largest component of u is negative", shape, row.Rank)
			}
			var outer mat.Dense
			outer.Outer(row.Sigma, mat.NewVecDense(n, slices.Clone(row.U)), mat.NewVecDense(m, slices.Clone(row.V)))
			wr[row.Snapshot].Add(wr[row.Snapshot], &outer)
			rows++
		}
		if err := rd.Err(); err != nil || rows != 2*r {
			t.Fatalf("%v: %d rows, err %v", shape, rows, err)
		}
		// W is reconstructed from the written modes to float32 precision.
		orig, _ := format.NewReader[format.Snapshot](bytes.NewReader(stream), "in")
		for snap := int64(0); orig.Next(); snap++ {
			var diff, norm float64
			for i, x := range orig.Row().W {
				d := float64(x) - wr[snap].RawMatrix().Data[i]
				diff, norm = diff+d*d, norm+float64(x)*float64(x)
			}
			if rel := math.Sqrt(diff / norm); rel > 1e-5 {
				t.Fatalf("%v snapshot %d: reconstruction error %.2g", shape, snap, rel)
			}
		}
	}
}

func TestModesAndErrors(t *testing.T) {
	stream, _, _ := planted(t, 10, 6, []float64{5, 4, 3, 2, 1, 0.5})
	code, out, _ := rbmsvd(stream, "-modes", "2")
	if code != 0 {
		t.Fatal("exit", code)
	}
	rd, _ := format.NewReader[format.Mode](bytes.NewReader(out), "out")
	n := 0
	for rd.Next() {
		n++
	}
	if n != 4 || rd.Has("u") {
		t.Fatalf("%d rows (want 2 modes × 2 snapshots), vectors present: %v", n, rd.Has("u"))
	}
	var ds bytes.Buffer
	w, _ := format.NewWriter[format.Example](&ds, format.Header{Visible: 2})
	w.Write(&format.Example{V: []bool{true, false}})
	w.Close()
	var huge bytes.Buffer // the header of a large model, no snapshot
	w2, _ := format.NewWriter[format.Snapshot](&huge, format.Header{Visible: 5000, Hidden: 1001, Units: "bernoulli"})
	w2.Close()
	for _, c := range []struct {
		stdin []byte
		args  []string
		code  int
		want  string
	}{
		{ds.Bytes(), nil, 1, "rbm-svd: stdin: expected a checkpoint stream, got a dataset stream"},
		{stream, []string{"-modes", "-1"}, 2, "for flag -modes: want a count ≥ 1 or all"},
		{stream[:len(stream)-20], nil, 1, "truncated"},
		{huge.Bytes(), []string{"-hessian"}, 1, "rbm-svd: -hessian: the Hessian of a 5000×1001 model is a dense 6001×6001 matrix"},
	} {
		code, _, stderr := rbmsvd(c.stdin, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.want)
		}
	}
}

// trackedTrajectory is a synthetic training run of planted modes: at
// snapshot s, W = Σ_l sigma[s][l] u_l(s) v_lᵀ, with u(s) = rotate(s, U₀).
// Labels are numbered by decreasing σ at snapshot 0, so that the tracked
// id of a mode is its label.
func trackedTrajectory(t *testing.T, u0, v *mat.Dense, sigma [][]float64, rotate func(s int, u *mat.Dense)) []byte {
	t.Helper()
	n, _ := u0.Dims()
	m, _ := v.Dims()
	var buf bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
	for s, sg := range sigma {
		u := mat.DenseCopyOf(u0)
		if rotate != nil {
			rotate(s, u)
		}
		snap := snapshotOf(u, v, sg, int64(s))
		if err := w.Write(&snap); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Mode tracking through spectral.Tracker, seen in the spectrum stream:
// ids are the planted labels whatever the ranks, signs are continuous
// along each mode, and exactly the planted events are flagged: two σ
// crossing (reordered, crossing), two σ within 10⁻³ of each other
// (near_degenerate, crossing), and a pair whose largest component changes
// sign (flipped back to continuity). Undisturbed modes keep overlap ≈ 1
// and no flag.
func TestTrackingFlags(t *testing.T) {
	const n, m = 30, 12
	base := []float64{5, 3, 2, 1.5, 1.2, 1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2}
	with := func(pairs ...[2]float64) [][]float64 { // σ_0, σ_1 per snapshot
		var out [][]float64
		for _, p := range pairs {
			sg := slices.Clone(base)
			sg[0], sg[1] = p[0], p[1]
			out = append(out, sg)
		}
		return out
	}
	// flagged[snapshot] lists the ranks flagged there.
	type flagged map[int][]int64
	type event struct{ reordered, nearDegenerate, flipped, lowOverlap flagged }
	for _, tc := range []struct {
		name   string
		u0     *mat.Dense
		sigma  [][]float64
		rotate func(s int, u *mat.Dense)
		want   event
	}{{
		// σ_0 and σ_1 cross between snapshots 2 and 3 while u_0 turns
		// towards u_2 by 0.05 rad per snapshot.
		name:  "crossing",
		u0:    orthonormal(n, m, 5),
		sigma: with([2]float64{5, 3}, [2]float64{4.6, 3.4}, [2]float64{4.2, 3.8}, [2]float64{3.8, 4.2}, [2]float64{3, 5}),
		rotate: func(s int, u *mat.Dense) {
			c, sn := math.Cos(0.05*float64(s)), math.Sin(0.05*float64(s))
			for i := 0; i < n; i++ {
				a, b := u.At(i, 0), u.At(i, 2)
				u.Set(i, 0, c*a+sn*b)
				u.Set(i, 2, -sn*a+c*b)
			}
		},
		want: event{reordered: flagged{3: {0, 1}}},
	}, {
		// σ_0 comes within 5·10⁻⁴ (relative) of σ_1 at snapshot 1 only.
		name:  "near degenerate",
		u0:    orthonormal(n, m, 7),
		sigma: with([2]float64{5, 3}, [2]float64{4.002, 4}, [2]float64{5, 3}),
		want:  event{nearDegenerate: flagged{1: {0, 1}}},
	}, {
		// u_2 = cos θ e₀ − sin θ e₁ with θ from 0.70 to 0.90 rad: from
		// snapshot 2 on (θ > π/4) its largest component is the negative
		// one, so the largest-component rule would negate the pair; the
		// tracker keeps it continuous and says so.
		name: "sign flip",
		u0: func() *mat.Dense {
			// Columns other than 2 avoid units 0 and 1.
			rest := orthonormal(n-2, m, 9)
			u := mat.NewDense(n, m, nil)
			for i := 0; i < n-2; i++ {
				for a := 0; a < m; a++ {
					if a != 2 {
						u.Set(i+2, a, rest.At(i, a))
					}
				}
			}
			return u
		}(),
		sigma: with([2]float64{5, 3}, [2]float64{5, 3}, [2]float64{5, 3}, [2]float64{5, 3}, [2]float64{5, 3}),
		rotate: func(s int, u *mat.Dense) {
			th := 0.70 + 0.05*float64(s)
			u.Set(0, 2, math.Cos(th))
			u.Set(1, 2, -math.Sin(th))
		},
		want: event{flipped: flagged{2: {2}, 3: {2}, 4: {2}}},
	}, {
		// u_0 and u_2 turn by 1.3 rad at once at snapshot 1: the matched
		// overlap (1 + cos 1.3)/2 ≈ 0.63 is low, yet still the best match.
		name:  "jump",
		u0:    orthonormal(n, m, 11),
		sigma: with([2]float64{5, 3}, [2]float64{5, 3}, [2]float64{5, 3}),
		rotate: func(s int, u *mat.Dense) {
			if s == 0 {
				return
			}
			c, sn := math.Cos(1.3), math.Sin(1.3)
			for i := 0; i < n; i++ {
				a, b := u.At(i, 0), u.At(i, 2)
				u.Set(i, 0, c*a+sn*b)
				u.Set(i, 2, -sn*a+c*b)
			}
		},
		want: event{lowOverlap: flagged{1: {0, 2}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			v := orthonormal(m, m, 6)
			code, out, stderr := rbmsvd(trackedTrajectory(t, tc.u0, v, tc.sigma, tc.rotate), "-vectors", "-modes", "4")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range format.FlagColumns {
				if !rd.Has(c) {
					t.Fatalf("no %s column", c)
				}
			}
			prevU := map[int64][]float64{}
			rows := 0
			for rd.Next() {
				row := rd.Row()
				s, rank := int(row.Snapshot), row.Rank
				rows++
				// The planted label at this rank: labels by decreasing σ.
				sg := tc.sigma[s]
				labels := make([]int, len(sg))
				for l := range labels {
					labels[l] = l
				}
				slices.SortStableFunc(labels, func(a, b int) int { return cmp.Compare(sg[b], sg[a]) })
				label := labels[rank]
				if row.ModeID != int64(label) || row.Sigma-sg[label] > 1e-5*sg[label] || sg[label]-row.Sigma > 1e-5*sg[label] {
					t.Fatalf("snapshot %d rank %d: id %d σ %g; planted label %d σ %g", s, rank, row.ModeID, row.Sigma, label, sg[label])
				}
				// u is the planted u_label(s) up to sign, v follows u, and
				// the sign continues the previous snapshot's.
				u := mat.DenseCopyOf(tc.u0)
				if tc.rotate != nil {
					tc.rotate(s, u)
				}
				su := mat.Dot(mat.NewVecDense(n, row.U), u.ColView(label))
				sv := mat.Dot(mat.NewVecDense(m, row.V), v.ColView(label))
				if math.Abs(math.Abs(su)-1) > 1e-4 || math.Abs(su-sv) > 1e-4 {
					t.Fatalf("snapshot %d mode %d: u·u_planted %g, v·v_planted %g", s, label, su, sv)
				}
				if p := prevU[row.ModeID]; p != nil && mat.Dot(mat.NewVecDense(n, p), mat.NewVecDense(n, row.U)) < 0 {
					t.Errorf("snapshot %d mode %d: sign not continuous", s, row.ModeID)
				}
				prevU[row.ModeID] = slices.Clone(row.U)
				if row.Flipped { // continuity overrode the largest-component rule
					big := 0
					for i := range row.U {
						if math.Abs(row.U[i]) > math.Abs(row.U[big]) {
							big = i
						}
					}
					if row.U[big] > 0 {
						t.Errorf("snapshot %d mode %d flagged flipped, but its largest component is positive", s, row.ModeID)
					}
				}
				in := func(f flagged) bool { return slices.Contains(f[s], rank) }
				want := format.Mode{Reordered: in(tc.want.reordered), NearDegenerate: in(tc.want.nearDegenerate),
					Flipped: in(tc.want.flipped), LowOverlap: in(tc.want.lowOverlap)}
				want.Crossing = want.Reordered || want.NearDegenerate || want.LowOverlap
				if row.Reordered != want.Reordered || row.NearDegenerate != want.NearDegenerate || row.Flipped != want.Flipped ||
					row.LowOverlap != want.LowOverlap || row.Crossing != want.Crossing {
					t.Errorf("snapshot %d rank %d: reordered %v near_degenerate %v flipped %v low_overlap %v crossing %v; want %v %v %v %v %v",
						s, rank, row.Reordered, row.NearDegenerate, row.Flipped, row.LowOverlap, row.Crossing,
						want.Reordered, want.NearDegenerate, want.Flipped, want.LowOverlap, want.Crossing)
				}
				switch {
				case s == 0 && !math.IsNaN(row.Overlap):
					t.Errorf("snapshot 0 rank %d: overlap %g, want NaN", rank, row.Overlap)
				case s > 0 && want.LowOverlap && math.Abs(row.Overlap-(1+math.Cos(1.3))/2) > 1e-4:
					t.Errorf("snapshot %d rank %d: overlap %g, want (1 + cos 1.3)/2", s, rank, row.Overlap)
				case s > 0 && !want.LowOverlap && !(row.Overlap > 0.99):
					t.Errorf("snapshot %d rank %d: overlap %g", s, rank, row.Overlap)
				}
			}
			if err := rd.Err(); err != nil || rows != 4*len(tc.sigma) {
				t.Fatalf("%d rows, err %v", rows, err)
			}
		})
	}
}

// Without tracking, ids are ranks and the flag columns are absent.
func TestUntracked(t *testing.T) {
	const n, m = 30, 12
	sigma := [][]float64{{5, 3, 2, 1}, {3, 5, 2, 1}}
	for s := range sigma {
		sigma[s] = append(sigma[s], make([]float64, m-4)...)
	}
	code, out, stderr := rbmsvd(trackedTrajectory(t, orthonormal(n, m, 5), orthonormal(m, m, 6), sigma, nil), "-track=false", "-modes", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rd, _ := format.NewReader[format.Mode](bytes.NewReader(out), "out")
	for _, c := range format.FlagColumns {
		if rd.Has(c) {
			t.Errorf("column %s without tracking", c)
		}
	}
	for rd.Next() {
		if row := rd.Row(); row.ModeID != row.Rank || row.Crossing || !math.IsNaN(row.Overlap) {
			t.Errorf("untracked row %+v", row)
		}
	}
}

// Inverse participation ratios: ≈ 3/N for delocalized (random orthonormal)
// vectors, 1 for a mode on a single unit; reciprocal biases are u·a, v·b.
func TestDiagnostics(t *testing.T) {
	const n, m = 400, 40
	u, v := orthonormal(n, m, 7), orthonormal(m, m, 8)
	for i := 0; i < n; i++ { // mode 0 on visible unit 3 only
		u.Set(i, 0, 0)
	}
	u.Set(3, 0, 1)
	for a := 1; a < m; a++ { // keep the basis orthonormal
		u.Set(3, a, 0)
		col := mat.NewVecDense(n, mat.Col(nil, a, u))
		col.ScaleVec(1/mat.Norm(col, 2), col)
		u.SetCol(a, col.RawVector().Data)
	}
	var us, wm mat.Dense
	us.Apply(func(i, j int, x float64) float64 { return x * (10 - 0.2*float64(j)) }, u)
	wm.Mul(&us, v.T())
	snap := format.Snapshot{W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}
	for i := range snap.W {
		snap.W[i] = float32(wm.RawMatrix().Data[i])
	}
	r := rng.New(3, 0, "biases")
	for i := range snap.A {
		snap.A[i] = float32(r.NormFloat64())
	}
	for j := range snap.B {
		snap.B[j] = float32(r.NormFloat64())
	}
	var buf bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
	w.Write(&snap)
	w.Close()
	_, out, stderr := rbmsvd(buf.Bytes(), "-vectors")
	rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err, stderr)
	}
	var mean float64
	for rd.Next() {
		row := rd.Row()
		var a0, b0 float64
		for i, x := range row.U {
			a0 += x * float64(snap.A[i])
		}
		for j, x := range row.V {
			b0 += x * float64(snap.B[j])
		}
		if math.Abs(row.A0-a0) > 1e-9 || math.Abs(row.B0-b0) > 1e-9 {
			t.Fatalf("mode %d: a0, b0 = %g, %g; u·a, v·b = %g, %g", row.Rank, row.A0, row.B0, a0, b0)
		}
		if row.Rank == 0 {
			if math.Abs(row.IPRU-1) > 1e-6 || math.Abs(row.A0-float64(snap.A[3])) > 1e-5 {
				t.Fatalf("localized mode: IPR %g (want 1), a0 %g (want a_3 = %g)", row.IPRU, row.A0, snap.A[3])
			}
		} else {
			mean += row.IPRU / (m - 1)
		}
	}
	if want := 3.0 / n; math.Abs(mean-want) > 0.2*want {
		t.Fatalf("mean IPR of delocalized modes %g, want ≈ 3/N = %g", mean, want)
	}
}

// rbm-svd decomposes through the spectral package, so that the openblas
// build runs LAPACK's dgesdd, as numpy does (gonum's QR iteration for the
// vectors is several times slower): its values and vectors are spectral's,
// bit for bit, with or without vectors, and its metadata names the routine.
func TestDecomposesThroughSpectral(t *testing.T) {
	const n, m = 40, 25
	r := rng.New(30, 0, "gaussian")
	model := rbm.New(n, m, rbm.Bernoulli)
	for i := range model.W {
		model.W[i] = float32(0.1 * r.NormFloat64())
	}
	for i := range model.A {
		model.A[i] = float32(r.NormFloat64())
	}
	var buf bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
	w.Write(&format.Snapshot{W: model.W, A: model.A, B: model.B})
	w.Close()
	for _, vectors := range []bool{false, true} {
		want, err := spectral.Decompose(model, vectors)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"-track=false"}
		if vectors {
			args = []string{"-vectors"}
		}
		code, out, stderr := rbmsvd(buf.Bytes(), args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := rd.Header().Get("lapack"); got != spectral.LAPACK {
			t.Errorf("rbm.lapack = %q, want %q", got, spectral.LAPACK)
		}
		for rd.Next() {
			row := rd.Row()
			a := int(row.Rank)
			if row.Sigma != want.Sigma[a] {
				t.Fatalf("vectors %v: σ_%d = %v, spectral says %v", vectors, a, row.Sigma, want.Sigma[a])
			}
			if vectors && (!slices.Equal(row.U, mat.Col(nil, a, want.U)) || !slices.Equal(row.V, mat.Col(nil, a, want.V)) || row.A0 != want.A0[a]) {
				t.Fatalf("mode %d: vectors or a⁰ differ from spectral's", a)
			}
		}
		if err := rd.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// -hessian writes the saddle's curvatures: checked against the eigenvalues
// of the block matrix −[[0,W],[Wᵀ,0]] built here and diagonalized by
// gonum's general (non-symmetric) eigensolver, a different algorithm from
// the tool's symmetric one, and against ±σ; the residual is small; without
// the flag the columns are absent.
func TestHessian(t *testing.T) {
	for _, shape := range [][2]int{{13, 7}, {7, 13}, {9, 9}} {
		n, m := shape[0], shape[1]
		r := rng.New(40, n, "hessian")
		var buf bytes.Buffer
		w, _ := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"})
		var snaps []format.Snapshot
		for s := range 2 {
			snap := format.Snapshot{Epoch: int64(s), W: make([]float32, n*m), A: make([]float32, n), B: make([]float32, m)}
			for i := range snap.W {
				snap.W[i] = float32(float64(s+1) * r.NormFloat64())
			}
			for i := range snap.A {
				snap.A[i] = float32(r.NormFloat64()) // biases do not enter the Hessian
			}
			w.Write(&snap)
			snaps = append(snaps, snap)
		}
		w.Close()
		code, out, stderr := rbmsvd(buf.Bytes(), "-hessian", "-track=false")
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", shape, code, stderr)
		}
		// The eigenvalues of each snapshot's Hessian, independently.
		want := make([][]float64, len(snaps))
		for s, snap := range snaps {
			h := mat.NewDense(n+m, n+m, nil)
			for i := range n {
				for j := range m {
					h.Set(i, n+j, -float64(snap.W[i*m+j]))
					h.Set(n+j, i, -float64(snap.W[i*m+j]))
				}
			}
			var eig mat.Eigen
			if !eig.Factorize(h, mat.EigenNone) {
				t.Fatal("eigendecomposition failed")
			}
			for _, c := range eig.Values(nil) {
				if math.Abs(imag(c)) > 1e-9 {
					t.Fatalf("complex eigenvalue %v of a symmetric matrix", c)
				}
				want[s] = append(want[s], real(c))
			}
			slices.SortFunc(want[s], func(a, b float64) int { return cmp.Compare(b, a) })
		}
		rd, err := format.NewReader[format.Mode](bytes.NewReader(out), "out")
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		residual := map[int64]float64{}
		for rd.Next() {
			row := rd.Row()
			ev := want[row.Snapshot]
			a := int(row.Rank)
			tol := 1e-10 * ev[0]
			if math.Abs(row.HessianPlus-ev[a]) > tol || math.Abs(row.HessianMinus-ev[n+m-1-a]) > tol {
				t.Errorf("%v snapshot %d rank %d: Hessian eigenvalues %g, %g; independently %g, %g",
					shape, row.Snapshot, a, row.HessianPlus, row.HessianMinus, ev[a], ev[n+m-1-a])
			}
			// The saddle: ±σ, and |N−M| zeros between them.
			if math.Abs(row.HessianPlus-row.Sigma) > tol || math.Abs(row.HessianMinus+row.Sigma) > tol {
				t.Errorf("%v rank %d: eigenvalues %g, %g are not ±σ = ±%g", shape, a, row.HessianPlus, row.HessianMinus, row.Sigma)
			}
			if prev, ok := residual[row.Snapshot]; ok && prev != row.HessianResidual {
				t.Errorf("%v snapshot %d: residual differs between rows", shape, row.Snapshot)
			}
			residual[row.Snapshot] = row.HessianResidual
			if !(row.HessianResidual >= 0 && row.HessianResidual < tol) {
				t.Errorf("%v snapshot %d: residual %g", shape, row.Snapshot, row.HessianResidual)
			}
			rows++
		}
		if err := rd.Err(); err != nil || rows != 2*min(n, m) {
			t.Fatalf("%v: %d rows, err %v", shape, rows, err)
		}
		for s, ev := range want {
			for _, z := range ev[min(n, m):max(n, m)] {
				if math.Abs(z) > 1e-10*ev[0] {
					t.Errorf("%v snapshot %d: middle eigenvalues %v, want %d zeros", shape, s, ev[min(n, m):max(n, m)], max(n, m)-min(n, m))
					break
				}
			}
		}
		_, out, _ = rbmsvd(buf.Bytes())
		rd, _ = format.NewReader[format.Mode](bytes.NewReader(out), "out")
		for _, c := range format.HessianColumns {
			if rd.Has(c) {
				t.Errorf("column %s without -hessian", c)
			}
		}
	}
}
