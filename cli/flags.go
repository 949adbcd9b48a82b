package cli

import (
	"flag"
	"fmt"

	"github.com/rbmkit/rbmkit/format"
)

// Alias registers old as another name of the already defined flag name,
// for spellings that users' scripts may hold: both set the same value,
// and -h lists old as the old spelling of -name.
func Alias(fs *flag.FlagSet, old, name string) {
	f := fs.Lookup(name)
	if f == nil {
		panic("cli.Alias: no flag -" + name)
	}
	fs.Var(f.Value, old, "old spelling of -"+name)
}

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
		return fmt.Errorf("selects no snapshot; want all, first, last or epochs, comma-separated")
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
const SnapshotsUsage = "all, first, last and epochs, comma-separated (e.g. first,10,last)"
