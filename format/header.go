package format

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
)

// Kind names what a stream holds. Every stream carries exactly one kind.
type Kind string

// The artifact kinds are declared one file each, kind_*.go: the Kind
// constant, the row struct with arrow tags and its register call (see
// kinds.go).

// Metadata keys of the schema. Keys are written in sorted order so that the
// same header always gives the same bytes.
const (
	KeyKind       = "rbm.kind"
	KeyFormat     = "rbm.format"
	KeyVisible    = "rbm.visible"
	KeyHidden     = "rbm.hidden"
	KeyUnits      = "rbm.units"
	KeySeed       = "rbm.seed"
	KeyReplica    = "rbm.replica"
	KeyProvenance = "rbm.provenance"
	KeyImageShape = "rbm.image_shape"
)

// Step is one stage of an artifact's history: the tool that wrote it, its
// version and its command-line arguments as given.
type Step struct {
	Tool    string   `json:"tool"`
	Version string   `json:"version"`
	Args    []string `json:"args"`
}

// Header is the schema-level metadata of a stream: what it is, the model
// shape it describes, the run it belongs to and how it was made. It cannot
// change midway through a stream.
type Header struct {
	Kind Kind
	// Version is the kind's format version; writers leave it zero to get the
	// current one.
	Version int
	// Visible and Hidden are the model shape (N, M); Hidden is 0 for
	// datasets.
	Visible, Hidden int
	// Units is the unit convention, Bernoulli or Spin (empty for kinds
	// without a model). A reader refuses any other value.
	Units Units
	// Seed and Replica identify a run: every random stream of the run is
	// derived from them. Both are 0 for artifacts that used no randomness.
	Seed    uint64
	Replica int
	// ImageShape is the visible layer's image shape (rows, cols), when the
	// data are images; plots use it to draw vectors as pictures.
	ImageShape []int
	// Provenance lists the steps that made this artifact, oldest first; the
	// last is the tool that wrote this stream.
	Provenance []Step
	// Extra holds kind- or tool-specific keys, all beginning with "rbm.".
	Extra map[string]string
}

// Derive returns a header for a new artifact made from h by a tool: the
// model shape, units, run identity, image shape, provenance and extras are
// kept, and step is appended to the provenance.
func (h Header) Derive(kind Kind, step Step) Header {
	d := h
	d.Kind = kind
	d.Version = 0
	d.Provenance = append(append([]Step(nil), h.Provenance...), step)
	d.ImageShape = append([]int(nil), h.ImageShape...)
	d.Extra = make(map[string]string, len(h.Extra))
	for k, v := range h.Extra {
		d.Extra[k] = v
	}
	return d
}

// Set records an extra key, adding the "rbm." prefix when missing.
func (h *Header) Set(key, value string) {
	if h.Extra == nil {
		h.Extra = map[string]string{}
	}
	if !strings.HasPrefix(key, "rbm.") {
		key = "rbm." + key
	}
	h.Extra[key] = value
}

// Get returns an extra key's value, with or without its "rbm." prefix.
func (h Header) Get(key string) (string, bool) {
	if !strings.HasPrefix(key, "rbm.") {
		key = "rbm." + key
	}
	v, ok := h.Extra[key]
	return v, ok
}

