package tool

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/rbmkit/rbmkit/"

// listed is what go list says of one package of the module.
type listed struct {
	ImportPath, Doc, Name     string
	GoFiles, Imports          []string
	TestImports, XTestImports []string
}

// packageMap is README.md's map of the module's packages: one line each,
// the package's first doc sentence, in floor order (a package stands one
// floor above the highest of the module's packages it imports; one whose
// code is all tests, above what its tests import), then by path. Commands
// are left out: the tools table and their manuals cover cmd/, and bench/'s
// are the benchmark scripts' helpers.
func packageMap(t *testing.T) string {
	out, err := exec.Command("go", "list", "-json", "../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listed{}
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		p.ImportPath = strings.TrimPrefix(p.ImportPath, module)
		if p.Name != "main" {
			pkgs[p.ImportPath] = p
		}
	}
	floor := map[string]int{}
	var level func(string) int
	level = func(path string) int {
		if f, ok := floor[path]; ok {
			return f
		}
		p := pkgs[path]
		imports := p.Imports
		if len(p.GoFiles) <= 1 { // doc.go alone: the package is its tests
			imports = append(slices.Clone(p.TestImports), p.XTestImports...)
		}
		f := 0
		for _, im := range imports {
			if dep, ok := strings.CutPrefix(im, module); ok && dep != path {
				if _, ok := pkgs[dep]; ok {
					f = max(f, level(dep)+1)
				}
			}
		}
		floor[path] = f
		return f
	}
	paths := make([]string, 0, len(pkgs))
	for path := range pkgs {
		level(path)
		paths = append(paths, path)
	}
	slices.SortFunc(paths, func(a, b string) int { return cmp.Or(cmp.Compare(floor[a], floor[b]), cmp.Compare(a, b)) })
	var b strings.Builder
	for i, path := range paths {
		if i == 0 || floor[path] != floor[paths[i-1]] {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "Floor %d:\n\n", floor[path])
		}
		doc := strings.TrimSpace(pkgs[path].Doc)
		name := path[strings.LastIndex(path, "/")+1:]
		rest, ok := strings.CutPrefix(doc, "Package "+name+" ")
		if !ok {
			t.Errorf("package %s: its doc does not start with \"Package %s\"", path, name)
		}
		if r, ok := strings.CutSuffix(rest, ":"); ok { // a sentence that goes on into a list
			rest = r + "."
		}
		fmt.Fprintf(&b, "- `%s` %s\n", path, rest)
	}
	return b.String()
}

// README.md's package map (between its markers) is packageMap: a package
// added, moved or re-documented without go test ./tool -update fails here.
func TestReadmePackageMap(t *testing.T) {
	const begin, end = "<!-- package map: go test ./tool -update -->\n", "<!-- end of package map -->\n"
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q and %q", begin, end)
	}
	want := packageMap(t)
	if got := s[i+len(begin) : j]; got != want {
		if *update {
			if err := os.WriteFile("../README.md", []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's package map is out of date: go test ./tool -update")
	}
}
