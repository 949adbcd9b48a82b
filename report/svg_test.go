package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileSVGs each try to run script from an inlined figure; a script that
// runs sets data-pwned on the page's <html> element.
var hostileSVGs = []struct{ name, svg string }{
	{"script", `<svg xmlns="http://www.w3.org/2000/svg"><script>document.documentElement.setAttribute('data-pwned','script')</script><rect width="5" height="5"/></svg>`},
	{"SCRIPT upper case", `<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>document.documentElement.setAttribute('data-pwned','SCRIPT')</SCRIPT></svg>`},
	{"cdata script", `<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[document.documentElement.setAttribute('data-pwned','cdata')]]></script></svg>`},
	{"onload", `<svg xmlns="http://www.w3.org/2000/svg" onload="document.documentElement.setAttribute('data-pwned','onload')"><g/></svg>`},
	{"image onerror", `<svg xmlns="http://www.w3.org/2000/svg"><image href="x:y" onerror="document.documentElement.setAttribute('data-pwned','onerror')"/></svg>`},
	{"ONERROR entity", `<svg xmlns="http://www.w3.org/2000/svg"><image href="x:y" ONERROR="document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;ONERROR&#39;)"/></svg>`},
	{"foreignObject", `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9"><img xmlns="http://www.w3.org/1999/xhtml" src="x:y" onerror="document.documentElement.setAttribute('data-pwned','foreign')"/></foreignObject></svg>`},
	{"iframe srcdoc", `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;parent.document.documentElement.setAttribute('data-pwned','iframe')&lt;/script&gt;"></iframe></foreignObject></svg>`},
	{"javascript href", `<svg xmlns="http://www.w3.org/2000/svg"><a href="java&#x09;script:document.documentElement.setAttribute('data-pwned','href')"><text>x</text></a><use href="javascript:alert(1)"/></svg>`},
	{"animate to javascript", `<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" to="javascript:alert(1)"/><text>y</text></a><set attributeName="onmouseover" to="alert(1)"/></svg>`},
	{"style import", `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://example.invalid/x.css);</style><rect style="fill:url(http://example.invalid/f)"/></svg>`},
	{"text breaks out", `<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;/svg&gt;&lt;script&gt;document.documentElement.setAttribute('data-pwned','text')&lt;/script&gt;</text></svg>`},
}

// unsafeParts lists what a sanitised SVG still holds that could run or
// load anything, read back by an XML parser of its own.
func unsafeParts(t *testing.T, svg []byte) []string {
	t.Helper()
	var bad []string
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the output is not XML: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch n := strings.ToLower(se.Name.Local); n {
			case "script", "foreignobject", "iframe", "a", "animate", "set":
				bad = append(bad, "<"+n+">")
			}
			for _, a := range se.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(v, "javascript:") || strings.Contains(v, "url(http") {
					bad = append(bad, a.Name.Local+"="+a.Value)
				}
			}
		}
		if cd, ok := tok.(xml.CharData); ok && (strings.Contains(string(cd), "@import") || strings.Contains(string(cd), "url(http")) {
			bad = append(bad, "@import")
		}
	}
	return bad
}

func TestSanitizeSVG(t *testing.T) {
	for _, c := range hostileSVGs {
		t.Run(c.name, func(t *testing.T) {
			if got := unsafeParts(t, []byte(c.svg)); len(got) == 0 && c.name != "text breaks out" {
				t.Fatalf("the case is not hostile to begin with")
			}
			out, err := sanitizeSVG([]byte(c.svg))
			if err != nil {
				t.Fatal(err)
			}
			if bad := unsafeParts(t, out); len(bad) > 0 {
				t.Errorf("kept %q:\n%s", bad, out)
			}
		})
	}
	for _, bad := range []string{`<html><script>x</script></html>`, `<svg><g></svg>`, `not xml`, `<svg/><script>x</script>`} {
		if out, err := sanitizeSVG([]byte(bad)); err == nil {
			t.Errorf("%q accepted as %q", bad, out)
		}
	}
}

// A figure drawn by the project's plotting (the test study's) is inlined
// byte for byte.
func TestSanitizeKeepsCleanFigures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testStudyDir(t), "fig", "*.svg"))
	if len(files) == 0 {
		t.Fatal("the test study has no SVG figure")
	}
	for _, f := range files {
		svg, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := sanitizeSVG(svgBody(svg))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Equal(out, svgBody(svg)) {
			t.Errorf("%s changed by sanitising", filepath.Base(f))
		}
	}
}

// In Chromium, each hostile figure inlined as it is runs its script (the
// cases are real attacks), and inlined by the report runs nothing.
func TestHostileSVGInChromium(t *testing.T) {
	dir := t.TempDir()
	var doc Document
	var raw bytes.Buffer
	raw.WriteString("<!DOCTYPE html>\n<html><body>\n")
	for _, c := range hostileSVGs {
		doc.Blocks = append(doc.Blocks, Figure{Name: c.name, Caption: c.name, SVG: []byte(c.svg)})
		raw.WriteString(c.svg + "\n")
	}
	raw.WriteString("</body></html>\n")
	unsafePage := filepath.Join(dir, "unsafe.html")
	if err := os.WriteFile(unsafePage, raw.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pwned := regexp.MustCompile(`<html[^>]*data-pwned`)
	if !pwned.MatchString(render(t, unsafePage)) {
		t.Fatal("no hostile figure runs its script even inlined as it is: the test proves nothing")
	}
	var page bytes.Buffer
	if err := doc.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	safePage := filepath.Join(dir, "report.html")
	if err := os.WriteFile(safePage, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if dom := render(t, safePage); pwned.MatchString(dom) {
		t.Errorf("a script ran in the report: %s", pwned.FindString(dom))
	}
}
