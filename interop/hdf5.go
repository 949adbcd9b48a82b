//go:build hdf5 && cgo

package interop

// #include <hdf5.h>
import "C"

import (
	"fmt"
	"math"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/hdf5"

	"github.com/rbmkit/rbmkit/rbm"
)

// HDF5 says whether this build reads and writes HDF5 files.
const HDF5 = true

// ErrNoHDF5 is nil in the HDF5 build.
var ErrNoHDF5 error

// quiet keeps the goroutine on its thread and turns off HDF5's error
// printing there (the error stack is per thread in Debian's thread-safe
// build, so gonum's silencing at init covers only its own thread); the
// errors are returned instead. Call the result when done.
func quiet() func() {
	runtime.LockOSThread()
	C.H5Eset_auto2(C.H5E_DEFAULT, nil, nil)
	return runtime.UnlockOSThread
}

func hid(i hdf5.Identifier) C.hid_t { return C.hid_t(i.ID()) }

var updateName = regexp.MustCompile(`^update_([0-9]+)$`)

// members lists a group's links: name → is a group.
func members(g *hdf5.CommonFG) (map[string]bool, []string, error) {
	n, err := g.NumObjects()
	if err != nil {
		return nil, nil, err
	}
	out := map[string]bool{}
	var names []string
	for i := uint(0); i < n; i++ {
		name, err := g.ObjectNameByIndex(i)
		if err != nil {
			return nil, nil, err
		}
		t, err := g.ObjectTypeByIndex(i)
		if err != nil {
			return nil, nil, err
		}
		out[name] = t == hdf5.H5G_GROUP
		names = append(names, name)
	}
	sort.Strings(names)
	return out, names, nil
}

func listing(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	if len(names) > 12 {
		return strings.Join(names[:12], ", ") + fmt.Sprintf(" and %d more", len(names)-12)
	}
	return strings.Join(names, ", ")
}

// readArray reads a numeric dataset of a group.
// budget, if not nil, is asked for the memory the dataset's values take
// (as float64, and as the snapshots' float32) before they are read.
func readArray(g *hdf5.CommonFG, where, name string, budget func(string, float64) error) (array, error) {
	x := array{name: where + name}
	d, err := g.OpenDataset(name)
	if err != nil {
		return x, fmt.Errorf("%s: cannot open the dataset: %v", x.name, err)
	}
	defer d.Close()
	o := hobj{id: hid(d.Identifier)}
	class, size, points, err := o.info()
	if err != nil {
		return x, fmt.Errorf("%s: %v", x.name, err)
	}
	if class != classFloat && class != classInteger {
		return x, fmt.Errorf("%s: not a numeric dataset (HDF5 type class %d)", x.name, class)
	}
	x.float64 = class == classFloat && size > 4
	sp := d.Space()
	if sp == nil {
		return x, fmt.Errorf("%s: cannot read its shape", x.name)
	}
	// gonum's SimpleExtentDims fails on scalars (rank 0).
	if rank := sp.SimpleExtentNDims(); rank < 0 {
		sp.Close()
		return x, fmt.Errorf("%s: cannot read its shape", x.name)
	} else if rank > 0 {
		dims, _, err := sp.SimpleExtentDims()
		if err != nil {
			sp.Close()
			return x, fmt.Errorf("%s: cannot read its shape: %v", x.name, err)
		}
		for _, dd := range dims {
			x.shape = append(x.shape, int(dd))
		}
	}
	sp.Close()
	if budget != nil {
		if err := budget(fmt.Sprintf("dataset %s of shape %v", x.name, x.shape), float64(points)*(8+8+4)); err != nil {
			return x, err
		}
	}
	if x.values, err = o.doubles(points); err != nil {
		return x, fmt.Errorf("%s: %v", x.name, err)
	}
	return x, nil
}

// readString reads a scalar string dataset, or else an attribute of the
// same name on loc; ok is false when neither exists.
func readString(g *hdf5.Group, is map[string]bool, name string) (string, bool, error) {
	if isGroup, ok := is[name]; ok && !isGroup {
		d, err := g.OpenDataset(name)
		if err != nil {
			return "", false, fmt.Errorf("%s: %v", name, err)
		}
		defer d.Close()
		s, ok := hobj{id: hid(d.Identifier)}.str()
		if !ok {
			return "", false, fmt.Errorf("%s is not a string", name)
		}
		return s, true, nil
	}
	at, err := attrs(hid(g.Identifier))
	if err != nil {
		return "", false, err
	}
	if v, ok := at[name]; ok {
		s, isStr := v.(string)
		if !isStr {
			return "", false, fmt.Errorf("attribute %s is %v, not a string", name, v)
		}
		return s, true, nil
	}
	return "", false, nil
}

