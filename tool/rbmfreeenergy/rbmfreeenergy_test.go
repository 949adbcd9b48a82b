package rbmfreeenergy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// models returns a training-like trajectory of small models: noise plus a
// planted mode whose σ grows past the Bernoulli threshold 4, with zero
// spin fields so the symmetric point is a fixed point.
func models(n, m int, units rbm.Units, sigmas []float64) []*rbm.Model {
	r := rng.New(1, 0, "rbmfreeenergy-test")
	noise := make([]float64, n*m)
	for k := range noise {
		noise[k] = 0.1 * r.NormFloat64()
	}
	var out []*rbm.Model
	for _, sigma := range sigmas {
		md := rbm.New(n, m, units)
		for i := range n {
			for j := range m {
				ui := 1 / math.Sqrt(float64(n))
				if i%3 == 1 {
					ui = -ui
				}
				vj := 1 / math.Sqrt(float64(m))
				if j%2 == 1 {
					vj = -vj
				}
				w := noise[i*m+j] + sigma*ui*vj
				md.W[i*m+j] = float32(w)
				if units == rbm.Bernoulli {
					md.A[i] -= float32(w / 2)
					md.B[j] -= float32(w / 2)
				}
			}
		}
		out = append(out, md)
	}
	return out
}

func checkpoint(t *testing.T, ms []*rbm.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	h := format.Header{Visible: ms[0].Visible, Hidden: ms[0].Hidden, Units: format.Units(ms[0].Units.String()), Seed: 5, Replica: 1}
	w, err := format.NewWriter[format.Snapshot](&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for k, md := range ms {
		s := format.Snapshot{Epoch: int64(10 * k), Step: int64(100 * k), W: md.W, A: md.A, B: md.B,
			ReconError: math.NaN(), PseudoLogLik: math.NaN()}
		if err := w.Write(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dataset writes exact samples of a model to dir/data.arrows.
func dataset(t *testing.T, dir string, md *rbm.Model, n int) [][]bool {
	t.Helper()
	data, err := ais.ExactSamples(md, n, rng.New(2, 0, "data"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "data.arrows"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := format.NewWriter[format.Example](f, format.Header{Visible: md.Visible})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range data {
		if err := w.Write(&format.Example{V: v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

func run(dir string, stdin []byte, args ...string) (int, []byte, string) {
	return cli.Call(Tool, stdin, dir, args...)
}

func parse(t *testing.T, out []byte) (format.Header, []format.Estimate) {
	t.Helper()
	rd, err := format.NewReader[format.Estimate](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var rows []format.Estimate
	for rd.Next() {
		rows = append(rows, *rd.Row())
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	return rd.Header(), rows
}

// find returns the rows of one snapshot, method and quantity.
func find(rows []format.Estimate, snap int64, method, quantity string) []format.Estimate {
	var out []format.Estimate
	for _, r := range rows {
		if r.Snapshot == snap && r.Method == method && r.Quantity == quantity {
			out = append(out, r)
		}
	}
	return out
}

// Every method on a small trajectory, checked against independent
// computations: exact enumeration, the exact log-likelihood of the data,
// the mean-field bound, an SVD of W, and the symmetry breaking of the
// planted mode past σ = 4.
func TestAllMethodsOnTrajectory(t *testing.T) {
	dir := t.TempDir()
	sigmas := []float64{2, 5, 8}
	ms := models(12, 8, rbm.Bernoulli, sigmas)
	data := dataset(t, dir, ms[0], 400)
	code, out, stderr := run(dir, checkpoint(t, ms), "-method", "all", "-chains", "100", "-betas", "2000",
		"-data", "data.arrows", "-modes", "2", "-slice-points", "21")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	h, rows := parse(t, out)
	if h.Kind != format.KindFreeEnergy || h.Seed != 5 || h.Replica != 1 || h.Provenance[len(h.Provenance)-1].Tool != "rbm-freeenergy" {
		t.Errorf("header %+v", h)
	}
	var meta settings
	raw, _ := h.Get("freeenergy")
	if err := json.Unmarshal([]byte(raw), &meta); err != nil || strings.Join(meta.Methods, ",") != "exact,ais,mf,tap" || meta.Examples != 400 || meta.Base != "data" {
		t.Errorf("rbm.freeenergy metadata %q (%v)", raw, err)
	}
	for _, r := range rows {
		if r.Method == "" || r.Quantity == "" || r.Settings == "" || math.IsNaN(r.Value) {
			t.Fatalf("row without method, quantity, settings or value: %+v", r)
		}
	}
	for snap, md := range ms {
		s := int64(snap)
		exact := rbm.ExactLogZ(md)
		one := func(method, quantity string) format.Estimate {
			t.Helper()
			got := find(rows, s, method, quantity)
			if len(got) != 1 {
				t.Fatalf("snapshot %d: %d %s %s rows", snap, len(got), method, quantity)
			}
			return got[0]
		}
		if r := one("exact", "logZ"); math.Abs(r.Value-exact) > 1e-9 || r.StdErr != 0 || r.Epoch != int64(10*snap) {
			t.Errorf("snapshot %d: exact row %+v, want log Z %.10g", snap, r, exact)
		}
		for _, method := range []string{"ais", "rais"} {
			r := one(method, "logZ")
			if d := math.Abs(r.Value - exact); d > 3*r.StdErr || d > 0.1 {
				t.Errorf("snapshot %d: %s log Z %.4f ± %.4f, exact %.4f", snap, method, r.Value, r.StdErr, exact)
			}
			if ess := one(method, "ess").Value; !(ess > 1 && ess <= 100) {
				t.Errorf("snapshot %d: %s effective chains %g", snap, method, ess)
			}
		}
		if !strings.Contains(one("rais", "logZ").Settings, "start=exact") {
			t.Errorf("reverse AIS on a 12×8 model should start from exact samples: %q", one("rais", "logZ").Settings)
		}
		// The exact log-likelihood: mean log p(v) by enumeration.
		logp := rbm.ExactVisibleLogProbs(md)
		want := 0.0
		for _, v := range data {
			k := 0
			for i, on := range v {
				if on {
					k |= 1 << i
				}
			}
			want += logp[k] / float64(len(data))
		}
		if r := one("exact", "loglik"); math.Abs(r.Value-want) > 1e-5 {
			t.Errorf("snapshot %d: exact log-likelihood %.6f, enumeration %.6f", snap, r.Value, want)
		}
		if r := one("ais", "loglik"); math.Abs(r.Value-want) > 3*r.StdErr+0.01 {
			t.Errorf("snapshot %d: AIS log-likelihood %.4f ± %.4f, enumeration %.4f", snap, r.Value, r.StdErr, want)
		}
		if r := one("mf", "logZ"); r.Value > exact || !r.Converged {
			t.Errorf("snapshot %d: naive mean-field log Z %.4f above exact %.4f (a bound), or not converged", snap, r.Value, exact)
		}
		one("tap", "logZ")
		// Landau coefficients against an independent SVD.
		wm := mat.NewDense(12, 8, nil)
		for k, x := range md.W {
			wm.RawMatrix().Data[k] = float64(x)
		}
		var svd mat.SVD
		svd.Factorize(wm, mat.SVDNone)
		sv := svd.Values(nil)
		quad := find(rows, s, "mf", "landau_quadratic")
		if len(quad) != 2 {
			t.Fatalf("snapshot %d: %d Landau rows", snap, len(quad))
		}
		for _, r := range quad {
			if math.Abs(r.Value-(1-sv[r.Rank]/4)) > 1e-9 || math.Abs(r.Sigma-sv[r.Rank]) > 1e-9 {
				t.Errorf("snapshot %d mode %d: quadratic %g, σ %g; SVD σ %g", snap, r.Rank, r.Value, r.Sigma, sv[r.Rank])
			}
		}
		// Symmetry breaking: past σ = 4 the starts along the top mode find
		// stable minima off the symmetric point.
		fps := find(rows, s, "mf", "F")
		if len(fps) != 5 {
			t.Fatalf("snapshot %d: %d fixed-point rows, want 1 + 2·2", snap, len(fps))
		}
		broken := 0
		for _, r := range fps {
			if r.Rank == 0 && r.Start != 0 && r.Stable && math.Abs(r.Z) > 0.3 {
				broken++
			}
		}
		if (broken == 2) != (sigmas[snap] > 4) {
			t.Errorf("snapshot %d (σ = %g): %d broken-symmetry minima along mode 0: %+v", snap, sigmas[snap], broken, fps)
		}
		for _, method := range []string{"mf", "tap"} {
			sl := find(rows, s, method, "slice")
			if len(sl) != 2*21 {
				t.Fatalf("snapshot %d: %d %s slice rows", snap, len(sl), method)
			}
			if mid := sl[10]; mid.Z != 0 || mid.Value != 0 {
				t.Errorf("snapshot %d: %s slice centre at z=%g is %g, want F(0) − F(0) = 0", snap, method, mid.Z, mid.Value)
			}
		}
	}
}

func TestSelectionAndDefaults(t *testing.T) {
	ms := models(10, 6, rbm.Spin, []float64{0.5, 1, 2})
	ckpt := checkpoint(t, ms)
	for _, c := range []struct {
		args  []string
		snaps []int64
	}{
		{nil, []int64{0, 1, 2}},
		{[]string{"-snapshots", "last"}, []int64{2}},
		{[]string{"-snapshots", "0,20"}, []int64{0, 2}},
		{[]string{"-snapshots", "first,last"}, []int64{0, 2}},
	} {
		code, out, stderr := run("", ckpt, c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		_, rows := parse(t, out)
		var snaps []int64
		for _, r := range rows {
			if r.Method != "exact" || r.Quantity != "logZ" {
				t.Fatalf("%v: default method on a 10×6 model should be exact alone, got a %s %s row", c.args, r.Method, r.Quantity)
			}
			if math.Abs(r.Value-rbm.ExactLogZ(ms[r.Snapshot])) > 1e-9 {
				t.Errorf("%v: snapshot %d log Z %g", c.args, r.Snapshot, r.Value)
			}
			snaps = append(snaps, r.Snapshot)
		}
		if fmt.Sprint(snaps) != fmt.Sprint(c.snaps) {
			t.Errorf("%v: snapshots %v, want %v", c.args, snaps, c.snaps)
		}
	}
}

// The same inputs give the same bytes, whatever GOMAXPROCS.
func TestReproducible(t *testing.T) {
	ckpt := checkpoint(t, models(30, 20, rbm.Bernoulli, []float64{3}))
	args := []string{"-method", "ais,mf", "-chains", "10", "-betas", "100", "-burnin", "5"}
	outs := map[int][]byte{}
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		code, out, stderr := run("", ckpt, args...)
		runtime.GOMAXPROCS(prev)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		outs[procs] = out
	}
	if !bytes.Equal(outs[1], outs[2]) {
		t.Error("output differs between GOMAXPROCS=1 and 2")
	}
	_, rows := parse(t, outs[1])
	if r := find(rows, 0, "rais", "logZ"); len(r) != 1 || !strings.Contains(r[0].Settings, "start=resampled burnin=5") {
		t.Errorf("reverse AIS on a 30×20 model should start from resampled states: %+v", r)
	}
	code, other, _ := run("", ckpt, append(args, "-seed", "99")...)
	if code != 0 || bytes.Equal(other, outs[1]) {
		t.Error("-seed 99 gave the same output as the checkpoint's seed")
	}
	// The current spellings of the old -betas and -burnin give the same rows.
	code, now, stderr := run("", ckpt, "-method", "ais,mf", "-chains", "10", "-temps", "100", "-burn-in", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, nowRows := parse(t, now); fmt.Sprint(nowRows) != fmt.Sprint(rows) { // Sprint: NaN equals NaN
		t.Error("-temps 100 -burn-in 5 and -betas 100 -burnin 5 gave different rows")
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	small := checkpoint(t, models(12, 8, rbm.Bernoulli, []float64{1}))
	wide := checkpoint(t, []*rbm.Model{rbm.New(30, 30, rbm.Bernoulli)})
	dataset(t, dir, models(13, 8, rbm.Bernoulli, []float64{1})[0], 10)
	var ds bytes.Buffer
	w, _ := format.NewWriter[format.Example](&ds, format.Header{Visible: 12})
	w.Write(&format.Example{V: make([]bool, 12)})
	w.Close()
	for _, c := range []struct {
		stdin []byte
		args  []string
		code  int
		want  string
	}{
		{ds.Bytes(), nil, 1, "rbm-freeenergy: stdin: expected a checkpoint stream, got a dataset stream"},
		{wide, []string{"-method", "exact"}, 2, "at most 25 units in the smaller layer; this model is 30×30: use -method ais"},
		{small, []string{"-method", "magic"}, 2, `unknown method "magic"`},
		{small, []string{"-chains", "1"}, 2, "-chains must be at least 2"},
		{small, []string{"-snapshots", "sometimes"}, 2, `snapshot "sometimes": want an epoch (an integer ≥ 0), first, last or all`},
		{small, []string{"-snapshots", ","}, 2, "selects no snapshot"},
		{small, []string{"-snapshots", "0,7"}, 1, "no snapshot at epoch 7"},
		{small, []string{"-data", "data.arrows"}, 1, "-data data.arrows: 13 visible units, the checkpoints 12"},
		{small, []string{"-data", "missing.arrows"}, 1, "-data: open"},
		{small, []string{"-data", "-"}, 1, "-data"}, // stdin is taken by the checkpoints
	} {
		code, _, stderr := run(dir, c.stdin, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// -base picks the AIS base-rate model independently of -data: uniform
// reproduces the run without data, a dataset file reproduces -data's own
// base rate when it holds the same examples, and the settings say which.
func TestBase(t *testing.T) {
	dir := t.TempDir()
	md := models(30, 20, rbm.Bernoulli, []float64{3})[0]
	ckpt := checkpoint(t, []*rbm.Model{md})
	dataset(t, dir, models(30, 16, rbm.Bernoulli, []float64{1})[0], 50)
	ais := []string{"-method", "ais", "-chains", "8", "-betas", "50", "-burnin", "2"}
	logZ := func(args ...string) (fwd format.Estimate, meta settings) {
		t.Helper()
		code, out, stderr := run(dir, ckpt, append(slices.Clone(ais), args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		h, rows := parse(t, out)
		raw, _ := h.Get("freeenergy")
		if err := json.Unmarshal([]byte(raw), &meta); err != nil {
			t.Fatal(err)
		}
		got := find(rows, 0, "ais", "logZ")
		if len(got) != 1 {
			t.Fatalf("%v: %d forward AIS rows", args, len(got))
		}
		return got[0], meta
	}
	plain, m0 := logZ()
	withData, m1 := logZ("-data", "data.arrows")
	uniform, m2 := logZ("-data", "data.arrows", "-base", "uniform")
	file, m3 := logZ("-base", "data.arrows")
	for _, c := range []struct {
		name string
		row  format.Estimate
		meta settings
		base string
	}{{"no data", plain, m0, "uniform"}, {"-data", withData, m1, "data"}, {"-base uniform", uniform, m2, "uniform"}, {"-base file", file, m3, "data.arrows"}} {
		if c.meta.Base != c.base || !strings.Contains(c.row.Settings, " base="+c.base+" ") {
			t.Errorf("%s: metadata base %q, settings %q; want base=%s", c.name, c.meta.Base, c.row.Settings, c.base)
		}
	}
	if uniform.Value != plain.Value || withData.Value == plain.Value {
		t.Errorf("log Z: no data %.12g, -data %.12g, -data -base uniform %.12g: the uniform base should ignore the data", plain.Value, withData.Value, uniform.Value)
	}
	if file.Value != withData.Value {
		t.Errorf("log Z with -base data.arrows %.12g, with -data data.arrows %.12g: the same base rate", file.Value, withData.Value)
	}
	for _, args := range [][]string{{"-base", "missing.arrows"}, {"-base", "-"}} {
		if code, _, stderr := run(dir, ckpt, append(slices.Clone(ais), args...)...); code != 1 || !strings.Contains(stderr, "-base") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// When forward and reverse AIS contradict each other (a schedule far too
// short for a strongly coupled model), stderr says so; when they agree, it
// does not.
func TestDisagreementWarning(t *testing.T) {
	strong := randomBernoulli(7, 12, 8, 2.5)
	for _, c := range []struct {
		betas string
		warn  bool
	}{{"3", true}, {"1000", false}} {
		code, out, stderr := run("", checkpoint(t, []*rbm.Model{strong}), "-method", "ais", "-chains", "1000", "-betas", c.betas)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		_, rows := parse(t, out)
		f, r := find(rows, 0, "ais", "logZ")[0], find(rows, 0, "rais", "logZ")[0]
		t.Logf("%s betas: forward %.4f ± %.4f, reverse %.4f ± %.4f, exact %.4f", c.betas, f.Value, f.StdErr, r.Value, r.StdErr, rbm.ExactLogZ(strong))
		if got := strings.Contains(stderr, "warning: snapshot 0 (epoch 0): forward AIS log Z"); got != c.warn {
			t.Errorf("%s betas: warning %v, want %v; stderr %q", c.betas, got, c.warn, stderr)
		}
	}
}

// randomBernoulli has W_ij ~ N(0, ws²) and zero biases.
func randomBernoulli(seed uint64, n, m int, ws float64) *rbm.Model {
	r := rng.New(seed, 0, "rbmfreeenergy-test-random")
	md := rbm.New(n, m, rbm.Bernoulli)
	for k := range md.W {
		md.W[k] = float32(ws * r.NormFloat64())
	}
	return md
}

// A requested epoch that the stream steps over is reported when it is
// passed, before the later snapshots are analysed.
func TestMissingEpochFailsEarly(t *testing.T) {
	ckpt := checkpoint(t, models(10, 6, rbm.Bernoulli, []float64{1, 2, 3})) // epochs 0, 10, 20
	code, _, stderr := run("", ckpt, "-method", "exact", "-snapshots", "0,5,20")
	if code != 1 || !strings.Contains(stderr, "no snapshot at epoch 5 (the stream goes from epoch 0 to 10)") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "epoch 0: exact logZ") || strings.Contains(stderr, "epoch 20") {
		t.Errorf("want epoch 0 analysed and epoch 20 not: %q", stderr)
	}
}

// -method trajectory writes the log Z that rbm-train -logz stored in each
// snapshot, with its error, and the log-likelihood it gives on -data,
// which differs from exact's by exactly the difference of their log Z; a
// checkpoint without the column is a usage error naming the flag.
func TestTrajectoryMethod(t *testing.T) {
	ms := models(10, 6, rbm.Bernoulli, []float64{0.5, 2, 5})
	dir := t.TempDir()
	dataset(t, dir, ms[len(ms)-1], 300)
	write := func(omit bool) []byte {
		var buf bytes.Buffer
		h := format.Header{Visible: 10, Hidden: 6, Units: "bernoulli", Seed: 5}
		var opts []format.WriterOption
		if !omit {
			opts = append(opts, format.Include(format.TrajectoryColumns...))
		}
		w, err := format.NewWriter[format.Snapshot](&buf, h, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for k, md := range ms {
			s := format.Snapshot{Epoch: int64(k), Step: int64(10 * k), W: md.W, A: md.A, B: md.B, ReconError: math.NaN(), PseudoLogLik: math.NaN(),
				LogZ: rbm.ExactLogZ(md) + 0.01*float64(k+1), LogZStdErr: 0.02, ESS: 0.7, Resamplings: int64(3 * k), VarLogW: 0.4}
			if err := w.Write(&s); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	code, out, stderr := run(dir, write(false), "-method", "exact,trajectory", "-data", "data.arrows")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, rows := parse(t, out)
	got := map[string]float64{}
	for _, r := range rows {
		got[fmt.Sprintf("%d %s %s", r.Snapshot, r.Method, r.Quantity)] = r.Value
		if r.Method == "trajectory" && r.Quantity == "logZ" && (r.StdErr != 0.02 || !strings.Contains(r.Settings, fmt.Sprintf("resamplings=%d", 3*r.Snapshot))) {
			t.Errorf("snapshot %d: trajectory row stderr %v settings %q", r.Snapshot, r.StdErr, r.Settings)
		}
	}
	for k, md := range ms {
		want := rbm.ExactLogZ(md) + 0.01*float64(k+1)
		if z, ok := got[fmt.Sprintf("%d trajectory logZ", k)]; !ok || z != want {
			t.Errorf("snapshot %d: trajectory logZ %v (present %v), want the stored %v", k, z, ok, want)
		}
		dll := got[fmt.Sprintf("%d trajectory loglik", k)] - got[fmt.Sprintf("%d exact loglik", k)]
		dz := got[fmt.Sprintf("%d exact logZ", k)] - want
		if math.Abs(dll-dz) > 1e-9 {
			t.Errorf("snapshot %d: log-likelihoods differ by %v, their log Z by %v", k, dll, dz)
		}
	}
	// -ref-snapshots: exact only at epoch 2, trajectory at every snapshot.
	code, out, stderr = run(dir, write(false), "-method", "exact,trajectory", "-ref-snapshots", "2")
	if code != 0 {
		t.Fatalf("-ref-snapshots: exit %d: %s", code, stderr)
	}
	_, rows = parse(t, out)
	count := map[string]int{}
	for _, r := range rows {
		if r.Quantity == "logZ" {
			count[r.Method]++
			if r.Method == "exact" && r.Epoch != 2 {
				t.Errorf("-ref-snapshots 2: exact log Z at epoch %d", r.Epoch)
			}
		}
	}
	if count["exact"] != 1 || count["trajectory"] != len(ms) {
		t.Errorf("-ref-snapshots 2: %v log Z rows, want 1 exact and %d trajectory", count, len(ms))
	}
	if code, _, stderr := run(dir, write(false), "-method", "exact", "-ref-snapshots", "last"); code != 2 {
		t.Errorf("-ref-snapshots last: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(dir, write(true), "-method", "trajectory"); code != 2 || !strings.Contains(stderr, "rbm-train -logz") {
		t.Errorf("without the logz column: exit %d: %s", code, stderr)
	}
}

// -snapshots spread:N reads the file's epochs first and then analyses the
// same snapshots, row for row, as the epochs it spreads to; on stdin,
// which can be read once, it is a usage error.
func TestSpreadSelection(t *testing.T) {
	dir := t.TempDir()
	ms := models(10, 6, rbm.Spin, []float64{0.5, 1, 2, 3, 4})
	if err := os.WriteFile(filepath.Join(dir, "run.arrows"), checkpoint(t, ms), 0o644); err != nil {
		t.Fatal(err)
	}
	rowsOf := func(args ...string) []format.Estimate {
		code, out, stderr := run(dir, nil, append(args, "run.arrows")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		_, rows := parse(t, out)
		return rows
	}
	// Epochs 0, 10, 20, 30, 40: three spread evenly are 0, 20 and 40.
	spread, listed := rowsOf("-snapshots", "spread:3"), rowsOf("-snapshots", "0,20,40")
	if fmt.Sprint(spread) != fmt.Sprint(listed) {
		t.Errorf("spread:3 gave rows %v, the epochs 0,20,40 %v", spread, listed)
	}
	var snaps []int64
	for _, r := range spread {
		snaps = append(snaps, r.Snapshot)
	}
	if fmt.Sprint(snaps) != "[0 2 4]" {
		t.Errorf("spread:3 analysed snapshots %v, want [0 2 4]", snaps)
	}
	code, _, stderr := run(dir, checkpoint(t, ms), "-snapshots", "spread:3")
	if code != 2 || !strings.Contains(stderr, "give the checkpoint as a file, not on stdin") {
		t.Errorf("spread:3 on stdin: exit %d, %q", code, stderr)
	}
}
