package rbmmp

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/mp"
	"github.com/rbmkit/rbmkit/rng"
)

// spectrum writes a spectrum stream: snapshot 0 is pure noise s·X (n×m),
// snapshot 1 adds rank-one spikes of the given strengths.
func spectrum(t *testing.T, n, m int, s float64, spikes []float64, keep int) []byte {
	r := rng.New(11, 0, "noise")
	x := mat.NewDense(n, m, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			x.Set(i, j, s*r.NormFloat64())
		}
	}
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Mode](&buf, format.Header{Visible: n, Hidden: m, Units: "bernoulli"}, format.Omit("u", "v"))
	if err != nil {
		t.Fatal(err)
	}
	for snap := 0; snap < 2; snap++ {
		wm := mat.DenseCopyOf(x)
		if snap == 1 {
			for k, theta := range spikes { // orthogonal spikes on coordinate vectors
				wm.Set(k, k, wm.At(k, k)+theta)
			}
		}
		var svd mat.SVD
		svd.Factorize(wm, mat.SVDNone)
		for a, sigma := range svd.Values(nil)[:keep] {
			w.Write(&format.Mode{Snapshot: int64(snap), Epoch: int64(10 * snap), Rank: int64(a), ModeID: int64(100 + a), Sigma: sigma})
		}
	}
	w.Close()
	return buf.Bytes()
}

func rbmmp(stdin []byte, args ...string) (int, []byte, string) {
	var out, errOut bytes.Buffer
	code := cli.Main(Tool, args, cli.Env{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.Bytes(), errOut.String()
}

func TestNoiseAndSpikes(t *testing.T) {
	const n, m, s = 784, 100, 0.01
	detect := mp.DetectionThreshold(s, n, m)
	code, out, stderr := rbmmp(spectrum(t, n, m, s, []float64{3 * detect, 2.5 * detect, 2 * detect}, m))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rd, err := format.NewReader[format.Fit](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	summaries := map[int64]format.Fit{}
	outliers := map[int64][]int64{}
	histMass := map[int64]float64{}
	for rd.Next() {
		f := *rd.Row()
		switch f.Table {
		case "summary":
			summaries[f.Snapshot] = f
		case "outlier":
			outliers[f.Snapshot] = append(outliers[f.Snapshot], f.Mode)
		case "hist_sigma":
			histMass[f.Snapshot] += f.Value * (f.XHi - f.X)
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	noise, spiked := summaries[0], summaries[1]
	if !noise.Consistent || noise.Outliers != 0 || math.Abs(math.Sqrt(noise.S2)/s-1) > 0.01 {
		t.Fatalf("noise: %+v", noise)
	}
	if !spiked.Consistent || spiked.Outliers != 3 || math.Abs(math.Sqrt(spiked.S2)/s-1) > 0.01 {
		t.Fatalf("spiked: %+v", spiked)
	}
	if got := outliers[1]; len(got) != 3 || got[0] != 100 || got[2] != 102 {
		t.Fatalf("outlier mode ids %v, want [100 101 102]", got)
	}
	if noise.Threshold != 4 || spiked.Unstable != 0 { // σ ~ 0.4: far below σ = 4
		t.Fatalf("threshold %g, unstable %d", noise.Threshold, spiked.Unstable)
	}
	for snap, mass := range histMass {
		if math.Abs(mass-1) > 1e-9 {
			t.Fatalf("snapshot %d: σ histogram integrates to %g", snap, mass)
		}
	}
}

func TestErrors(t *testing.T) {
	var ckpt bytes.Buffer
	w, _ := format.NewWriter[format.Snapshot](&ckpt, format.Header{Visible: 1, Hidden: 1, Units: "bernoulli"})
	w.Write(&format.Snapshot{W: []float32{1}, A: []float32{0}, B: []float32{0}})
	w.Close()
	for _, c := range []struct {
		stdin []byte
		want  string
	}{
		{ckpt.Bytes(), "rbm-mp: stdin: expected a spectrum stream, got a checkpoint stream"},
		{spectrum(t, 40, 10, 1, nil, 5), "snapshot 0 has 5 modes; a fit needs all min(N,M) = 10"},
	} {
		code, _, stderr := rbmmp(c.stdin)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("exit %d, stderr %q; want %q", code, stderr, c.want)
		}
	}
}
