package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// figureSet is the figures found in a study's fig/ directory.
type figureSet struct {
	dir   string
	names map[string]bool // stems with a .png or .svg
	used  map[string]bool
}

func readFigures(dir string) (*figureSet, error) {
	fsx := &figureSet{dir: dir, names: map[string]bool{}, used: map[string]bool{}}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fsx, nil
	} else if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".png") || strings.HasSuffix(n, ".svg")) && !strings.HasPrefix(n, ".") {
			fsx.names[strings.TrimSuffix(strings.TrimSuffix(n, ".png"), ".svg")] = true
		}
	}
	return fsx, nil
}

// figure returns the Figure named name with its caption, or false when
// fig/ holds no such figure. The web page gets the SVG when there is one,
// else the PNG's bytes.
func (f *figureSet) figure(name, caption string) (Figure, bool, error) {
	if !f.names[name] {
		return Figure{}, false, nil
	}
	f.used[name] = true
	fig := Figure{Name: name, Caption: caption, PNG: "fig/" + name + ".png"}
	svg, err := os.ReadFile(filepath.Join(f.dir, name+".svg"))
	switch {
	case err == nil:
		fig.SVG = svg
	case errors.Is(err, fs.ErrNotExist):
		if fig.PNGData, err = os.ReadFile(filepath.Join(f.dir, name+".png")); err != nil {
			return Figure{}, false, err
		}
	default:
		return Figure{}, false, err
	}
	return fig, true, nil
}

// unused lists the figures of fig/ that the report did not place, sorted.
func (f *figureSet) unused() []string {
	var out []string
	for n := range f.names {
		if !f.used[n] {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
