package plot

import (
	"bytes"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/format"
)

// Small streams with known content, written with the format package.

const (
	fixN, fixM = 16, 6 // 4×4 images, 6 hidden units
)

func fixHeader() format.Header {
	return format.Header{Visible: fixN, Hidden: fixM, Units: "bernoulli", Seed: 7, Replica: 2, ImageShape: []int{4, 4}}
}

func write[T any](t *testing.T, h format.Header, rows []T, opts ...format.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := format.WriteAll(&buf, h, rows, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte, name string) Input {
	t.Helper()
	in, err := Open(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// fixExamples are n examples: example e has pixel i on when (i+e)%3 == 0,
// label e%10.
func fixExamples(n int) []format.Example {
	out := make([]format.Example, n)
	for e := range out {
		v := make([]bool, fixN)
		for i := range v {
			v[i] = (i+e)%3 == 0
		}
		out[e] = format.Example{V: v, Label: int32(e % 10)}
	}
	return out
}

func datasetStream(t *testing.T, n int) []byte {
	h := fixHeader()
	h.Hidden, h.Units = 0, ""
	h.Set("source", "fixture")
	return write(t, h, fixExamples(n))
}

// fixU is the known left singular vector a of the checkpoint fixture:
// 0.8 on pixel 2a and −0.6 on pixel 2a+1, so its largest entry is positive.
func fixU(a int) []float64 {
	u := make([]float64, fixN)
	u[2*a], u[2*a+1] = 0.8, -0.6
	return u
}

// fixSigma is σ_a at snapshot s: distinct and decreasing in a.
func fixSigma(s, a int) float64 { return float64((fixM-a)*(s+1)) * 0.5 }

var fixEpochs, fixSteps = []int64{0, 1, 2, 4}, []int64{0, 10, 20, 40}

// checkpointStream has W = Σ_a σ_a u_a e_aᵀ at four snapshots, top_sigma
// the σ_a times scale, and monitors that depend on the snapshot.
func checkpointStream(t *testing.T, h format.Header, scale float64) []byte {
	var rows []format.Snapshot
	for s := range fixEpochs {
		w := make([]float32, fixN*fixM)
		var top []float64
		for a := 0; a < fixM; a++ {
			sig := fixSigma(s, a)
			u := fixU(a)
			for i := 0; i < fixN; i++ {
				w[i*fixM+a] = float32(sig * u[i])
			}
			top = append(top, sig*scale)
		}
		rows = append(rows, format.Snapshot{Epoch: fixEpochs[s], Step: fixSteps[s], W: w,
			A: make([]float32, fixN), B: make([]float32, fixM),
			ReconError: 1 / float64(s+1), PseudoLogLik: -10 * scale / float64(s+1), TopSigma: top})
	}
	rows[0].ReconError = math.NaN() // not computed at initialization
	return write(t, h, rows)
}

// spectrumStream: three snapshots of five modes. Mode ids are 10+k; mode
// 14 grows fastest and is the largest at the end; snapshot 2 flags a
// crossing on mode 14.
func spectrumStream(t *testing.T) []byte {
	var rows []format.Mode
	sigma := func(s, id int) float64 {
		if id == 14 {
			return []float64{0.1, 2, 9}[s]
		}
		return float64(15-id) * float64(s+1) * 0.3
	}
	for s := 0; s < 3; s++ {
		for id := 10; id < 15; id++ {
			rows = append(rows, format.Mode{Snapshot: int64(s), Epoch: int64(s), Step: int64(10 * s),
				ModeID: int64(id), Sigma: sigma(s, id), Overlap: math.NaN(), Crossing: s == 2 && id == 14,
				IPRU: math.NaN(), IPRV: math.NaN(), A0: math.NaN(), B0: math.NaN()})
		}
	}
	// ranks by decreasing σ within each snapshot
	for s := 0; s < 3; s++ {
		part := rows[5*s : 5*s+5]
		for i := range part {
			r := 0
			for j := range part {
				if part[j].Sigma > part[i].Sigma {
					r++
				}
			}
			part[i].Rank = int64(r)
		}
	}
	return write(t, fixHeader(), rows, format.Omit("u", "v"))
}

func blankFit(table string, snap int64) format.Fit {
	nan := math.NaN()
	return format.Fit{Table: table, Snapshot: snap, Epoch: snap, Step: 10 * snap, X: nan, XHi: nan, Value: nan,
		Count: -1, Mode: -1, Rank: -1, S2: nan, SigmaLo: nan, SigmaHi: nan, LambdaLo: nan, LambdaHi: nan,
		Cutoff: nan, KS: nan, PValue: nan, KSReference: nan, Outliers: -1, Unstable: -1, Threshold: nan}
}

// mpfitStream: two snapshots; snapshot s has s+1 outliers at σ = 5, 3, …
// (mode ids 20+k), a bulk on [1, 2], and outliers+s² depending on scale.
func mpfitStream(t *testing.T, h format.Header, scale float64) []byte {
	var rows []format.Fit
	for s := int64(0); s < 2; s++ {
		sm := blankFit("summary", s)
		sm.S2, sm.SigmaLo, sm.SigmaHi, sm.Cutoff = 0.01*scale, 0.9, 2.1, 2.2
		sm.KS, sm.KSReference, sm.Consistent = 0.05*scale, 0.1, true
		sm.Outliers, sm.Unstable, sm.Threshold = (s+1)*int64(scale), s, 4
		rows = append(rows, sm)
		for k := int64(0); k <= s; k++ {
			o := blankFit("outlier", s)
			o.Mode, o.Rank, o.X = 20+k, k, 5-2*float64(k)
			rows = append(rows, o)
		}
		for b := 0; b < 4; b++ {
			hb := blankFit("hist_sigma", s)
			hb.X, hb.XHi, hb.Value, hb.Count = 1+0.25*float64(b), 1.25+0.25*float64(b), float64(b+1)/10, int64(b+1)
			rows = append(rows, hb)
		}
		far := blankFit("hist_sigma", s) // the outliers' bin, far right
		far.X, far.XHi, far.Value, far.Count = 4.75, 5, 0.1, s+1
		rows = append(rows, far)
		for p := 0; p <= 10; p++ {
			d := blankFit("density_sigma", s)
			d.X = 1 + 0.1*float64(p)
			d.Value = math.Sqrt(max(0, (d.X-1)*(2-d.X)))
			rows = append(rows, d)
		}
	}
	return write(t, h, rows)
}

func blankEstimate(snap int64, method, quantity string) format.Estimate {
	nan := math.NaN()
	return format.Estimate{Snapshot: snap, Epoch: 2 * snap, Step: 20 * snap, Method: method, Quantity: quantity, Rank: -1,
		Sigma: nan, Start: nan, Z: nan, Value: nan, StdErr: nan, Iterations: -1, Solution: -1, Unstable: -1, Margin: nan}
}

// feQuadratic and feQuartic are the Landau coefficients of rank r at
// snapshot s in the freeenergy fixture; its slices follow them exactly
// (mf) or plus z⁴/100 (tap).
func feSigma(s, r int64) float64     { return float64(3*s+1) / float64(r+1) }
func feQuadratic(s, r int64) float64 { return 1 - feSigma(s, r)/4 }
func feQuartic(s, r int64) float64   { return 0.01 * float64(r+1) }

var feZ = []float64{-1, -0.5, 0, 0.5, 1}

// freeEnergyStream: snapshots 0..3 (epochs 0, 2, 4, 6), ranks 0 and 1.
func freeEnergyStream(t *testing.T) []byte {
	var rows []format.Estimate
	for s := int64(0); s < 4; s++ {
		for r := int64(0); r < 2; r++ {
			q := blankEstimate(s, "mf", "landau_quadratic")
			q.Rank, q.Sigma, q.Value = r, feSigma(s, r), feQuadratic(s, r)
			rows = append(rows, q)
			q.Quantity, q.Value = "landau_quartic", feQuartic(s, r)
			rows = append(rows, q)
			for _, m := range []string{"mf", "tap"} {
				for _, z := range feZ {
					sl := blankEstimate(s, m, "slice")
					sl.Rank, sl.Sigma, sl.Z = r, feSigma(s, r), z
					sl.Value = feQuadratic(s, r)*z*z + feQuartic(s, r)*z*z*z*z
					if m == "tap" {
						sl.Value += z * z * z * z / 100
					}
					rows = append(rows, sl)
				}
			}
		}
		ex := blankEstimate(s, "exact", "logZ")
		ex.Value, ex.StdErr = 100+float64(s), 0
		ais := blankEstimate(s, "ais", "logZ")
		ais.Value, ais.StdErr = 100.5+float64(s), 0.25
		ll := blankEstimate(s, "ais", "loglik")
		ll.Value, ll.StdErr = -90-float64(s), 0.25
		rows = append(rows, ex, ais, ll)
	}
	return write(t, fixHeader(), rows)
}
