package plot

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindDataset, Spec{Name: "images", Summary: "the first examples as an image grid, labelled", Build: datasetImages})
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
	if src, ok := h.Get("source"); ok {
		about = append(about, src)
	}
	about = append(about, fmt.Sprintf("N = %d (%d×%d)", h.Visible, rows, cols))
	if b, ok := h.Get("binarize"); ok {
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
