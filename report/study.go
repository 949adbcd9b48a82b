package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/study"
)

// inputs are the stacks the report reads (those of study.Stacks it
// uses), in the order it lists them.
var inputs = func() []study.Stack {
	var in []study.Stack
	for _, s := range study.Stacks {
		if s.Uses != "" {
			in = append(in, s)
		}
	}
	return in
}()

// Study is a study's stacked streams, read for its report.
type Study struct {
	// Name names the study in a comparison: its directory's base name
	// (set by LoadStudy).
	Name string
	// Hidden are the hidden sizes, ascending; Replicas the replicas of
	// each, ascending.
	Hidden   []int
	Replicas map[int][]int
	// Rep is the replica whose per-run figures the report shows.
	Rep int
	// Source, Binarize and Train describe the training data and settings
	// (rbm.source, rbm.binarize, rbm.train of the first run); Dataset is
	// the data's name (rbm.dataset, rbm-data -name), "" when unnamed.
	Source, Binarize, Train, Dataset string
	// Present and Absent name the inputs read and those missing.
	Present, Absent []string

	t  map[string]*table
	by map[string]map[int][]int // stack → hidden size → row indices
}

// Load reads the stacks of a study from dir (the study's agg/ directory:
// agg/<name>.arrows). Missing stacks are recorded in Absent; at least one
// must exist.
func Load(dir string) (*Study, error) {
	s := &Study{Replicas: map[int][]int{}, t: map[string]*table{}, by: map[string]map[int][]int{}}
	seen := map[[2]int]bool{}
	for _, in := range inputs {
		path := filepath.Join(dir, in.Name+".arrows")
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			s.Absent = append(s.Absent, in.Name)
			continue
		} else if err != nil {
			return nil, err
		}
		t, err := readStack(f, path, in.Kind(), in.Needs, in.Optional)
		f.Close()
		if err != nil {
			return nil, err
		}
		s.Present = append(s.Present, in.Name)
		s.t[in.Name] = t
		by := map[int][]int{}
		for i := range t.Rows {
			by[int(t.i("hidden", i))] = append(by[int(t.i("hidden", i))], i)
		}
		s.by[in.Name] = by
		for _, r := range t.Runs {
			if k := [2]int{r.Hidden, r.Replica}; !seen[k] {
				seen[k] = true
				s.Replicas[r.Hidden] = append(s.Replicas[r.Hidden], r.Replica)
			}
		}
		if s.Source == "" {
			s.Source, _ = t.Header.Get(format.KeySource)
			s.Binarize, _ = t.Header.Get(format.KeyBinarize)
			s.Dataset, _ = t.Header.Get(format.KeyDataset)
		}
		if in.Name == "monitors" && len(t.Runs) > 0 {
			s.Train = t.Runs[0].Extra[format.KeyTrain]
			if s.Train == "" {
				s.Train, _ = t.Header.Get(format.KeyTrain)
			}
		}
	}
	if len(s.Present) == 0 {
		return nil, fmt.Errorf("%s: no stack of the study (%s.arrows): run rbm-stack first", dir, inputNames())
	}
	for m, rs := range s.Replicas {
		s.Hidden = append(s.Hidden, m)
		sort.Ints(rs)
		s.Replicas[m] = rs
	}
	sort.Ints(s.Hidden)
	s.Rep = -1
	for _, m := range s.Hidden {
		if s.Rep < 0 || s.Replicas[m][0] < s.Rep {
			s.Rep = s.Replicas[m][0]
		}
	}
	return s, nil
}

func inputNames() string {
	var b []byte
	for i, in := range inputs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, in.Name...)
	}
	return "{" + string(b) + "}"
}

// has reports whether the study has the stack.
func (s *Study) has(name string) bool { return s.t[name] != nil }

// rows are the row indices of a stack for hidden size m (none when the
// stack is absent).
func (s *Study) rows(name string, m int) []int { return s.by[name][m] }

// nrep is the number of replicas of hidden size m.
func (s *Study) nrep(m int) int { return len(s.Replicas[m]) }
