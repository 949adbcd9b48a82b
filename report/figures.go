package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// figureSpec is a figure the report knows: its file name under fig/
// (m<M>- in front for the per-hidden-size ones) and its caption.
type figureSpec struct{ name, caption string }

// studyFigures are the figures across runs, in the report's order.
var studyFigures = []figureSpec{
	{"order", "The order parameter of hierarchical learning: modes outside the Marchenko–Pastur bulk (and past σ = 4) against training time, one curve per hidden size, replicas as bands."},
	{"learning", "Learning curves: the test log-likelihood estimated along training (rbm-train -logz, nats per digit) against training time on the order parameter's axis, one curve per hidden size, replicas as min–max bands; circles mark the snapshots at which a mode leaves the Marchenko–Pastur bulk, triangles those at which one crosses σ = 4 (in any replica). Below, where the checkpoints hold it, the model's entropy S = ⟨E⟩ + log Z (nats) from the same chains, E averaged over h given v."},
	{"sigma", "The largest singular values of W against training time, per hidden size (replicas as bands), with the MP bulk edge at initialization."},
	{"fit", "Goodness of the Marchenko–Pastur fit (KS distance against its finite-size reference) and the fitted noise variance s² against training time."},
	{"monitors", "Training monitors: reconstruction error and pseudo-log-likelihood against training time."},
	{"digits", "The data: the first binarized {data} test images."},
	{"pcs", "The data's top principal components, to compare with the singular vectors of W below."},
}

// runFigures are the per-hidden-size figures of one replica.
var runFigures = []figureSpec{
	{"spectrum-init", "Spectrum at initialization: histogram of σ with the fitted Marchenko–Pastur density and bulk edges."},
	{"spectrum-last", "Spectrum at the last epoch: the bulk, its MP fit, and the outliers against the cutoff and the threshold σ = 4."},
	{"outliers", "σ of the outlying modes (tracked ids) against training time, over the fitted bulk, cutoff and threshold."},
	{"modes", "σ_α of the top tracked modes against training time."},
	{"hist", "Histogram of σ (log bins) at initialization and at the last epoch, against the threshold σ = 4."},
	{"ipr", "Localization of the singular vectors (N·Σu⁴, M·Σv⁴; ≈ 3 for random vectors) against σ, first and last snapshot."},
	{"reciprocal", "Histograms of the reciprocal variables x_α = u_α·v of the test digits for the top 4 modes, at initialization and at the last epoch, against the normal law of the same mean and variance (KS p-value, skewness and excess kurtosis above each)."},
	{"vectors", "The top left singular vectors u_α as images at the last epoch: the learned features."},
	{"slices", "Mean-field free-energy slices along the top modes across training (TAP solid, naive dashed): the double well of symmetry breaking."},
	{"landau", "Landau coefficients of the top modes: the quadratic 1 − σ^J turns negative past the threshold; the quartic from the singular vectors."},
	{"logz", "log Z and the test log-likelihood (exact, or forward and reverse AIS) against training time."},
	{"logz-meanfield", "Naive mean-field and TAP estimates of log Z and of the test log-likelihood at every snapshot."},
	{"samples", "Gibbs samples of the last snapshot (from noise, after the burn-in)."},
	{"samples-energy", "Free energy F(v) of the Gibbs samples: first and second half of the recorded sweeps, which agree at equilibrium."},
	{"trace", "Energy and free energy of the Gibbs chains against sweeps (a few chains and the mean; end of burn-in marked)."},
	{"diffusion-variance", "Reciprocal diffusion at the last epoch: Var x₊ of the top modes in the Gaussian limit's Langevin simulation (points) over the exact curve (dashed), and below it Gibbs sampling of the binary model."},
	{"diffusion-verdict", "Growth rate of ln Var x₊ against σ_α at the last epoch: simulation, exact theory and Gibbs sampling, with the threshold σ = 1/c = 4."},
}

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
