package tool

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/cli"
)

// flagsOf lists a tool's flags by name, old spellings apart.
func flagsOf(t *cli.Tool) (current, old map[string]*flag.Flag) {
	current, old = map[string]*flag.Flag{}, map[string]*flag.Flag{}
	t.FlagSet().VisitAll(func(f *flag.Flag) {
		if cli.IsAlias(f) {
			old[f.Name] = f
		} else {
			current[f.Name] = f
		}
	})
	return current, old
}

func typeOf(f *flag.Flag) string { return reflect.TypeOf(f.Value).String() }

// The shared concepts have one flag each, of one type, everywhere
// (docs/cli.md): a tool that declares -seed another way, or a count under
// a selection's name, fails here.
func TestSharedFlagsHaveOneType(t *testing.T) {
	want := map[string]string{
		"seed":      "cli.seedValue",
		"replica":   "cli.replicaValue",
		"snapshots": "*cli.Selection",
		"modes":     "*cli.Modes",
		"o":         "*flag.stringValue",
		"compress":  "*flag.stringValue",
		"version":   "*flag.boolValue",
	}
	seen := map[string]string{} // name → "type (first tool)"
	for _, tl := range All {
		current, _ := flagsOf(tl)
		for name, f := range current {
			typ := typeOf(f)
			if w, ok := want[name]; ok && typ != w {
				t.Errorf("%s -%s is a %s, want %s", tl.Name, name, typ, w)
			}
			if first, ok := seen[name]; ok && !strings.HasPrefix(first, typ+" ") {
				t.Errorf("%s -%s is a %s, but %s", tl.Name, name, typ, first)
			} else if !ok {
				seen[name] = typ + " (" + tl.Name + ")"
			}
		}
	}
}

// Spellings that the convention replaced may only be old spellings
// (aliases), never a tool's own flag again.
func TestReplacedSpellings(t *testing.T) {
	replaced := map[string]string{
		"f": "format", "head": "limit", "n": "limit", "mode": "method", "burnin": "burn-in",
		"hist-bins": "bins", "track": "no-track", "reverse": "no-reverse", "snapshot": "snapshots",
	}
	for _, tl := range All {
		current, old := flagsOf(tl)
		for name, now := range replaced {
			if _, ok := current[name]; ok {
				t.Errorf("%s has -%s, which the convention spells -%s", tl.Name, name, now)
			}
		}
		for name, f := range old {
			if f.Usage == "" {
				t.Errorf("%s: the old spelling -%s does not say what replaced it", tl.Name, name)
			}
		}
	}
	// -hidden is the layer size (rbm-train); rbm-sample's old boolean
	// -hidden survives only as an old spelling.
	for _, tl := range All {
		if f := tl.FlagSet().Lookup("hidden"); f != nil && !cli.IsAlias(f) && typeOf(f) != "*flag.intValue" {
			t.Errorf("%s -hidden is a %s, not the number of hidden units", tl.Name, typeOf(f))
		}
	}
}

// Booleans turn something on: they default to false (a default-on
// behaviour is turned off by -no-…), and every flag says what it does.
func TestFlagsDefaultsAndUsage(t *testing.T) {
	for _, tl := range All {
		current, _ := flagsOf(tl)
		for name, f := range current {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() && f.DefValue != "false" {
				t.Errorf("%s -%s is a boolean defaulting to %s", tl.Name, name, f.DefValue)
			}
			if strings.TrimSpace(f.Usage) == "" {
				t.Errorf("%s -%s has no usage text", tl.Name, name)
			}
		}
		if tl.Example == "" || !strings.Contains(tl.Example, tl.Name) {
			t.Errorf("%s has no example of its own use", tl.Name)
		}
	}
}

// Every command under cmd/ is a tool of All, so the tests above see it.
func TestAllTools(t *testing.T) {
	dirs, err := os.ReadDir("../cmd")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tl := range All {
		names[tl.Name] = true
	}
	for _, d := range dirs {
		if d.IsDir() && !names[d.Name()] {
			t.Errorf("cmd/%s is not in tool.All", d.Name())
		}
	}
	if len(dirs) != len(All) {
		t.Errorf("%d commands under cmd/, %d tools in All", len(dirs), len(All))
	}
}

// -h is a summary and the flags: the summary fits in three lines of at
// most 90 columns, the manual being the package's documentation (go doc).
func TestSummariesAreShort(t *testing.T) {
	for _, tl := range All {
		lines := strings.Split(strings.TrimSpace(tl.Summary), "\n")
		if len(lines) > 3 {
			t.Errorf("%s: the -h summary has %d lines, at most 3 (the rest belongs in its package doc)", tl.Name, len(lines))
		}
		for _, l := range lines {
			if n := len([]rune(l)); n > 90 {
				t.Errorf("%s: a summary line of %d columns: %q", tl.Name, n, l)
			}
		}
	}
}
