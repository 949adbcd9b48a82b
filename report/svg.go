package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"strings"
)

// The web page inlines the study's SVG figures, so an SVG file is code run
// by the page's reader: a <script> in one would run in the report. The
// figures pass through an allow-list instead. The SVG is parsed as XML;
// elements outside the drawing vocabulary (script, foreignObject, a,
// animate, set, iframe, any prefixed or unknown element) are dropped with
// their content; event attributes (on*), links other than to the figure's
// own elements (#id) or to embedded raster images (data:image/png, jpeg,
// gif, webp), and styles that load or run anything are dropped. A file that
// is not well-formed XML with an <svg> root is not inlined at all. What
// is kept is copied byte for byte, so a clean figure is inlined unchanged.

// svgElements are the elements kept, by lower-case name.
var svgElements = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`svg g path rect circle ellipse line polyline polygon text tspan
		textpath defs clippath mask pattern marker symbol use image title desc lineargradient
		radialgradient stop filter style metadata
		feblend fecolormatrix fecomponenttransfer fecomposite feconvolvematrix fediffuselighting
		fedisplacementmap fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr
		fegaussianblur feimage femerge femergenode femorphology feoffset fepointlight
		fespecularlighting fespotlight fetile feturbulence`) {
		svgElements[n] = true
	}
}

// sanitizeSVG returns the SVG with what could run or load anything
// removed, or an error if it is not an SVG document.
func sanitizeSVG(svg []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var out bytes.Buffer
	var prev int64
	skip := 0           // depth inside a dropped element
	inStyle := 0        // depth inside a <style> element
	var open []xml.Name // the elements open, kept or not
	root := false       // the <svg> root was seen
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed SVG: %v", err)
		}
		end := d.InputOffset()
		raw := svg[prev:end]
		prev = end
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(open) == 0 {
				if root {
					return nil, fmt.Errorf("not well-formed SVG: an element after </svg>")
				}
				if name != "svg" || t.Name.Space != "" {
					return nil, fmt.Errorf("not an SVG document: its root is <%s>", t.Name.Local)
				}
				root = true
			}
			open = append(open, t.Name)
			if skip > 0 || t.Name.Space != "" || !svgElements[name] {
				skip++
				continue
			}
			if name == "style" {
				inStyle++
			}
			attrs, changed := safeAttrs(t.Attr)
			if !changed {
				out.Write(raw)
				continue
			}
			writeStart(&out, t.Name, attrs, bytes.HasSuffix(raw, []byte("/>")))
		case xml.EndElement:
			// RawToken does not match end tags to start tags: this does.
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return nil, fmt.Errorf("not well-formed SVG: unexpected </%s>", qualified(t.Name))
			}
			open = open[:len(open)-1]
			if skip > 0 {
				skip--
				continue
			}
			if strings.ToLower(t.Name.Local) == "style" {
				inStyle--
			}
			out.Write(raw)
		case xml.CharData:
			if skip > 0 || len(open) == 0 {
				continue
			}
			if inStyle > 0 && unsafeCSS(string(t)) {
				continue
			}
			if bytes.HasPrefix(raw, []byte("<![CDATA[")) {
				// Entities, not a CDATA section: the same text in HTML.
				out.WriteString(html.EscapeString(string(t)))
				continue
			}
			out.Write(raw)
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Dropped: a DOCTYPE could declare entities; comments say nothing.
		}
	}
	if !root {
		return nil, fmt.Errorf("not an SVG document: no <svg> element")
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("not well-formed SVG: <%s> is never closed", qualified(open[len(open)-1]))
	}
	return bytes.TrimSpace(out.Bytes()), nil
}

// safeAttrs drops the attributes that could run or load anything; changed
// says whether any was dropped.
func safeAttrs(attrs []xml.Attr) ([]xml.Attr, bool) {
	kept := attrs[:0:0]
	for _, a := range attrs {
		if safeAttr(a) {
			kept = append(kept, a)
		}
	}
	return kept, len(kept) != len(attrs)
}

func safeAttr(a xml.Attr) bool {
	local := strings.ToLower(a.Name.Local)
	v := normalized(a.Value)
	switch {
	case strings.HasPrefix(local, "on"):
		return false
	case local == "href" || local == "src":
		return strings.HasPrefix(v, "#") || rasterData(v)
	case local == "style":
		return !unsafeCSS(a.Value)
	case strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:") || strings.Contains(v, "data:text/html"):
		return false
	case strings.Contains(v, "url(") && !onlyLocalURLs(v):
		return false
	}
	return true
}

// normalized is an attribute value as a browser compares a URL's scheme:
// lower case, without whitespace and control characters.
func normalized(v string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
}

func rasterData(v string) bool {
	for _, p := range []string{"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// unsafeCSS says whether a style could run script or load a resource.
func unsafeCSS(css string) bool {
	v := normalized(css)
	for _, bad := range []string{"javascript:", "vbscript:", "expression(", "@import", "behavior:", "-moz-binding"} {
		if strings.Contains(v, bad) {
			return true
		}
	}
	return strings.Contains(v, "url(") && !onlyLocalURLs(v)
}

// onlyLocalURLs says whether every url(...) in v names an element of the
// figure (#id) or embedded raster data.
func onlyLocalURLs(v string) bool {
	for rest := v; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return true
		}
		rest = strings.TrimLeft(rest[i+4:], `'"`)
		if !strings.HasPrefix(rest, "#") && !rasterData(rest) {
			return false
		}
	}
}

// writeStart writes a start tag with the given attributes, escaped.
func writeStart(b *bytes.Buffer, name xml.Name, attrs []xml.Attr, selfClosing bool) {
	b.WriteByte('<')
	b.WriteString(qualified(name))
	for _, a := range attrs {
		fmt.Fprintf(b, " %s=\"", qualified(a.Name))
		xml.EscapeText(b, []byte(a.Value))
		b.WriteByte('"')
	}
	if selfClosing {
		b.WriteString("/>")
	} else {
		b.WriteByte('>')
	}
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}