// Metadata encodes the header as Arrow schema metadata, keys sorted.
func (h Header) Metadata() arrow.Metadata {
	m := map[string]string{
		KeyKind:    string(h.Kind),
		KeyFormat:  strconv.Itoa(h.Version),
		KeyVisible: strconv.Itoa(h.Visible),
		KeySeed:    strconv.FormatUint(h.Seed, 10),
		KeyReplica: strconv.Itoa(h.Replica),
	}
	if h.Hidden > 0 {
		m[KeyHidden] = strconv.Itoa(h.Hidden)
	}
	if h.Units != "" {
		m[KeyUnits] = string(h.Units)
	}
	if len(h.ImageShape) > 0 {
		parts := make([]string, len(h.ImageShape))
		for i, d := range h.ImageShape {
			parts[i] = strconv.Itoa(d)
		}
		m[KeyImageShape] = strings.Join(parts, ",")
	}
	prov := h.Provenance
	if prov == nil {
		prov = []Step{}
	}
	b, _ := json.Marshal(prov) // a slice of plain structs always marshals
	m[KeyProvenance] = string(b)
	for k, v := range h.Extra {
		if _, reserved := m[k]; !reserved {
			m[k] = v
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = m[k]
	}
	return arrow.NewMetadata(keys, vals)
}

// ParseHeader decodes schema metadata. It fails when the stream is not an
// rbmkit stream or a required key is malformed; it does not judge the kind
// or version (Open does).
func ParseHeader(md arrow.Metadata) (Header, error) {
	var h Header
	get := func(k string) (string, bool) { return md.GetValue(k) }
	kind, ok := get(KeyKind)
	if !ok {
		return h, fmt.Errorf("not an rbmkit stream: its schema has no %q metadata", KeyKind)
	}
	h.Kind = Kind(kind)
	var err error
	atoi := func(key string, dst *int, required bool) {
		s, ok := get(key)
		if !ok {
			if required && err == nil {
				err = fmt.Errorf("metadata %q is missing", key)
			}
			return
		}
		n, e := strconv.Atoi(s)
		if (e != nil || n < 0) && err == nil {
			err = fmt.Errorf("metadata %q = %q is not a non-negative integer", key, s)
		}
		*dst = n
	}
	atoi(KeyFormat, &h.Version, true)
	atoi(KeyVisible, &h.Visible, true)
	atoi(KeyHidden, &h.Hidden, false)
	atoi(KeyReplica, &h.Replica, false)
	if err != nil {
		return h, err
	}
	if s, ok := get(KeySeed); ok {
		if h.Seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			return h, fmt.Errorf("metadata %q = %q is not an unsigned integer", KeySeed, s)
		}
	}
	if s, ok := get(KeyUnits); ok {
		if h.Units = Units(s); !h.Units.Valid() {
			return h, fmt.Errorf("metadata %q = %q: want %q or %q", KeyUnits, s, Bernoulli, Spin)
		}
	}
	if s, ok := get(KeyImageShape); ok && s != "" {
		for _, p := range strings.Split(s, ",") {
			d, e := strconv.Atoi(p)
			if e != nil || d <= 0 {
				return h, fmt.Errorf("metadata %q = %q is not a list of positive integers", KeyImageShape, s)
			}
			h.ImageShape = append(h.ImageShape, d)
		}
		if err := h.checkImageShape(); err != nil {
			return h, err
		}
	}
	if s, ok := get(KeyProvenance); ok {
		if e := json.Unmarshal([]byte(s), &h.Provenance); e != nil {
			return h, fmt.Errorf("metadata %q is not valid JSON: %v", KeyProvenance, e)
		}
	}
	known := map[string]bool{KeyKind: true, KeyFormat: true, KeyVisible: true, KeyHidden: true, KeyUnits: true,
		KeySeed: true, KeyReplica: true, KeyProvenance: true, KeyImageShape: true}
	for i, k := range md.Keys() {
		if !known[k] {
			if h.Extra == nil {
				h.Extra = map[string]string{}
			}
			h.Extra[k] = md.Values()[i]
		}
	}
	return h, nil
}

// checkImageShape refuses an image shape that does not hold the visible
// units: every tool that draws or reshapes the visible layer trusts it.
func (h Header) checkImageShape() error {
	if len(h.ImageShape) == 0 {
		return nil
	}
	pixels := 1
	parts := make([]string, len(h.ImageShape))
	for i, d := range h.ImageShape {
		pixels = min(pixels*min(max(d, 0), 1<<31), 1<<62) // no overflow: only equality matters
		parts[i] = strconv.Itoa(d)
	}
	if pixels != h.Visible {
		return fmt.Errorf("metadata %q = %q holds %d pixels, but %q says %d visible units", KeyImageShape, strings.Join(parts, ","), pixels, KeyVisible, h.Visible)
	}
	return nil
}
