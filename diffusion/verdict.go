package diffusion

import "math"

// Verdict is the judgement of one series of moments.
type Verdict struct {
	// Growth is the least-squares slope of ln Var x₊ against time over the
	// last half of the series' time span (per unit of the series' time).
	Growth float64
	// Diverges: Var x₊ more than doubles over that half, Growth·span/2 >
	// ln 2 — faster than any converging diffusion started at or below its
	// stationary variance, and than free diffusion from zero.
	Diverges bool
}

// Judge fits the growth of Var x₊ over the last half of the series. With
// fewer than two points in that half, or a non-positive variance there,
// Growth is NaN and Diverges false.
func Judge(series []Moments) Verdict {
	if len(series) < 2 {
		return Verdict{Growth: math.NaN()}
	}
	t0, t1 := series[0].Time, series[len(series)-1].Time
	mid := (t0 + t1) / 2
	var n, st, sl, stt, stl float64
	for _, m := range series {
		if m.Time < mid {
			continue
		}
		v := m.VarPlus()
		if !(v > 0) {
			return Verdict{Growth: math.NaN()}
		}
		l := math.Log(v)
		n++
		st += m.Time
		sl += l
		stt += m.Time * m.Time
		stl += m.Time * l
	}
	den := n*stt - st*st
	if n < 2 || den <= 0 {
		return Verdict{Growth: math.NaN()}
	}
	g := (n*stl - st*sl) / den
	return Verdict{Growth: g, Diverges: g*(t1-mid) > math.Ln2}
}

// AnalyticSeries returns the exact moments of the mode's diffusion from
// start variance v0 at the given times.
func (m Mode) AnalyticSeries(times []float64, v0 float64) []Moments {
	out := make([]Moments, len(times))
	for i, t := range times {
		out[i] = m.Analytic(t, v0)
	}
	return out
}

// Times returns the time of each point of a series.
func Times(series []Moments) []float64 {
	out := make([]float64, len(series))
	for i, m := range series {
		out[i] = m.Time
	}
	return out
}
