package cli

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/rbmkit/rbmkit/format"
)

// Alias registers old as another name of the already defined flag name,
// for spellings that users' scripts may hold: both set the same value,
// and -h lists old as the old spelling of -name.
func Alias(fs *flag.FlagSet, old, name string) {
	fs.Var(&aliasValue{Value: lookup(fs, name), of: name}, old, "old spelling of -"+name)
}

// AliasNot registers the boolean old as the negation of the boolean flag
// name: -track=false for -no-track, when every boolean flag came to
// default to false.
func AliasNot(fs *flag.FlagSet, old, name string) {
	fs.Var(&aliasValue{Value: lookup(fs, name), of: name, not: true}, old, "old spelling: -"+old+"=false is -"+name)
}

// OldVar registers old, an old spelling whose reading of its value is its
// own (v), such as a 0 that now has another flag.
func OldVar(fs *flag.FlagSet, v flag.Value, old, usage string) {
	fs.Var(&aliasValue{Value: v}, old, usage)
}

// Retired registers old, a flag whose meaning changed, so that every use
// of it fails with why, naming the flag that replaces it.
func Retired(fs *flag.FlagSet, old, why string) {
	fs.Var(retiredValue(why), old, "no longer read: "+why)
}

// IsAlias reports whether f is an old spelling registered by Alias,
// AliasNot or Retired (the flag convention does not apply to those).
func IsAlias(f *flag.Flag) bool {
	switch f.Value.(type) {
	case *aliasValue, retiredValue:
		return true
	}
	return false
}

func lookup(fs *flag.FlagSet, name string) flag.Value {
	f := fs.Lookup(name)
	if f == nil {
		panic("cli: no flag -" + name)
	}
	return f.Value
}

type aliasValue struct {
	flag.Value
	of  string
	not bool
}

func (a *aliasValue) IsBoolFlag() bool {
	b, ok := a.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func (a *aliasValue) Set(v string) error {
	if a.not {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return err
		}
		v = strconv.FormatBool(!b)
	}
	return a.Value.Set(v)
}

// String is empty: -h shows the default under the current spelling only.
func (a *aliasValue) String() string { return "" }

// A retiredValue is a boolean flag, so that the next argument is never
// taken as its value: whatever follows, its use fails with its message.
type retiredValue string

func (r retiredValue) IsBoolFlag() bool { return true }
func (r retiredValue) String() string   { return "" }
func (r retiredValue) Set(string) error { return errors.New(string(r)) }

// Selection is a flag.Value holding a snapshot selection in the syntax
// every tool's -snapshots flag shares (format.Selection).
type Selection struct{ format.Selection }

// Set parses a selection; one that selects nothing is an error.
func (s *Selection) Set(v string) error {
	sel, err := format.ParseSelection(v)
	if err != nil {
		return err
	}
	if sel.IsZero() {
		return fmt.Errorf("selects no snapshot; want all, first, last, spread:N or epochs, comma-separated")
	}
	s.Selection = sel
	return nil
}

// String is the selection as Set reads it.
func (s *Selection) String() string {
	if s == nil {
		return ""
	}
	return s.Selection.String()
}

// SnapshotsUsage is the help text of every tool's -snapshots flag, after
// the tool's own words on what it does with them.
const SnapshotsUsage = "all, first, last, spread:N (N spread evenly, first and last included) and epochs, comma-separated (e.g. first,10,last)"

// Modes is a -modes flag: how many singular modes, the top ones by σ. A
// count k ≥ 1, or all where the tool can take every mode (0 is the old
// spelling of all there); zero modes would select nothing and is refused.
// K is 0 for all, or for "unset" in a tool whose default is its own
// choice (rbm-plot's figures).
type Modes struct {
	K        int
	AllowAll bool
}

// Set reads a count or all.
func (m *Modes) Set(v string) error {
	if v == "all" || (v == "0" && m.AllowAll) {
		if !m.AllowAll {
			return errors.New("want a count ≥ 1 (this tool does not take every mode)")
		}
		m.K = 0
		return nil
	}
	k, err := strconv.Atoi(v)
	switch {
	case err != nil || k < 0:
		return errors.New("want a count ≥ 1 or all")
	case k == 0:
		return errors.New("0 modes select nothing: want a count ≥ 1 (0 no longer means the default or none)")
	}
	m.K = k
	return nil
}

// String is the count, or all.
func (m *Modes) String() string {
	switch {
	case m == nil || (m.K == 0 && !m.AllowAll):
		return ""
	case m.K == 0:
		return "all"
	}
	return strconv.Itoa(m.K)
}

// Within restricts the float64 flag name to an interval written as in
// mathematics: "[0,1)", "(0,inf)", "[1e-6,1e6]". A value outside it, like
// every float flag's NaN or ±Inf, is refused as a usage error before the
// tool runs, whichever spelling of the flag set it.
func Within(fs *flag.FlagSet, name, interval string) {
	f := fs.Lookup(name)
	if f == nil {
		panic("cli: no flag -" + name)
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		panic("cli: -" + name + " is not a float flag")
	}
	if _, ok := g.Get().(float64); !ok {
		panic("cli: -" + name + " is not a float flag")
	}
	iv, err := parseInterval(interval)
	if err != nil {
		panic("cli: -" + name + ": " + err.Error())
	}
	m, _ := intervals.LoadOrStore(fs, &sync.Map{})
	m.(*sync.Map).Store(name, iv)
}

// intervals holds, per flag set, the intervals of its float flags (flag
// set → flag name → interval), checked by checkFloats once every flag is
// parsed. The flag's own Value is kept so that -h still says "float".
var intervals sync.Map

type interval struct {
	lo, hi         float64
	loOpen, hiOpen bool
	text           string
}

func parseInterval(s string) (interval, error) {
	iv := interval{text: s}
	if len(s) < 5 || !strings.ContainsAny(s[:1], "[(") || !strings.ContainsAny(s[len(s)-1:], "])") {
		return iv, fmt.Errorf("interval %q: want [lo,hi], (lo,hi), [lo,hi) or (lo,hi]", s)
	}
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return iv, fmt.Errorf("interval %q: no comma", s)
	}
	var err1, err2 error
	iv.lo, err1 = strconv.ParseFloat(strings.TrimSpace(lo), 64)
	iv.hi, err2 = strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if err1 != nil || err2 != nil || !(iv.lo <= iv.hi) {
		return iv, fmt.Errorf("interval %q: bad bounds", s)
	}
	iv.loOpen, iv.hiOpen = s[0] == '(', s[len(s)-1] == ')'
	return iv, nil
}

func (iv interval) contains(x float64) bool {
	switch {
	case x < iv.lo || (iv.loOpen && x == iv.lo):
		return false
	case x > iv.hi || (iv.hiOpen && x == iv.hi):
		return false
	}
	return true
}

// checkFloats refuses a float64 flag whose value, set or default, is NaN
// or infinite, or outside its interval (Within): no computation of rbmkit
// means anything with those, and they fail late and obscurely (a NaN
// cutoff that selects nothing, an infinite rate that breaks weights).
func checkFloats(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		x, ok := g.Get().(float64)
		if !ok {
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			err = fmt.Errorf("-%s %v: want a finite number", f.Name, x)
			return
		}
		if m, ok := intervals.Load(fs); ok {
			if iv, ok := m.(*sync.Map).Load(f.Name); ok && !iv.(interval).contains(x) {
				err = fmt.Errorf("-%s %v: want a value in %s", f.Name, x, iv.(interval).text)
			}
		}
	})
	return err
}
