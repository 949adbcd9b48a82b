package rbmsample

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/rbmkit/rbmkit/cli"
	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/internal/testmodel"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// randomModel draws W ~ N(0, scale²) and biases ~ N(0, biasScale²).
func randomModel(seed uint64, n, m int, units rbm.Units, scale, biasScale float64) *rbm.Model {
	return testmodel.Gaussian(rng.New(seed, 0, "test-model"), n, m, units, scale, biasScale)
}

// checkpoint writes models as the snapshots of a checkpoint stream.
func checkpoint(t *testing.T, states [][]byte, models ...*rbm.Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	m0 := models[0]
	w, err := format.NewWriter[format.Snapshot](&buf, format.Header{Visible: m0.Visible, Hidden: m0.Hidden, Units: format.Units(m0.Units.String()), Seed: 17, Replica: 2})
	if err != nil {
		t.Fatal(err)
	}
	for e, m := range models {
		s := format.Snapshot{Epoch: int64(e), Step: int64(10 * e), W: m.W, A: m.A, B: m.B, ReconError: math.NaN(), PseudoLogLik: math.NaN()}
		if states != nil {
			s.State = states[e]
		}
		if err := w.Write(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rbmsample(stdin []byte, args ...string) (int, []byte, string) {
	return cli.Call(Tool, stdin, "", args...)
}

func mustRun(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	code, out, stderr := rbmsample(stdin, args...)
	if code != 0 {
		t.Fatalf("rbm-sample %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return out
}

func readAll[T any](t *testing.T, data []byte) (format.Header, []T) {
	t.Helper()
	r, err := format.NewReader[T](bytes.NewReader(data), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []T
	for r.Next() {
		row := *r.Row()
		out = append(out, deepCopy(row))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Header(), out
}

func deepCopy[T any](row T) T {
	switch x := any(&row).(type) {
	case *format.Sample:
		x.V, x.H = slices.Clone(x.V), slices.Clone(x.H)
	}
	return row
}

// chiSquareP tests visible-state counts against exact log-probabilities
// (states with expected count below 5 pooled) and returns the p-value.
func chiSquareP(t *testing.T, counts []int, logp []float64) float64 {
	t.Helper()
	total := 0
	for _, c := range counts {
		total += c
	}
	x2, cells, po, pe := 0.0, 0, 0.0, 0.0
	for s, c := range counts {
		e := float64(total) * math.Exp(logp[s])
		if e < 5 {
			po, pe = po+float64(c), pe+e
			continue
		}
		x2 += (float64(c) - e) * (float64(c) - e) / e
		cells++
	}
	if pe >= 5 {
		x2 += (po - pe) * (po - pe) / pe
		cells++
	}
	if cells < 10 {
		t.Fatalf("%d chi-square cells: no power", cells)
	}
	return distuv.ChiSquared{K: float64(cells - 1)}.Survival(x2)
}

func stateOf(v []bool) int {
	s := 0
	for i, on := range v {
		if on {
			s |= 1 << i
		}
	}
	return s
}

func toValues(v []bool, units rbm.Units) []float64 {
	out := make([]float64, len(v))
	for i, on := range v {
		switch {
		case on:
			out[i] = 1
		case units == rbm.Spin:
			out[i] = -1
		}
	}
	return out
}

// TestEquilibrium runs the tool on an N=10, M=6 model and compares the
// frequencies of the sampled visible states with the exact distribution:
// one sample per chain (or tempering system) after the burn-in, so the
// samples are independent and Pearson's test applies; significance 10⁻³.
func TestEquilibrium(t *testing.T) {
	for _, c := range []struct {
		name  string
		units rbm.Units
		scale float64
		args  []string
	}{
		{"gibbs-bernoulli", rbm.Bernoulli, 1.0, []string{"-mode", "gibbs"}},
		{"gibbs-spin", rbm.Spin, 0.4, []string{"-mode", "gibbs"}},
		{"pt-bernoulli", rbm.Bernoulli, 2.0, []string{"-mode", "pt", "-temps", "4", "-beta-min", "0.4"}},
		{"pt-spin", rbm.Spin, 0.7, []string{"-mode", "pt", "-betas", "1,0.7,0.5"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := randomModel(31, 10, 6, c.units, c.scale, 0.4)
			args := append([]string{"-chains", "20000", "-burn-in", "100", "-sweeps", "1", "-thin", "1", "-hidden"}, c.args...)
			h, rows := readAll[format.Sample](t, mustRun(t, checkpoint(t, nil, m), args...))
			if h.Kind != format.KindSamples || len(rows) != 20000 {
				t.Fatalf("kind %s, %d rows; want samples, 20000", h.Kind, len(rows))
			}
			counts := make([]int, 1<<10)
			for i, r := range rows {
				counts[stateOf(r.V)]++
				if r.Sweep != 101 || r.Beta != 1 || r.Chain != int64(i) {
					t.Fatalf("row %d: sweep %d β %v chain %d", i, r.Sweep, r.Beta, r.Chain)
				}
				if i%1000 == 0 { // the energy columns are the model's
					v, hh := toValues(r.V, c.units), toValues(r.H, c.units)
					if e := m.Energy(v, hh); math.Abs(e-r.Energy) > 1e-4*(1+math.Abs(e)) {
						t.Errorf("row %d: energy %v, model says %v", i, r.Energy, e)
					}
					if f := m.FreeEnergy(v); math.Abs(f-r.FreeEnergy) > 1e-4*(1+math.Abs(f)) {
						t.Errorf("row %d: free energy %v, model says %v", i, r.FreeEnergy, f)
					}
				}
			}
			p := chiSquareP(t, counts, rbm.ExactVisibleLogProbs(m))
			t.Logf("chi-square p = %.3g", p)
			if p < 1e-3 {
				t.Errorf("sampled visible states differ from the exact distribution: p = %.3g", p)
			}
		})
	}
}

// TestSameBytes: the same seed gives the same bytes at GOMAXPROCS 1 and 2,
// for every mode; another seed gives other bytes.
func TestSameBytes(t *testing.T) {
	models := []*rbm.Model{randomModel(1, 40, 30, rbm.Bernoulli, 0.3, 0.2), randomModel(2, 40, 30, rbm.Bernoulli, 1.5, 0.2)}
	in := checkpoint(t, nil, models...)
	dir := t.TempDir()
	for _, c := range [][]string{
		{"-mode", "gibbs", "-snapshot", "all", "-chains", "70", "-burn-in", "5", "-sweeps", "6", "-thin", "2", "-hidden"},
		{"-mode", "pt", "-chains", "40", "-burn-in", "5", "-sweeps", "4", "-thin", "1", "-temps", "3", "-all-betas", "-compress", "zstd"},
		{"-mode", "diffusion", "-modes", "3", "-chains", "70", "-sweeps", "6", "-trajectories", "300", "-records", "5"},
	} {
		run := func(procs int, seed string) ([]byte, []byte) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			args := append(slices.Clone(c), "-seed", seed)
			trace := ""
			if c[1] != "diffusion" {
				trace = filepath.Join(dir, "trace.arrows")
				args = append(args, "-trace", trace)
			}
			out := mustRun(t, in, args...)
			var tr []byte
			if trace != "" {
				var err error
				if tr, err = os.ReadFile(trace); err != nil {
					t.Fatal(err)
				}
			}
			return out, tr
		}
		out1, tr1 := run(1, "5")
		out2, tr2 := run(2, "5")
		if !bytes.Equal(out1, out2) || !bytes.Equal(tr1, tr2) {
			t.Errorf("%s: output differs between GOMAXPROCS 1 and 2", c[1])
		}
		if out3, _ := run(2, "6"); bytes.Equal(out1, out3) {
			t.Errorf("%s: seeds 5 and 6 gave the same output", c[1])
		}
	}
}

// TestTrace checks the trace stream's shape and that its exchange rates
// are the ones the tool reports.
func TestTrace(t *testing.T) {
	m := randomModel(3, 10, 6, rbm.Bernoulli, 1.5, 0.3)
	in := checkpoint(t, nil, m)
	trace := filepath.Join(t.TempDir(), "t.arrows")
	code, out, stderr := rbmsample(in, "-mode", "pt", "-betas", "1,0.6,0.3", "-chains", "50", "-burn-in", "10", "-sweeps", "20", "-thin", "5", "-trace", trace)
	if code != 0 {
		t.Fatal(stderr)
	}
	_, samples := readAll[format.Sample](t, out)
	if len(samples) != 50*4 {
		t.Errorf("%d sample rows, want 50 chains × 4 recorded sweeps", len(samples))
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	th, rows := readAll[format.TracePoint](t, data)
	if th.Kind != format.KindTrace || len(rows) != 50*3*30 {
		t.Fatalf("trace: kind %s, %d rows; want trace, 50 × 3 × 30", th.Kind, len(rows))
	}
	tried, swapped := map[float64]int{}, map[float64]int{}
	for _, r := range rows {
		if r.SwapTried {
			tried[r.Beta]++
		}
		if r.Swapped {
			swapped[r.Beta]++
			if !r.SwapTried {
				t.Fatal("a swap without an attempt")
			}
		}
		if r.Beta == 0.3 && r.SwapTried {
			t.Fatal("an exchange attempted from the last β")
		}
	}
	// Even pairs after odd sweeps, odd pairs after even ones: 15 attempts
	// per system and pair over 30 sweeps.
	if tried[1] != 50*15 || tried[0.6] != 50*15 {
		t.Errorf("attempts %v, want 750 per pair", tried)
	}
	// The recorded samples at β = 1 are the trace's β = 1 rows of their sweep.
	for _, s := range samples {
		r := rows[(int(s.Sweep)-1)*150+int(s.Chain)*3]
		if r.Sweep != s.Sweep || r.Chain != s.Chain || r.Beta != 1 || r.Energy != s.Energy || r.FreeEnergy != s.FreeEnergy {
			t.Fatalf("sample %+v does not match trace row %+v", s, r)
		}
	}
	// The rates the tool logs are the trace's.
	for _, pair := range [][2]float64{{1, 0.6}, {0.6, 0.3}} {
		want := fmt.Sprintf("%.3g↔%.3g:%.2f", pair[0], pair[1], float64(swapped[pair[0]])/float64(tried[pair[0]]))
		if !strings.Contains(stderr, "exchange rates") || !strings.Contains(stderr, want) {
			t.Errorf("stderr does not report %s: %s", want, stderr)
		}
	}
}
