package format

// Units is a stream's unit convention (the rbm.units metadata): the
// values a model's units take. Package rbm computes with them; the
// header only names them.
type Units string

const (
	// Bernoulli units take values in {0,1}.
	Bernoulli Units = "bernoulli"
	// Spin units take values in {−1,+1}.
	Spin Units = "spin"
)

// Valid reports whether u is a convention a stream may name: Bernoulli,
// Spin, or none (kinds without a model).
func (u Units) Valid() bool { return u == Bernoulli || u == Spin || u == "" }
