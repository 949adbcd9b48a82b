package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds headless Chromium: $CHROMIUM, else chromium or
// chromium-browser on PATH. Without one the test is skipped, except under
// CI (CI=true), where it fails: CI installs Debian's chromium.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no chromium on PATH (Debian: apt-get install chromium): the report's page must be rendered in a browser")
	}
	t.Skip("no chromium on PATH (Debian: apt-get install chromium); CI fails here")
	return ""
}

// render loads a page in headless Chromium and returns the DOM after its
// scripts ran (--dump-dom), with no network and a fresh profile.
func render(t *testing.T, page string) string {
	t.Helper()
	bin := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000", "--dump-dom", "file://"+page)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errOut.String())
	}
	return out.String()
}

func count(dom, pattern string) int { return len(regexp.MustCompile(pattern).FindAllString(dom, -1)) }

// TestHTMLInChromium renders report.html of the test study in Chromium
// and counts what the browser built: every table (each one prepared for
// sorting by the page's script, which sets data-sortable), every header
// cell given its sort hint, every figure with its inline SVG and caption.
func TestHTMLInChromium(t *testing.T) {
	d, err := Build(testStudyDir(t), -1)
	if err != nil {
		t.Fatal(err)
	}
	var tables, cols, figs int
	for _, b := range d.Blocks {
		switch x := b.(type) {
		case Table:
			tables++
			cols += len(x.Head)
		case Figure:
			figs++
		}
	}
	if tables < 10 || figs != 2 {
		t.Fatalf("the test study's report has %d tables and %d figures; want ≥ 10 and 2", tables, figs)
	}
	var page bytes.Buffer
	if err := d.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := render(t, path)
	for _, c := range []struct {
		what, pattern string
		want          int
	}{
		{"tables", `<table[ >]`, tables},
		{"tables prepared for sorting", `<table class="sortable" data-sortable="ready">`, tables},
		{"sortable column headers", `<th[^>]* title="sort by this column"`, cols},
		{"figures", `<figure[ >]`, figs},
		{"inline SVG figures", `<figure[^>]*>\s*<svg `, figs},
		{"figure captions", `<figcaption>`, figs},
		{"claim verdicts", `<strong>(Supported|Partly supported|Not supported|Not tested)\.</strong>`, 6},
	} {
		if got := count(dom, c.pattern); got != c.want {
			t.Errorf("Chromium's DOM has %d %s, want %d", got, c.what, c.want)
		}
	}
	if !strings.Contains(dom, "<h1>rbmkit") {
		t.Errorf("Chromium's DOM has no title heading:\n%.2000s", dom)
	}
}
