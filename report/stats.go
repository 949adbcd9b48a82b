package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Stat is a quantity over replicas: the values that exist (NaN left out).
type Stat struct {
	Values []float64
}

// Add appends a value; NaN (no value) is left out.
func (s *Stat) Add(x float64) {
	if !math.IsNaN(x) {
		s.Values = append(s.Values, x)
	}
}

// N is the number of values.
func (s Stat) N() int { return len(s.Values) }

// Mean is the average (NaN without values).
func (s Stat) Mean() float64 {
	if len(s.Values) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range s.Values {
		sum += x
	}
	return sum / float64(len(s.Values))
}

// SD is the sample standard deviation (n − 1 in the denominator; 0 for
// one value, NaN for none).
func (s Stat) SD() float64 {
	n := len(s.Values)
	switch n {
	case 0:
		return math.NaN()
	case 1:
		return 0
	}
	m := s.Mean()
	ss := 0.0
	for _, x := range s.Values {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(n-1))
}

// Min and Max are the range (NaN without values).
func (s Stat) Min() float64 {
	if len(s.Values) == 0 {
		return math.NaN()
	}
	return slices.Min(s.Values)
}

func (s Stat) Max() float64 {
	if len(s.Values) == 0 {
		return math.NaN()
	}
	return slices.Max(s.Values)
}

// Format prints the statistic with prec decimals: "–" without values, the
// value for one, else "mean ± sd (min–max)"; the range is left out when
// min and max print the same. When want > 0 and fewer values than want
// exist, " [n/want]" says how many replicas have one.
func (s Stat) Format(prec, want int) string {
	if len(s.Values) == 0 {
		return "–"
	}
	f := func(x float64) string { return num(x, prec) }
	var b strings.Builder
	b.WriteString(f(s.Mean()))
	if len(s.Values) > 1 {
		b.WriteString(" ± " + f(s.SD()))
		if lo, hi := f(s.Min()), f(s.Max()); lo != hi {
			b.WriteString(" (" + span(lo, hi, s.Min() < 0 || s.Max() < 0) + ")")
		}
	}
	if want > 0 && len(s.Values) < want {
		fmt.Fprintf(&b, " [%d/%d]", len(s.Values), want)
	}
	return b.String()
}

// Range prints "min–max" (or the one value) with prec decimals.
func (s Stat) Range(prec int) string {
	if len(s.Values) == 0 {
		return "–"
	}
	lo, hi := num(s.Min(), prec), num(s.Max(), prec)
	if lo == hi {
		return lo
	}
	return span(lo, hi, s.Min() < 0 || s.Max() < 0)
}

// span prints a range "lo–hi", or "lo to hi" when a bound is negative
// (so that the dash is not read as a minus sign).
func span(lo, hi string, negative bool) string {
	if negative {
		return lo + " to " + hi
	}
	return lo + "–" + hi
}

// num prints x with prec decimals; −0 prints as 0, infinities as ∞.
func num(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	s := fmt.Sprintf("%.*f", prec, x)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}
