package rbmsample

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/diffusion"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/train"
)

// copyModel is an N=M model whose hidden unit i copies visible unit i and
// back, up to a flip probability of σ(−12) ≈ 6·10⁻⁶: a sweep keeps the
// visible state, so the samples after one sweep show the chains' start.
func copyModel(n int) *rbm.Model {
	m := rbm.New(n, n, rbm.Bernoulli)
	for i := range n {
		m.W[i*n+i] = 24
		m.A[i], m.B[i] = -12, -12
	}
	return m
}

func datasetStream(t *testing.T, examples [][]bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Example](&buf, format.Header{Visible: len(examples[0])}, format.Omit("label"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range examples {
		if err := w.Write(&format.Example{V: v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestInitFromData(t *testing.T) {
	const n = 12
	r := rng.New(1, 0, "test-data")
	examples := make([][]bool, 5)
	seen := map[string]bool{}
	for e := range examples {
		examples[e] = make([]bool, n)
		for i := range n {
			examples[e][i] = r.IntN(2) == 1
		}
		seen[key(examples[e])] = false
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data.arrows")
	if err := os.WriteFile(data, datasetStream(t, examples), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, checkpoint(t, nil, copyModel(n)), "-init", "data", "-data", data, "-chains", "10", "-burn-in", "0", "-sweeps", "1", "-thin", "1")
	_, rows := readAll[format.Sample](t, out)
	for _, s := range rows {
		if _, ok := seen[key(s.V)]; !ok {
			t.Fatalf("chain %d holds %v, not one of the examples", s.Chain, s.V)
		}
		seen[key(s.V)] = true
	}
	// Ten chains over five examples: each used twice, so all are seen.
	for k, used := range seen {
		if !used {
			t.Errorf("example %s started no chain", k)
		}
	}
	// A dataset of another width is refused.
	other := filepath.Join(dir, "other.arrows")
	os.WriteFile(other, datasetStream(t, [][]bool{make([]bool, n+1)}), 0o644)
	if code, _, stderr := rbmsample(checkpoint(t, nil, copyModel(n)), "-init", "data", "-data", other); code != 1 || !strings.Contains(stderr, "visible units") {
		t.Errorf("-data of the wrong width: exit %d, %s", code, stderr)
	}
}

func key(v []bool) string {
	b := make([]byte, len(v))
	for i, on := range v {
		b[i] = '0'
		if on {
			b[i] = '1'
		}
	}
	return string(b)
}

// TestPersistentChainsDecoder reads the chains out of a real trainer's
// resume state: the layout must give exactly Chains×N binary values.
func TestPersistentChainsDecoder(t *testing.T) {
	const n, chains = 9, 7
	data := &train.Data{Visible: n, Count: 40, Bits: make([]uint8, 40*n)}
	r := rng.New(2, 0, "test")
	for i := range data.Bits {
		data.Bits[i] = uint8(r.IntN(2))
	}
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		tr, err := train.New(train.Config{Hidden: 5, Method: train.PCD, K: 1, Chains: chains, BatchSize: 10,
			LearningRate: 0.05, InitStd: 0.1, Units: units, Seed: 1}, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.RunEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		state, err := tr.MarshalState()
		if err != nil {
			t.Fatal(err)
		}
		got, err := persistentChains(state, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != chains*n {
			t.Fatalf("%v: %d values, want %d", units, len(got), chains*n)
		}
		off := float32(0)
		if units == rbm.Spin {
			off = -1
		}
		for _, x := range got {
			if x != 1 && x != off {
				t.Fatalf("%v: chain value %v is not a unit value", units, x)
			}
		}
		if _, err := persistentChains(state[:len(state)-3], n); err == nil {
			t.Errorf("%v: a truncated state decoded", units)
		}
	}
	// A CD run stores no chains.
	tr, _ := train.New(train.Config{Hidden: 5, Method: train.CD, K: 1, BatchSize: 10, LearningRate: 0.05, InitStd: 0.1, Seed: 1}, data)
	state, _ := tr.MarshalState()
	if _, err := persistentChains(state, n); err == nil || !strings.Contains(err.Error(), "CD") {
		t.Errorf("CD state: err = %v", err)
	}
}

func TestInitFromChains(t *testing.T) {
	// A state blob in the trainer's layout holding three known chains.
	const n = 8
	chains := [][]float32{{1, 0, 1, 0, 1, 0, 1, 0}, {1, 1, 1, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1, 1, 1}}
	state := fakeState(chains)
	out := mustRun(t, checkpoint(t, [][]byte{state}, copyModel(n)), "-init", "chains", "-chains", "6", "-burn-in", "0", "-sweeps", "1", "-thin", "1")
	_, rows := readAll[format.Sample](t, out)
	for _, s := range rows {
		want := chains[s.Chain%3]
		for i, on := range s.V {
			if on != (want[i] == 1) {
				t.Fatalf("chain %d = %v, want persistent chain %d = %v", s.Chain, s.V, s.Chain%3, want)
			}
		}
	}
	if code, _, stderr := rbmsample(checkpoint(t, nil, copyModel(n)), "-init", "chains"); code != 1 || !strings.Contains(stderr, "no resume state") {
		t.Errorf("-init chains without a state: exit %d, %s", code, stderr)
	}
}

// fakeState lays out a version-1 trainer state around the given chains.
func fakeState(chains [][]float32) []byte {
	var b bytes.Buffer
	put := func(v any) { binaryWrite(&b, v) }
	put(uint32(1))
	put(int64(3))
	put(int64(30))
	for _, blob := range [][]byte{make([]byte, 20), make([]byte, 20), nil} {
		put(uint32(len(blob)))
		b.Write(blob)
	}
	put(int64(0))
	put(float64(0))
	put(int64(0))
	var flat []float32
	for _, c := range chains {
		flat = append(flat, c...)
	}
	for _, arr := range [][]float32{make([]float32, 64), make([]float32, 8), make([]float32, 8), flat} {
		put(uint32(len(arr)))
		put(arr)
	}
	return b.Bytes()
}

func TestDiffusionVerdicts(t *testing.T) {
	// Spin units (c = 1, threshold 1) and planted rank-one W = σ u vᵀ with
	// delocalized ±1/√N vectors, one snapshot per σ. Below the threshold the
	// binary model's Var x is the Gaussian (1/c)/(1/c² − σ²) up to O(1/N);
	// above it the simulation diverges while the binary model's variance
	// stays bounded.
	const n, m = 200, 160
	sigmas := []float64{0.5, 2.5}
	r := rng.New(4, 0, "test-planted")
	var models []*rbm.Model
	for _, s := range sigmas {
		model := rbm.New(n, m, rbm.Spin)
		u, v := signVector(r, n), signVector(r, m)
		for i := range n {
			for j := range m {
				model.W[i*m+j] = float32(s * u[i] * v[j])
			}
		}
		models = append(models, model)
	}
	out := mustRun(t, checkpoint(t, nil, models...), "-mode", "diffusion", "-modes", "1", "-chains", "4000", "-sweeps", "40",
		"-trajectories", "2000", "-time", "6", "-dt", "0.002", "-records", "30")
	h, rows := readAll[format.DiffusionPoint](t, out)
	if h.Kind != format.KindDiffusion {
		t.Fatalf("kind %s", h.Kind)
	}
	type key struct {
		snapshot int64
		source   string
	}
	summary := map[key]format.DiffusionPoint{}
	series := map[key]int{}
	for _, p := range rows {
		k := key{p.Snapshot, p.Source}
		switch p.Table {
		case "mode":
			summary[k] = p
		case "series":
			series[k]++
		}
	}
	if series[key{0, "ou"}] != 31 || series[key{1, "gibbs"}] != 40 || len(summary) != 4 {
		t.Errorf("series lengths %v, %d summaries: want 31 simulated times and 40 sweeps per snapshot", series, len(summary))
	}
	for a, s := range sigmas {
		ou, gb := summary[key{int64(a), "ou"}], summary[key{int64(a), "gibbs"}]
		if math.Abs(ou.Sigma-s) > 1e-4 || ou.Threshold != 1 || math.Abs(ou.RatePlus-(1-s)) > 1e-4 {
			t.Errorf("σ=%v: σ %v threshold %v rate_plus %v; want σ %v, 1, %v", s, ou.Sigma, ou.Threshold, ou.RatePlus, s, 1-s)
		}
		above := s > 1
		if (ou.VerdictAnalytic == "diverges") != above || (ou.Verdict == "diverges") != above {
			t.Errorf("σ=%v: simulation verdict %s, analytic %s", s, ou.Verdict, ou.VerdictAnalytic)
		}
		if gb.Verdict != "converges" {
			t.Errorf("σ=%v: Gibbs verdict %s: the binary model's variance is bounded", s, gb.Verdict)
		}
		t.Logf("σ=%v: simulated Var x %.4g growth %.4g ± %.2g; Gibbs Var x %.4g", s, ou.VarX, ou.Growth, ou.GrowthSE, gb.VarX)
		// The resolution band: the settings' (31 times to 6, start c = 1,
		// 2000 trajectories), holding the threshold and neither planted σ;
		// the fitted growth within 4 of its standard errors of the exact one's,
		// plus Euler–Maruyama's bias in the rate, Δt·k₊² (−0.0045 at σ = 2.5).
		times := make([]float64, 31)
		for i := range times {
			times[i] = float64(i) * 0.2
		}
		lo, hi := diffusion.Band(1, times, 1, 2000)
		if math.Abs(ou.BandLow-lo) > 1e-9 || math.Abs(ou.BandHigh-hi) > 1e-9 || !(lo <= 1 && 1 < hi) || (lo <= s && s <= hi) {
			t.Errorf("σ=%v: band [%v, %v], want [%v, %v] around 1 without σ", s, ou.BandLow, ou.BandHigh, lo, hi)
		}
		if !(ou.GrowthSE > 0) || math.Abs(ou.Growth-ou.GrowthAnalytic) > 4*ou.GrowthSE+0.002*ou.RatePlus*ou.RatePlus {
			t.Errorf("σ=%v: growth %v ± %v, exact %v", s, ou.Growth, ou.GrowthSE, ou.GrowthAnalytic)
		}
		if !math.IsNaN(gb.GrowthSE) || !math.IsNaN(gb.BandLow) || !math.IsNaN(gb.BandHigh) {
			t.Errorf("σ=%v: Gibbs row growth_se %v band [%v, %v], want NaN", s, gb.GrowthSE, gb.BandLow, gb.BandHigh)
		}
		if above {
			if want := 2 * (s - 1); math.Abs(ou.Growth-want) > 0.1*want {
				t.Errorf("σ=%v: simulated growth %v, want 2(σ − 1/c) = %v", s, ou.Growth, want)
			}
			if !math.IsInf(gb.VarPlusAnalytic, 1) {
				t.Errorf("σ=%v: analytic stationary Var x₊ = %v above the threshold, want +Inf", s, gb.VarPlusAnalytic)
			}
			continue
		}
		wantX := 1 / (1 - s*s)
		for _, q := range []struct {
			name string
			got  float64
		}{{"simulated Var x", ou.VarX}, {"Gibbs Var x", gb.VarX}} {
			if math.Abs(q.got-wantX) > 0.1*wantX {
				t.Errorf("σ=%v: %s = %v, Gaussian theory %v", s, q.name, q.got, wantX)
			}
		}
		if plus, minus := 1/(1-s), 1/(1+s); math.Abs(gb.VarPlusAnalytic-plus) > 1e-5 || math.Abs(gb.VarMinusAnalytic-minus) > 1e-5 {
			t.Errorf("σ=%v: analytic Var x± %v, %v; want %v, %v", s, gb.VarPlusAnalytic, gb.VarMinusAnalytic, plus, minus)
		}
	}
}

// signVector returns a random ±1/√n unit vector.
func signVector(r interface{ IntN(int) int }, n int) []float64 {
	out := make([]float64, n)
	s := 1 / math.Sqrt(float64(n))
	for i := range out {
		out[i] = s
		if r.IntN(2) == 1 {
			out[i] = -s
		}
	}
	return out
}

func TestUsageErrors(t *testing.T) {
	in := checkpoint(t, nil, randomModel(1, 6, 4, rbm.Bernoulli, 1, 0), randomModel(2, 6, 4, rbm.Bernoulli, 1, 0))
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-mode", "metropolis"}, 2, "-method \"metropolis\""},
		{[]string{"-init", "data"}, 2, "-data"},
		{[]string{"-thin", "0"}, 2, "-thin"},
		{[]string{"-sweeps", "50", "-thin", "100"}, 2, "-sweeps 50 with -thin 100 records no sample"},
		{[]string{"-sweeps", "0"}, 2, "records no sample"},
		{[]string{"-mode", "pt", "-betas", "0.5,0.2"}, 2, "start at 1"},
		{[]string{"-mode", "pt", "-betas", "1,x"}, 2, "not a number"},
		{[]string{"-betas", "1,0.5"}, 2, "-method pt"},
		{[]string{"-mode", "diffusion", "-trace", "x"}, 2, "-trace"},
		{[]string{"-equilibrium", "x"}, 2, "-equilibrium applies to -method diffusion"},
		{[]string{"-snapshots", "7"}, 1, "no snapshot at epoch 7; the stream has epochs 0, 1"},
		{[]string{"-snapshots", ","}, 2, "selects no snapshot"},
		{[]string{"-snapshot", "1"}, 2, "-snapshot is now -snapshots, which selects by epoch"},
		{[]string{"-snapshot", "first"}, 2, "-snapshot"},
		{[]string{"-mode", "diffusion", "-dt", "0.5"}, 2, "time step"},
		{[]string{"-seed", "-3"}, 2, "-seed"},
	} {
		code, _, stderr := rbmsample(in, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, %q; want exit %d mentioning %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	if code, _, stderr := rbmsample(datasetStream(t, [][]bool{make([]bool, 6)})); code != 1 || !strings.Contains(stderr, "expected a checkpoint stream") {
		t.Errorf("a dataset as input: exit %d, %s", code, stderr)
	}
}

func TestSnapshotSelection(t *testing.T) {
	in := checkpoint(t, nil, randomModel(1, 6, 4, rbm.Bernoulli, 1, 0), randomModel(2, 6, 4, rbm.Bernoulli, 1, 0), randomModel(3, 6, 4, rbm.Bernoulli, 1, 0))
	for _, c := range []struct {
		sel  string
		want []int64
	}{{"last", []int64{2}}, {"all", []int64{0, 1, 2}}, {"1", []int64{1}}, {"first,last", []int64{0, 2}}} {
		_, rows := readAll[format.Sample](t, mustRun(t, in, "-snapshots", c.sel, "-chains", "3", "-burn-in", "1", "-sweeps", "2", "-thin", "2"))
		var got []int64
		for _, r := range rows {
			if len(got) == 0 || got[len(got)-1] != r.Snapshot {
				got = append(got, r.Snapshot)
			}
			if r.Epoch != r.Snapshot || r.Step != 10*r.Snapshot || r.Sweep != 3 {
				t.Errorf("-snapshot %s: row %+v", c.sel, r)
			}
		}
		if len(rows) != 3*len(c.want) || !equal(got, c.want) {
			t.Errorf("-snapshot %s: snapshots %v in %d rows, want %v", c.sel, got, len(rows), c.want)
		}
	}
}

// The old spelling -snapshot keeps its words last and all.
func TestOldSnapshotSpelling(t *testing.T) {
	in := checkpoint(t, nil, randomModel(1, 6, 4, rbm.Bernoulli, 1, 0), randomModel(2, 6, 4, rbm.Bernoulli, 1, 0))
	for _, sel := range []string{"last", "all"} {
		args := []string{"-chains", "3", "-burn-in", "1", "-sweeps", "2", "-thin", "2"}
		_, old := readAll[format.Sample](t, mustRun(t, in, append([]string{"-snapshot", sel}, args...)...))
		_, now := readAll[format.Sample](t, mustRun(t, in, append([]string{"-snapshots", sel}, args...)...))
		if len(now) == 0 || !reflect.DeepEqual(old, now) {
			t.Errorf("-snapshot %s and -snapshots %s wrote different rows (%d, %d)", sel, sel, len(old), len(now))
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func binaryWrite(b *bytes.Buffer, v any) { binary.Write(b, binary.LittleEndian, v) }
