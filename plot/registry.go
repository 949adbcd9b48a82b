package plot

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/rbmkit/rbmkit/format"
)

// Input is one stream to draw: its name, its header, and the stream itself
// from its first byte, ready for a typed format.Reader.
type Input struct {
	Name   string
	Header format.Header
	r      io.Reader
}

// Open reads the header of the stream on r and returns an Input that
// replays the stream from its start. Only the bytes needed to read the
// schema are held in memory.
func Open(r io.Reader, name string) (Input, error) {
	var seen bytes.Buffer
	s, err := format.OpenStream(io.TeeReader(r, &seen), name)
	if err != nil {
		return Input{}, err
	}
	h := s.Header()
	s.Close()
	return Input{Name: name, Header: h, r: io.MultiReader(bytes.NewReader(seen.Bytes()), r)}, nil
}

// reader starts the typed reader of an input, which checks that the
// stream is of T's kind. An input is read once.
func reader[T any](in Input) (*format.Reader[T], error) {
	if in.r == nil {
		return nil, fmt.Errorf("%s: not opened with Open", in.Name)
	}
	return format.NewReader[T](in.r, in.Name)
}

// Options are the user's choices that builders honour where they apply.
type Options struct {
	// Modes is how many modes to draw (top by σ); 0 means the figure's
	// default.
	Modes int
	// Snapshots selects snapshots; the zero value means the figure's
	// default.
	Snapshots Snapshots
	// Count is how many images an image grid shows; 0 means its default.
	Count int
	// Bins is the number of histogram bins; 0 means the figure's choice.
	Bins int
	// ModeIDs selects modes by their tracked id, in the order given,
	// instead of the top Modes by σ (figures of spectrum streams that draw
	// modes one by one: reciprocal).
	ModeIDs []int64
}

// Builder draws one figure from one or more streams of its kind.
type Builder func(ins []Input, opt Options) (*Figure, error)

// Spec describes one figure of a kind.
type Spec struct {
	// Name is what -figure selects, e.g. "sigma".
	Name string
	// Summary says in a phrase what the figure shows.
	Summary string
	// Multi is true when the figure combines several streams (replicas,
	// hidden sizes); other figures draw exactly one.
	Multi bool
	// With lists kinds of further streams the figure reads beside those of
	// its own kind, which come first (the mpfit streams whose events the
	// learning curves mark; the ladder stream whose rungs the modes figure
	// marks). A figure that is not Multi takes at most one of each.
	With  []format.Kind
	Build Builder
}

var registry = map[format.Kind][]Spec{}

// Register adds a figure for a kind. The first figure registered for a
// kind is its default.
func Register(kind format.Kind, s Spec) {
	for _, old := range registry[kind] {
		if old.Name == s.Name {
			panic(fmt.Sprintf("plot: figure %q registered twice for %s", s.Name, kind))
		}
	}
	registry[kind] = append(registry[kind], s)
}

// Kinds lists the kinds that have figures, sorted.
func Kinds() []format.Kind {
	out := make([]format.Kind, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Figures lists the figures of a kind, the default first.
func Figures(kind format.Kind) []Spec { return slices.Clone(registry[kind]) }

// Lookup finds the figure of a kind by name ("" is the default).
func Lookup(kind format.Kind, name string) (Spec, error) {
	specs := registry[kind]
	if len(specs) == 0 {
		names := make([]string, 0, len(registry))
		for _, k := range Kinds() {
			names = append(names, string(k))
		}
		return Spec{}, fmt.Errorf("no figure for %s streams; figures exist for %s", kind, strings.Join(names, ", "))
	}
	if name == "" {
		return specs[0], nil
	}
	var names []string
	for _, s := range specs {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Spec{}, fmt.Errorf("%s streams have no figure %q; they have %s", kind, name, strings.Join(names, ", "))
}

// Build draws the named figure ("" for the kind's default) from the
// inputs, which must all be of one kind.
func Build(ins []Input, figure string, opt Options) (*Figure, error) {
	if len(ins) == 0 {
		return nil, fmt.Errorf("no input stream")
	}
	kind := ins[0].Header.Kind
	spec, err := Lookup(kind, figure)
	for _, in := range ins[1:] {
		if in.Header.Kind != kind && (err != nil || !slices.Contains(spec.With, in.Header.Kind)) {
			if other, e := Lookup(in.Header.Kind, figure); e == nil && slices.Contains(other.With, kind) {
				return nil, fmt.Errorf("the %s figure reads its %s streams first, then %s streams; %s comes before %s", figure, in.Header.Kind, kind, ins[0].Name, in.Name)
			}
			return nil, fmt.Errorf("%s is a %s stream but %s is a %s stream: a figure draws streams of one kind", ins[0].Name, kind, in.Name, in.Header.Kind)
		}
	}
	if err != nil {
		return nil, err
	}
	if !spec.Multi {
		// One stream of its kind, and at most one of each kind it reads
		// beside it (a run's ladder), after it.
		seen := map[format.Kind]int{}
		for _, in := range ins {
			if seen[in.Header.Kind]++; seen[in.Header.Kind] > 1 {
				return nil, fmt.Errorf("the %s figure of %s streams draws one stream, got %d (and beside it at most one of each kind it also reads)", spec.Name, kind, len(ins))
			}
		}
	}
	return spec.Build(ins, opt)
}

// Snapshots selects snapshots of a stream by epoch, in the syntax that
// every tool's -snapshots flag shares (format.Selection).
type Snapshots = format.Selection

// ParseSnapshots reads a comma-separated selection such as "last",
// "all" or "0,10,last".
func ParseSnapshots(s string) (Snapshots, error) { return format.ParseSelection(s) }

// ParseModeIDs reads a comma-separated list of tracked mode ids such as
// "0,3,12" (the empty string is no list).
func ParseModeIDs(s string) ([]int64, error) {
	var ids []int64
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id < 0 {
			return nil, fmt.Errorf("mode id %q: want an integer ≥ 0", part)
		}
		if slices.Contains(ids, id) {
			return nil, fmt.Errorf("mode id %d given twice", id)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
