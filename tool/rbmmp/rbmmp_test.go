package rbmmp

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/mp"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/stack"
)

// spectrum writes a spectrum stream: snapshot 0 is pure noise s·X (n×m),
// snapshot 1 adds rank-one spikes of the given strengths.
func spectrum(t *testing.T, n, m int, s float64, spikes []float64, keep int) []byte {
	return spectrumOf(t, format.Header{Visible: n, Hidden: m, Units: "bernoulli"}, s, spikes, keep)
}

// spectrumOf is spectrum under a header of one's own (N, M, replica…).
func spectrumOf(t *testing.T, h format.Header, s float64, spikes []float64, keep int) []byte {
	n, m := h.Visible, h.Hidden
	r := rng.New(11, h.Replica, "noise")
	x := mat.NewDense(n, m, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			x.Set(i, j, s*r.NormFloat64())
		}
	}
	var buf bytes.Buffer
	w, err := format.NewWriter[format.Mode](&buf, h, format.Omit("u", "v"), format.WithBatchRows(7))
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
	return cli.Call(Tool, stdin, "", args...)
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

// stacked stacks streams as rbm-stack does.
func stacked(t *testing.T, streams ...[]byte) []byte {
	t.Helper()
	var ins []*format.Stream
	for i, data := range streams {
		s, err := format.OpenStream(bytes.NewReader(data), fmt.Sprintf("m%d/spectrum.arrows", i))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ins = append(ins, s)
	}
	st, err := stack.New(ins, stack.Options{Step: format.Step{Tool: "rbm-stack", Version: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := st.Write(&out, format.None); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// cells reads a stream as column names and rows of printed values.
func cells(t *testing.T, data []byte) (format.Header, []string, [][]string) {
	t.Helper()
	s, err := format.OpenStream(bytes.NewReader(data), "cells")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var names []string
	for _, f := range s.Schema().Fields() {
		names = append(names, f.Name+" "+f.Type.String())
	}
	var rows [][]string
	for s.Next() {
		rec := s.Record()
		for i := range int(rec.NumRows()) {
			var row []string
			for _, c := range rec.Columns() {
				row = append(row, c.ValueStr(i))
			}
			rows = append(rows, row)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return s.Header(), names, rows
}

// A stack of spectra of several hidden sizes fits every run with its own
// shape: the result is rbm-stack of the runs' own fits, row for row.
func TestStack(t *testing.T) {
	const n, s = 60, 0.01
	var spectra, fits [][]byte
	for k, m := range []int{20, 35, 90} { // the last one has M > N: p = N
		h := format.Header{Visible: n, Hidden: m, Units: "bernoulli", Replica: k, Seed: uint64(7 + k),
			Provenance: []format.Step{{Tool: "rbm-svd", Version: "test"}}}
		detect := mp.DetectionThreshold(s, n, m)
		spec := spectrumOf(t, h, s, []float64{3 * detect, 2 * detect}[:k%2+1], min(n, m))
		code, fit, stderr := rbmmp(spec, "-bins", "8", "-points", "5")
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", k, code, stderr)
		}
		spectra, fits = append(spectra, spec), append(fits, fit)
	}
	in := stacked(t, spectra...)
	code, out, stderr := rbmmp(in, "-bins", "8", "-points", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	gotH, gotCols, got := cells(t, out)
	_, wantCols, want := cells(t, stacked(t, fits...))
	if strings.Join(gotCols, ", ") != strings.Join(wantCols, ", ") {
		t.Fatalf("columns\n%s\nwant\n%s", strings.Join(gotCols, ", "), strings.Join(wantCols, ", "))
	}
	if !strings.HasPrefix(strings.Join(gotCols, ","), "run int64,hidden int64,replica int64,seed uint64,table utf8,snapshot int64") {
		t.Fatalf("columns %v", gotCols)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range got {
		if strings.Join(got[i], " ") != strings.Join(want[i], " ") {
			t.Fatalf("row %d:\n%v\nwant\n%v", i, got[i], want[i])
		}
	}
	// The header: an mpfit stack with the input's runs; the stack's own
	// provenance gains the rbm-mp step, the runs' stays as stacked.
	inH, _, _ := cells(t, in)
	inRuns, _ := inH.Runs()
	gotRuns, err := gotH.Runs()
	if err != nil || gotH.Kind != format.KindMPFit || !reflect.DeepEqual(gotRuns, inRuns) || len(gotRuns) != 3 {
		t.Fatalf("header %+v, runs %+v (err %v), want the runs %+v", gotH, gotRuns, err, inRuns)
	}
	if p := gotH.Provenance; len(p) != 2 || p[0].Tool != "rbm-stack" || p[1].Tool != "rbm-mp" {
		t.Fatalf("provenance %+v", p)
	}
	// Read back as a stack of fits: every run found its own spikes.
	rd, err := format.NewStackReader[format.Fit](bytes.NewReader(out), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	outliers := map[[2]int64]int64{}
	for rd.Next() {
		if f := rd.Row(); f.Table == "summary" {
			outliers[[2]int64{int64(rd.Run()), f.Snapshot}] = f.Outliers
			if rd.RunHeader().Hidden != []int{20, 35, 90}[rd.Run()] {
				t.Fatalf("run %d has hidden %d", rd.Run(), rd.RunHeader().Hidden)
			}
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	wantOut := map[[2]int64]int64{{0, 0}: 0, {0, 1}: 1, {1, 0}: 0, {1, 1}: 2, {2, 0}: 0, {2, 1}: 1}
	if !reflect.DeepEqual(outliers, wantOut) {
		t.Fatalf("outliers per (run, snapshot) %v, want %v", outliers, wantOut)
	}
}

func TestStackErrors(t *testing.T) {
	spec := spectrum(t, 40, 10, 1, nil, 10)
	_, fit, _ := rbmmp(spec)
	for _, c := range []struct {
		stdin []byte
		want  string
	}{
		{stacked(t, fit, fit), "rbm-mp: stdin: expected a stack of spectrum streams, got a stack of mpfit streams"},
		{stacked(t, spec, spectrum(t, 40, 12, 1, nil, 5)), "rbm-mp: stdin: run 1, snapshot 0 has 5 modes; a fit needs all min(N,M) = 12"}, // run 1's M
	} {
		code, _, stderr := rbmmp(c.stdin)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("exit %d, stderr %q; want %q", code, stderr, c.want)
		}
	}
}
