package plot

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindDataset, Spec{Name: "images", Summary: "the first examples as an image grid, labelled", Build: datasetImages})
	Register(format.KindDataset, Spec{Name: "pcs",
		Summary: "the data's top principal components (eigenvectors of the covariance) as images, to compare with the singular vectors of W",
		Build:   datasetPCs})
}

// imageShape returns the visible layer's image shape from the header, or
// a square one when N is a perfect square.
func imageShape(h format.Header, name string) (rows, cols int, err error) {
	if len(h.ImageShape) == 2 && h.ImageShape[0]*h.ImageShape[1] == h.Visible {
		return h.ImageShape[0], h.ImageShape[1], nil
	}
	if s := int(math.Round(math.Sqrt(float64(h.Visible)))); s*s == h.Visible {
		return s, s, nil
	}
	return 0, 0, fmt.Errorf("%s: the header has no image shape (rbm.image_shape) for N = %d visible units, so they cannot be drawn as images", name, h.Visible)
}

// gridSize suggests a page size for n tiles of the given shape.
func gridSize(n, rows, cols int) (vg.Length, vg.Length) {
	c := max(1, int(math.Ceil(math.Sqrt(float64(n)*float64(rows)/float64(cols)))))
	r := max(1, (n+c-1)/c)
	cell := 2.2 * vg.Centimeter
	w := max(10*vg.Centimeter, min(30*vg.Centimeter, vg.Length(c)*cell))
	h := max(6*vg.Centimeter, vg.Length(r)*cell*vg.Length(rows)/vg.Length(cols)*w/(vg.Length(c)*cell)) + 2*vg.Centimeter
	return w, h
}

func datasetImages(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rows, cols, err := imageShape(in.Header, in.Name)
	if err != nil {
		return nil, err
	}
	count := opt.Count
	if count <= 0 {
		count = 64
	}
	rd, err := reader[format.Example](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	labelled := rd.Has("label")
	var tiles []Tile
	total := 0
	for rd.Next() {
		total++
		if len(tiles) == count {
			continue // count the rest
		}
		ex := rd.Row()
		v := make([]float64, len(ex.V))
		for i, b := range ex.V {
			if b {
				v[i] = 1
			}
		}
		t := Tile{Values: v}
		if labelled {
			t.Caption = fmt.Sprint(ex.Label)
		}
		tiles = append(tiles, t)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if total == 0 {
		return nil, fmt.Errorf("%s: the dataset has no examples", in.Name)
	}
	grid, err := newTiles(rows, cols, tiles, Gray)
	if err != nil {
		return nil, err
	}
	h := in.Header
	var about []string
	if src, ok := h.Get(format.KeySource); ok {
		about = append(about, src)
	}
	about = append(about, fmt.Sprintf("N = %d (%d×%d)", h.Visible, rows, cols))
	if b, ok := h.Get(format.KeyBinarize); ok {
		about = append(about, "binarized by "+b)
	}
	what := "first %d of %d examples"
	if labelled {
		what += ", with their labels"
	}
	p := newPanel(fmt.Sprintf(what, len(tiles), total), "", "")
	p.HideAxes()
	p.add("images", grid)
	w, hh := gridSize(len(tiles), rows, cols)
	return single("dataset: "+strings.Join(about, ", "), p, w, hh), nil
}

// principalComponents returns the top k eigenvalues and eigenvectors of
// the covariance of the examples (float64), each vector's sign fixed so
// that its largest-magnitude component is positive, and the total
// variance (the covariance's trace).
func principalComponents(in Input, k int) (vals []float64, vecs [][]float64, total float64, n int, err error) {
	rd, err := reader[format.Example](in)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	defer rd.Close()
	dim := rd.Header().Visible
	// Σ v vᵀ accumulates by blocks of rows through BLAS (upper triangle).
	const block = 256
	sum := blas64.Symmetric{N: dim, Stride: dim, Data: make([]float64, dim*dim), Uplo: blas.Upper}
	mean := make([]float64, dim)
	buf := make([]float64, 0, block*dim)
	flush := func() {
		if rows := len(buf) / dim; rows > 0 {
			blas64.Syrk(blas.Trans, 1, blas64.General{Rows: rows, Cols: dim, Stride: dim, Data: buf}, 1, sum)
			buf = buf[:0]
		}
	}
	for rd.Next() {
		for i, b := range rd.Row().V {
			x := 0.0
			if b {
				x = 1
			}
			buf = append(buf, x)
			mean[i] += x
		}
		if n++; len(buf) == cap(buf) {
			flush()
		}
	}
	if err := rd.Err(); err != nil {
		return nil, nil, 0, 0, err
	}
	flush()
	if n < 2 {
		return nil, nil, 0, 0, fmt.Errorf("%s: principal components need at least 2 examples, the dataset has %d", in.Name, n)
	}
	cov := mat.NewSymDense(dim, nil)
	for i := range mean {
		mean[i] /= float64(n)
	}
	for i := 0; i < dim; i++ {
		for j := i; j < dim; j++ {
			cov.SetSym(i, j, sum.Data[i*dim+j]/float64(n)-mean[i]*mean[j])
		}
		total += cov.At(i, i)
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, nil, 0, 0, fmt.Errorf("%s: the covariance eigendecomposition did not converge", in.Name)
	}
	all := eig.Values(nil) // ascending
	var ev mat.Dense
	eig.VectorsTo(&ev)
	k = min(k, dim)
	for a := 0; a < k; a++ {
		c := dim - 1 - a
		v := mat.Col(nil, c, &ev)
		big := 0
		for i := range v {
			if math.Abs(v[i]) > math.Abs(v[big]) {
				big = i
			}
		}
		if v[big] < 0 {
			for i := range v {
				v[i] = -v[i]
			}
		}
		vals, vecs = append(vals, all[c]), append(vecs, v)
	}
	return vals, vecs, total, n, nil
}

func datasetPCs(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rows, cols, err := imageShape(in.Header, in.Name)
	if err != nil {
		return nil, err
	}
	k := opt.Modes
	if k <= 0 {
		k = 8
	}
	vals, vecs, total, n, err := principalComponents(in, k)
	if err != nil {
		return nil, err
	}
	tiles := make([]Tile, len(vecs))
	for a := range vecs {
		tiles[a] = Tile{Values: vecs[a], Caption: fmt.Sprintf("PC%d  %.1f%%", a+1, 100*vals[a]/total)}
	}
	grid, err := newTiles(rows, cols, tiles, Diverging)
	if err != nil {
		return nil, err
	}
	grid.Columns = min(len(tiles), 10)
	p := newPanel(fmt.Sprintf("top %d eigenvectors of the covariance of %d examples, with their share of the variance", len(tiles), n), "", "")
	p.HideAxes()
	p.add("components", grid)
	title := "Principal components of the data"
	if src, ok := in.Header.Get(format.KeySource); ok {
		title += ": " + src
	}
	title += "\nblue < 0 < red, each image scaled to its own max |value|; sign: largest |value| positive"
	w, h := vectorRowsSize(grid.Columns, (len(tiles)+grid.Columns-1)/grid.Columns)
	return single(title, p, w, h), nil
}

// vectorRowsSize suggests a page size for rows of k images with captions.
func vectorRowsSize(k, rows int) (vg.Length, vg.Length) {
	w := max(14*vg.Centimeter, min(36*vg.Centimeter, vg.Length(k)*2.6*vg.Centimeter))
	cell := w / vg.Length(max(k, 1))
	return w, vg.Length(rows)*(cell+1.2*vg.Centimeter) + 1.5*vg.Centimeter
}
