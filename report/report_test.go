package report

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(go test -update rewrites it)", name, i+1, g, w)
			}
		}
	}
}

var inlineSVG = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// maskSVG replaces each inline SVG with its size and hash, keeping the
// golden page readable; the SVG bytes are checked against the figure
// files separately.
func maskSVG(page []byte) []byte {
	return inlineSVG.ReplaceAllFunc(page, func(svg []byte) []byte {
		return fmt.Appendf(nil, "<svg><!-- %d bytes, sha256 %x --></svg>", len(svg), sha256.Sum256(svg))
	})
}

func TestReportGolden(t *testing.T) {
	dir := testStudyDir(t)
	d, err := Build(dir, -1)
	if err != nil {
		t.Fatal(err)
	}
	var md, page bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"REPORT.md": md.Bytes(), "report.html": page.Bytes()} {
		if bytes.Contains(b, []byte(dir)) {
			t.Errorf("%s names the study's directory %s: the report must not depend on where the study lies", name, dir)
		}
	}
	golden(t, "REPORT.md", md.Bytes())
	golden(t, "report.html", maskSVG(page.Bytes()))

	// The page inlines each figure's SVG file, prolog dropped.
	for _, name := range []string{"order", "m3-spectrum-last"} {
		svg, err := os.ReadFile(filepath.Join(dir, "fig", name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page.Bytes(), svgBody(svg)) {
			t.Errorf("report.html does not inline fig/%s.svg", name)
		}
		if !strings.Contains(md.String(), "![") || !strings.Contains(md.String(), "(fig/"+name+".png)") {
			t.Errorf("REPORT.md does not link fig/%s.png", name)
		}
	}
	if n := len(inlineSVG.FindAll(page.Bytes(), -1)); n != 2 {
		t.Errorf("report.html inlines %d SVGs, want 2", n)
	}
}

// TestReportDeterministic: the same study gives the same bytes every time
// (sums over replicas in replica order, whatever Go's map order).
func TestReportDeterministic(t *testing.T) {
	dir := testStudyDir(t)
	var first []byte
	for i := range 4 {
		d, err := Build(dir, -1)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := d.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		if err := d.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.Bytes()
		} else if !bytes.Equal(b.Bytes(), first) {
			t.Fatalf("build %d differs from the first", i)
		}
	}
}
