package rbm

import "fmt"

// Units is the value set of the visible and hidden units.
type Units int

const (
	// Bernoulli units take values in {0,1}.
	Bernoulli Units = iota
	// Spin units take values in {−1,+1}.
	Spin
)

// String returns the name used in stream metadata: "bernoulli" or "spin".
func (u Units) String() string {
	switch u {
	case Bernoulli:
		return "bernoulli"
	case Spin:
		return "spin"
	}
	return fmt.Sprintf("Units(%d)", int(u))
}

// ParseUnits is the inverse of Units.String; it reads a string or a
// stream header's format.Units.
func ParseUnits[S ~string](s S) (Units, error) {
	switch string(s) {
	case "bernoulli", "binary", "01":
		return Bernoulli, nil
	case "spin", "ising", "pm1":
		return Spin, nil
	}
	return 0, fmt.Errorf("unknown unit convention %q (want bernoulli or spin)", s)
}

// Model holds an RBM's parameters.
type Model struct {
	Visible, Hidden int
	Units           Units
	// W is the Visible×Hidden weight matrix, row-major: W[i*Hidden+j] couples
	// visible unit i and hidden unit j.
	W []float32
	// A holds the visible biases (length Visible), B the hidden biases
	// (length Hidden).
	A, B []float32
}

// New returns a zero model of the given shape and units.
func New(visible, hidden int, units Units) *Model {
	return &Model{
		Visible: visible, Hidden: hidden, Units: units,
		W: make([]float32, visible*hidden),
		A: make([]float32, visible),
		B: make([]float32, hidden),
	}
}

// Check reports whether the slices agree with the shape.
func (m *Model) Check() error {
	if m.Visible <= 0 || m.Hidden <= 0 {
		return fmt.Errorf("rbm: shape %d×%d: both layers need at least one unit", m.Visible, m.Hidden)
	}
	if len(m.W) != m.Visible*m.Hidden || len(m.A) != m.Visible || len(m.B) != m.Hidden {
		return fmt.Errorf("rbm: shape %d×%d but len(W)=%d, len(a)=%d, len(b)=%d",
			m.Visible, m.Hidden, len(m.W), len(m.A), len(m.B))
	}
	return nil
}

// Clone returns a deep copy.
func (m *Model) Clone() *Model {
	c := *m
	c.W = append([]float32(nil), m.W...)
	c.A = append([]float32(nil), m.A...)
	c.B = append([]float32(nil), m.B...)
	return &c
}

// Lerp writes x + t·(y − x) into dst element by element, in float32: the
// point at t on the line from x (t = 0) to y (t = 1). All three have one
// length; dst may be x.
func Lerp(dst, x, y []float32, t float32) {
	for i, a := range x {
		dst[i] = a + t*(y[i]-a)
	}
}

// Between returns the model at t on the straight line from a (t = 0) to b
// (t = 1) in parameter space: W, a and b each interpolated by Lerp. a and
// b must have one shape and units. Models between two neighbouring rungs of
// a tempering ladder make the rungs' exchanges likelier (gibbs.FillCounts).
func Between(a, b *Model, t float32) *Model {
	c := a.Clone()
	Lerp(c.W, a.W, b.W, t)
	Lerp(c.A, a.A, b.A, t)
	Lerp(c.B, a.B, b.B, t)
	return c
}
