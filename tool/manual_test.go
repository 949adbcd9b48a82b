package tool

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite cmd/*/doc.go from the tools' flag sets")

// cmd/<tool>/doc.go is the tool's -h text as go doc shows it; a flag
// added or changed without regenerating it fails here.
func TestCommandManuals(t *testing.T) {
	for _, tl := range All {
		pkg := "github.com/rbmkit/rbmkit/tool/" + strings.ReplaceAll(tl.Name, "-", "")
		got := Manual(tl, pkg)
		path := filepath.Join("..", "cmd", tl.Name, "doc.go")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./tool -update writes it)", err)
		}
		if string(want) != got {
			t.Errorf("%s is out of date: go test ./tool -update", path)
		}
		for _, f := range []string{"-o file", "-version"} {
			if !strings.Contains(got, f) {
				t.Errorf("%s: the manual lacks %s", path, f)
			}
		}
		tl.FlagSet().VisitAll(func(f *flag.Flag) {
			if !strings.Contains(got, "-"+f.Name) {
				t.Errorf("%s: the manual lacks -%s", path, f.Name)
			}
		})
	}
}
