package cli

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestModesFlag(t *testing.T) {
	for _, tc := range []struct {
		allowAll bool
		in       string
		k        int
		err      string
	}{
		{true, "5", 5, ""},
		{true, "all", 0, ""},
		{true, "0", 0, ""}, // the old spelling of all
		{false, "7", 7, ""},
		{false, "all", 0, "does not take every mode"},
		{false, "0", 0, "0 modes select nothing"},
		{true, "-1", 0, "want a count ≥ 1 or all"},
		{true, "x", 0, "want a count ≥ 1 or all"},
	} {
		m := Modes{K: 3, AllowAll: tc.allowAll}
		err := m.Set(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("allowAll=%v Set(%q) = %v, want error with %q", tc.allowAll, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || m.K != tc.k {
			t.Errorf("allowAll=%v Set(%q): K=%d, %v; want %d", tc.allowAll, tc.in, m.K, err, tc.k)
		}
	}
	if s := (&Modes{AllowAll: true}).String(); s != "all" {
		t.Errorf("all modes print as %q", s)
	}
	if s := (&Modes{}).String(); s != "" {
		t.Errorf("the unset count of a tool without all prints as %q", s)
	}
}

func TestAliases(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	burnIn := fs.Int("burn-in", 100, "")
	noTrack := fs.Bool("no-track", false, "")
	Alias(fs, "burnin", "burn-in")
	AliasNot(fs, "track", "no-track")
	Retired(fs, "hidden", "-hidden is now -save-hidden")
	if err := fs.Parse([]string{"-burnin", "7", "-track=false", "file"}); err != nil {
		t.Fatal(err)
	}
	if *burnIn != 7 || !*noTrack || fs.Arg(0) != "file" {
		t.Errorf("-burnin 7 -track=false: burn-in %d, no-track %v, args %v", *burnIn, *noTrack, fs.Args())
	}
	if err := fs.Parse([]string{"-track"}); err != nil || *noTrack {
		t.Errorf("-track: no-track %v, %v", *noTrack, err)
	}
	err := fs.Parse([]string{"-hidden", "run.arrows"})
	if err == nil || !strings.Contains(err.Error(), "-hidden is now -save-hidden") {
		t.Errorf("a retired flag parsed: %v", err)
	}
	for _, name := range []string{"burnin", "track", "hidden"} {
		if !IsAlias(fs.Lookup(name)) {
			t.Errorf("-%s is not recognized as an old spelling", name)
		}
	}
	if IsAlias(fs.Lookup("burn-in")) {
		t.Error("-burn-in taken for an old spelling")
	}
}

func TestSelectionFlag(t *testing.T) {
	var s Selection
	if err := s.Set("first,4,last"); err != nil || s.String() != "first,4,last" {
		t.Errorf("Set: %q, %v", s.String(), err)
	}
	if err := s.Set(" , "); err == nil || !strings.Contains(err.Error(), "selects no snapshot") {
		t.Errorf("an empty selection: %v", err)
	}
	if err := s.Set("soon"); err == nil {
		t.Error("a bad selection was taken")
	}
}
