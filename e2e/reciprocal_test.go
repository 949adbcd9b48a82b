package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/meanfield"
	"github.com/rbmkit/rbmkit/rbm"
)

// readAll reads every row of a stream file.
func readAll[T any](t *testing.T, path string, clone func(T) T) (format.Header, []T) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := format.NewReader[T](f, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var rows []T
	for rd.Next() {
		rows = append(rows, clone(*rd.Row()))
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return rd.Header(), rows
}

// rbm-svd, rbm-freeenergy and rbm-sample -method diffusion see the same
// reciprocal space of one checkpoint (package spectral decomposes for all
// three): every mode's σ is the same float64 in the three streams, and
// the free-energy slices along mode α are those along the vectors the
// spectrum stream writes for α, with its sign (negated where the tracker
// flipped the pair for continuity, as its flipped column says). A slice
// taken along −u, −v would be F(−z) instead, which differs at non-zero
// biases.
func TestReciprocalStreamsAgree(t *testing.T) {
	dir := t.TempDir()
	sh(t, dir, `rbm-data -limit 400 "$MNIST/train10k-images-idx3-ubyte.gz" \
  | rbm-train -hidden 16 -epochs 2 -every 1 -batch 50 -lr 0.05 -seed 4 2>/dev/null > run.arrows
rbm-svd -vectors -modes 5 run.arrows > svd.arrows
rbm-freeenergy -method mf -modes 5 -slice-points 9 run.arrows 2>/dev/null > fe.arrows
rbm-sample -method diffusion -modes 5 -chains 20 -sweeps 10 -thin 5 run.arrows 2>/dev/null > diffusion.arrows`)

	h, snaps := readAll(t, filepath.Join(dir, "run.arrows"), func(s format.Snapshot) format.Snapshot {
		s.W, s.A, s.B = slices.Clone(s.W), slices.Clone(s.A), slices.Clone(s.B)
		return s
	})
	_, modes := readAll(t, filepath.Join(dir, "svd.arrows"), func(m format.Mode) format.Mode {
		m.U, m.V = slices.Clone(m.U), slices.Clone(m.V)
		return m
	})
	_, fe := readAll(t, filepath.Join(dir, "fe.arrows"), func(e format.Estimate) format.Estimate { return e })
	_, diff := readAll(t, filepath.Join(dir, "diffusion.arrows"), func(d format.DiffusionPoint) format.DiffusionPoint { return d })

	type key struct{ snap, rank int64 }
	svd := map[key]format.Mode{}
	for _, m := range modes {
		svd[key{m.Snapshot, m.Rank}] = m
	}
	if len(snaps) < 2 || len(svd) != 5*len(snaps) {
		t.Fatalf("%d snapshots, %d modes in the spectrum stream", len(snaps), len(svd))
	}
	flipped := 0
	for _, m := range modes {
		if m.Flipped {
			flipped++
		}
	}
	t.Logf("%d of %d spectrum rows flipped by the tracker", flipped, len(modes))

	seen := map[string]int{}
	check := func(stream string, k key, sigma float64) {
		m, ok := svd[k]
		if !ok {
			t.Fatalf("%s: snapshot %d mode %d is not in the spectrum stream", stream, k.snap, k.rank)
		}
		if sigma != m.Sigma {
			t.Errorf("%s: snapshot %d mode %d σ = %v, the spectrum's %v", stream, k.snap, k.rank, sigma, m.Sigma)
		}
		seen[stream]++
	}
	for _, d := range diff {
		check("diffusion", key{d.Snapshot, d.Rank}, d.Sigma)
	}
	problems := map[int64]*meanfield.Problem{}
	for _, e := range fe {
		if e.Quantity != "landau_quadratic" && e.Quantity != "slice" {
			continue
		}
		k := key{e.Snapshot, e.Rank}
		check("freeenergy "+e.Quantity, k, e.Sigma)
		if e.Quantity != "slice" {
			continue
		}
		p := problems[e.Snapshot]
		if p == nil {
			s := snaps[e.Snapshot]
			units, _ := rbm.ParseUnits(h.Units)
			var err error
			if p, err = meanfield.New(&rbm.Model{Visible: h.Visible, Hidden: h.Hidden, Units: units, W: s.W, A: s.A, B: s.B}); err != nil {
				t.Fatal(err)
			}
			problems[e.Snapshot] = p
		}
		m := svd[k]
		u, v := slices.Clone(m.U), slices.Clone(m.V)
		if m.Flipped { // the tracker's sign, not the decomposition's
			for i := range u {
				u[i] = -u[i]
			}
			for j := range v {
				v[j] = -v[j]
			}
		}
		f := p.Slice(meanfield.Naive, u, v, []float64{e.Z, 0})
		if want := f[0] - f[1]; e.Value != want {
			back := p.Slice(meanfield.Naive, u, v, []float64{-e.Z, 0})
			t.Errorf("snapshot %d mode %d slice at z = %v: %v, along the spectrum's vectors %v (along their negation %v)",
				e.Snapshot, e.Rank, e.Z, e.Value, want, back[0]-back[1])
		}
	}
	for _, s := range []string{"diffusion", "freeenergy landau_quadratic", "freeenergy slice"} {
		if seen[s] == 0 {
			t.Errorf("no %s rows", s)
		}
	}
}