func readHDF5(path string, opt Options) (*Archive, error) {
	defer quiet()()
	f, err := hdf5.OpenFile(path, hdf5.F_ACC_RDONLY)
	if err != nil {
		return nil, fmt.Errorf("not a readable HDF5 file (truncated?): %v", err)
	}
	defer f.Close()
	root, err := f.OpenGroup("/")
	if err != nil {
		return nil, fmt.Errorf("cannot open the file's root group: %v", err)
	}
	defer root.Close()
	is, names, err := members(&root.CommonFG)
	if err != nil {
		return nil, fmt.Errorf("cannot list the file's root group: %v", err)
	}
	var updates []int64
	for name, group := range is {
		if m := updateName.FindStringSubmatch(name); m != nil && group {
			n, err := strconv.ParseInt(m[1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("group %s: update count out of range", name)
			}
			updates = append(updates, n)
		}
	}
	switch {
	case len(updates) > 0:
		sort.Slice(updates, func(i, j int) bool { return updates[i] < updates[j] })
		return readDsysDML(f, root, is, updates, opt)
	case has(is, "weights") && has(is, "visible_par") && has(is, "hidden_par"):
		return readJulia(root, is, opt)
	}
	return nil, fmt.Errorf("HDF5 layout not recognised: the root group holds %s; rbm-import reads DsysDML/rbms and TorchRBM archives "+
		"(update_<n> groups) and RestrictedBoltzmannMachinesHDF5.jl files (weights, visible_par, hidden_par)", listing(names))
}

func has(is map[string]bool, name string) bool { _, ok := is[name]; return ok }

// modelUnits maps DsysDML's model_type (the keys of rbms.map_model).
func modelUnits(t string) (rbm.Units, error) {
	switch t {
	case "BBRBM", "":
		return rbm.Bernoulli, nil
	case "IIRBM":
		return rbm.Spin, nil
	}
	what := map[string]string{"PBRBM": "Potts visible units", "BGRBM": "Gaussian hidden units", "IGRBM": "Ising visible, Gaussian hidden units",
		"PGRBM": "Potts visible, Gaussian hidden units"}[t]
	if what == "" {
		what = "unknown to rbm-import"
	}
	return 0, fmt.Errorf("model_type %s (%s) is not a binary RBM: rbm-import reads BBRBM ({0,1} units) and IIRBM (±1 spins)", t, what)
}

func readDsysDML(f *hdf5.File, root *hdf5.Group, is map[string]bool, updates []int64, opt Options) (*Archive, error) {
	mt, _, err := readString(root, is, "model_type")
	if err != nil {
		return nil, err
	}
	units, err := modelUnits(mt)
	if err != nil {
		return nil, err
	}
	a := &Archive{Layout: LayoutDsysDML, Units: units, ModelType: mt}
	if is["hyperparameters"] {
		if a.Hyperparameters, err = hyperparameters(f); err != nil {
			return nil, err
		}
	}
	for _, n := range updates {
		name := fmt.Sprintf("update_%d", n)
		g, err := f.OpenGroup(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		snap, nv, nh, conv, err := readUpdate(g, name, opt)
		g.Close()
		if err != nil {
			return nil, err
		}
		if a.Snapshots == nil {
			a.Visible, a.Hidden = nv, nh
		} else if nv != a.Visible || nh != a.Hidden {
			return nil, fmt.Errorf("%s: a %d×%d model after %d×%d ones", name, nv, nh, a.Visible, a.Hidden)
		}
		a.Converted = a.Converted || conv
		snap.Step = n
		if opt.UpdatesPerEpoch > 0 && snap.Epoch == Unknown {
			snap.Epoch = n / opt.UpdatesPerEpoch
		}
		a.Snapshots = append(a.Snapshots, snap)
	}
	return a, nil
}

// readUpdate reads one update_<n> group: params/{weight_matrix,vbias,hbias}
// (rbms ≥ its params group), else the same names at the group level
// (TorchRBM, and rbms's retro-compatible copies), and an epoch dataset
// when rbm-export wrote it.
func readUpdate(g *hdf5.Group, name string, opt Options) (Snapshot, int, int, bool, error) {
	is, names, err := members(&g.CommonFG)
	if err != nil {
		return Snapshot{}, 0, 0, false, fmt.Errorf("%s: %v", name, err)
	}
	src, where := &g.CommonFG, name+"/"
	if is["params"] {
		p, err := g.OpenGroup("params")
		if err != nil {
			return Snapshot{}, 0, 0, false, fmt.Errorf("%s/params: %v", name, err)
		}
		defer p.Close()
		src, where = &p.CommonFG, name+"/params/"
		if is, names, err = members(src); err != nil {
			return Snapshot{}, 0, 0, false, fmt.Errorf("%sparams: %v", where, err)
		}
	}
	var arrs [3]array
	for i, k := range []string{"weight_matrix", "vbias", "hbias"} {
		if isGroup, ok := is[k]; !ok || isGroup {
			return Snapshot{}, 0, 0, false, fmt.Errorf("%s has no %s dataset (it holds %s)", strings.TrimSuffix(where, "/"), k, listing(names))
		}
		if arrs[i], err = readArray(src, where, k, opt.Budget); err != nil {
			return Snapshot{}, 0, 0, false, err
		}
	}
	if len(arrs[0].shape) != 2 {
		return Snapshot{}, 0, 0, false, fmt.Errorf("%s has shape %s: want num_visibles×num_hiddens", arrs[0].name, arrs[0].shapeString())
	}
	snaps, n, m, _, err := assemble(arrs[0], arrs[1], arrs[2], opt.Transposed, false)
	if err != nil {
		return Snapshot{}, 0, 0, false, err
	}
	snap := snaps[0]
	if top, _, err := members(&g.CommonFG); err == nil && has(top, "epoch") && !top["epoch"] {
		e, err := readArray(&g.CommonFG, name+"/", "epoch", opt.Budget)
		if err != nil {
			return Snapshot{}, 0, 0, false, err
		}
		c, err := counters(e, 1)
		if err != nil {
			return Snapshot{}, 0, 0, false, err
		}
		snap.Epoch = c[0]
	}
	return snap, n, m, arrs[0].float64 || arrs[1].float64 || arrs[2].float64, nil
}

// hyperparameters reads the hyperparameters group's datasets and
// attributes.
func hyperparameters(f *hdf5.File) (map[string]jsonValue, error) {
	g, err := f.OpenGroup("hyperparameters")
	if err != nil {
		return nil, fmt.Errorf("hyperparameters: %v", err)
	}
	defer g.Close()
	out := map[string]jsonValue{}
	at, err := attrs(hid(g.Identifier))
	if err != nil {
		return nil, fmt.Errorf("hyperparameters: %v", err)
	}
	for k, v := range at {
		out[k] = hyperJSON(v)
	}
	is, names, err := members(&g.CommonFG)
	if err != nil {
		return nil, fmt.Errorf("hyperparameters: %v", err)
	}
	for _, k := range names {
		if is[k] {
			continue
		}
		d, err := g.OpenDataset(k)
		if err != nil {
			return nil, fmt.Errorf("hyperparameters/%s: %v", k, err)
		}
		v, err := value(hobj{id: hid(d.Identifier)})
		d.Close()
		if err != nil {
			return nil, fmt.Errorf("hyperparameters/%s: %v", k, err)
		}
		out[k] = hyperJSON(v)
	}
	return out, nil
}

func readJulia(f *hdf5.Group, is map[string]bool, opt Options) (*Archive, error) {
	if t, ok, err := readString(f, is, "rbm_type"); err != nil {
		return nil, err
	} else if ok && t != "RBM" {
		return nil, fmt.Errorf("rbm_type %s: rbm-import reads plain RBMs (rbm_type RBM) of RestrictedBoltzmannMachinesHDF5.jl", t)
	}
	var types [2]string
	for i, k := range []string{"visible_type", "hidden_type"} {
		t, ok, err := readString(f, is, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("no %s: a RestrictedBoltzmannMachinesHDF5.jl file names its layers' types", k)
		}
		types[i] = t
	}
	var units rbm.Units
	switch {
	case types[0] == "Binary" && types[1] == "Binary":
		units = rbm.Bernoulli
	case types[0] == "Spin" && types[1] == "Spin":
		units = rbm.Spin
	default:
		return nil, fmt.Errorf("visible_type %s, hidden_type %s: not a binary RBM; rbm-import reads Binary ({0,1}) or Spin (±1) layers on both sides", types[0], types[1])
	}
	var arrs [3]array
	for i, k := range []string{"weights", "visible_par", "hidden_par"} {
		var err error
		if arrs[i], err = readArray(&f.CommonFG, "", k, opt.Budget); err != nil {
			return nil, err
		}
	}
	if len(arrs[0].shape) != 2 {
		return nil, fmt.Errorf("weights have shape %s: rbm-import reads one-dimensional layers (an M×N matrix as HDF5 sees Julia's N×M)", arrs[0].shapeString())
	}
	// Julia is column-major: its N×M weights are M×N here.
	snaps, n, m, wasT, err := assemble(arrs[0], arrs[1], arrs[2], opt.Transposed, true)
	if err != nil {
		return nil, err
	}
	return &Archive{Layout: LayoutJulia, Units: units, Visible: n, Hidden: m, ModelType: types[0] + "/" + types[1],
		Transposed: wasT, Converted: arrs[0].float64 || arrs[1].float64 || arrs[2].float64, Snapshots: snaps}, nil
}

// WriteHDF5 writes the archive at path in the layout of DsysDML/rbms's
// save_model, which its load_model and load_params read: see the package
// comment.
func WriteHDF5(path string, a *Archive) error {
	seen := map[int64]bool{}
	for _, s := range a.Snapshots {
		if s.Step < 0 {
			return fmt.Errorf("a snapshot has no step (%d): the DsysDML layout names each model update_<step>", s.Step)
		}
		if seen[s.Step] {
			return fmt.Errorf("two snapshots at step %d: the DsysDML layout names each model update_<step>", s.Step)
		}
		seen[s.Step] = true
	}
	mt := "BBRBM"
	if a.Units == rbm.Spin {
		mt = "IIRBM"
	}
	defer quiet()()
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_TRUNC)
	if err != nil {
		return err
	}
	werr := func() error {
		root := hid(f.Identifier)
		hp, err := createGroup(root, "hyperparameters")
		if err != nil {
			return err
		}
		err = writeHypers(hp, a)
		closeGroup(hp)
		if err != nil {
			return err
		}
		if err := writeString(root, "model_type", mt); err != nil {
			return err
		}
		// load_model reads parallel_chains: rbmkit keeps no chains in
		// its export, so the array has no rows.
		if err := writeArray(root, "parallel_chains", []float32{}, 0, a.Visible); err != nil {
			return err
		}
		for _, s := range a.Snapshots {
			g, err := createGroup(root, fmt.Sprintf("update_%d", s.Step))
			if err != nil {
				return err
			}
			err = writeUpdate(g, s, a.Visible, a.Hidden)
			closeGroup(g)
			if err != nil {
				return err
			}
		}
		return nil
	}()
	if cerr := f.Close(); werr == nil && cerr != nil {
		werr = cerr
	}
	return werr
}

func writeUpdate(g C.hid_t, s Snapshot, n, m int) error {
	p, err := createGroup(g, "params")
	if err != nil {
		return err
	}
	defer closeGroup(p)
	for _, loc := range []C.hid_t{p, g} {
		if err := writeArray(loc, "weight_matrix", s.W, n, m); err != nil {
			return err
		}
		if err := writeArray(loc, "vbias", s.A, n); err != nil {
			return err
		}
		if err := writeArray(loc, "hbias", s.B, m); err != nil {
			return err
		}
	}
	if err := writeArray(g, "time", []float64{0}); err != nil {
		return err
	}
	if err := writeArray(g, "epoch", []int64{s.Epoch}); err != nil {
		return err
	}
	fl, err := createGroup(g, "flags")
	if err != nil {
		return err
	}
	closeGroup(fl)
	return nil
}

// writeHypers writes the hyperparameters group: the archive's, over the
// keys rbms's load_model reads unconditionally (batch_size, gibbs_steps,
// learning_rate, L1, L2: 0, 0, NaN, 0, 0 when unknown), and num_visibles
// and num_hiddens.
func writeHypers(loc C.hid_t, a *Archive) error {
	vals := map[string]any{"batch_size": int64(0), "gibbs_steps": int64(0), "learning_rate": math.NaN(), "L1": 0.0, "L2": 0.0}
	for k, raw := range a.Hyperparameters {
		v, err := decodeHyper(raw)
		if err != nil {
			return fmt.Errorf("hyperparameter %s: %v", k, err)
		}
		vals[k] = v
	}
	vals["num_visibles"], vals["num_hiddens"] = int64(a.Visible), int64(a.Hidden)
	for _, k := range sortedKeys(vals) {
		if err := writeHyper(loc, k, vals[k]); err != nil {
			return err
		}
	}
	return nil
}

// writeHyper writes one hyperparameter as h5py would write the Python
// value: an int64 or float64 scalar, a string, or a float64 vector.
func writeHyper(loc C.hid_t, k string, v any) error {
	switch v := v.(type) {
	case string:
		return writeString(loc, k, v)
	case int64:
		return writeArray(loc, k, []int64{v})
	case float64:
		return writeArray(loc, k, []float64{v})
	case []float64:
		return writeArray(loc, k, v, len(v))
	}
	return nil
}
