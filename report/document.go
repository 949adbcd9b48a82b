package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// Document is a computed report, rendered as Markdown (WriteMarkdown) or
// as a self-contained web page (WriteHTML) from the same blocks.
type Document struct {
	Title  string
	Blocks []Block
}

// Block is one element of a Document: Heading, Para, Code, List, Table or
// Figure.
type Block interface{ block() }

// Heading is a section title; Level 2 is a section, 3 a subsection.
type Heading struct {
	Level int
	Text  string
}

// Para is a paragraph. Its text may hold the inline markup `code`,
// *emphasis* and **strong emphasis**.
type Para struct{ Text string }

// Code is preformatted text.
type Code struct{ Text string }

// List is a bulleted (or, with Numbered, numbered) list; items take inline
// markup.
type List struct {
	Items    []string
	Numbered bool
}

// Table is a table of formatted cells. Left marks the columns aligned left
// (text); the others are numbers, aligned right.
type Table struct {
	Head []string
	Left []bool
	Rows [][]string
}

// Figure is a figure drawn by rbm-plot: PNG is its path relative to the
// report (Markdown links to it), SVG its drawing (inlined in the web page;
// when nil, the PNG bytes are embedded instead).
type Figure struct {
	Name, Caption string
	PNG           string
	SVG, PNGData  []byte
}

func (Heading) block() {}
func (Para) block()    {}
func (Code) block()    {}
func (List) block()    {}
func (Table) block()   {}
func (Figure) block()  {}

// WriteMarkdown writes the document as GitHub-flavoured Markdown.
func (d *Document) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n", d.Title)
	for _, bl := range d.Blocks {
		b.WriteByte('\n')
		switch x := bl.(type) {
		case Heading:
			fmt.Fprintf(&b, "%s %s\n", strings.Repeat("#", x.Level), x.Text)
		case Para:
			b.WriteString(x.Text + "\n")
		case Code:
			for _, line := range strings.Split(strings.TrimRight(x.Text, "\n"), "\n") {
				b.WriteString("    " + line + "\n")
			}
		case List:
			for i, it := range x.Items {
				mark := "-"
				if x.Numbered {
					mark = fmt.Sprintf("%d.", i+1)
				}
				b.WriteString(mark + " " + it + "\n")
			}
		case Table:
			b.WriteString("| " + strings.Join(mdCells(x.Head), " | ") + " |\n|")
			for i := range x.Head {
				if i < len(x.Left) && x.Left[i] {
					b.WriteString(" :-- |")
				} else {
					b.WriteString(" ---: |")
				}
			}
			b.WriteByte('\n')
			for _, r := range x.Rows {
				b.WriteString("| " + strings.Join(mdCells(r), " | ") + " |\n")
			}
		case Figure:
			fmt.Fprintf(&b, "![%s](%s)\n\n*%s*\n", x.Name, x.PNG, x.Caption)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func mdCells(c []string) []string {
	out := make([]string, len(c))
	for i, s := range c {
		out[i] = strings.ReplaceAll(s, "|", `\|`)
	}
	return out
}

var (
	codeSpan   = regexp.MustCompile("`([^`]+)`")
	strongSpan = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	emSpan     = regexp.MustCompile(`\*([^*\s][^*]*?)\*`)
)

// spans renders emphasis in escaped text.
func spans(s string) string {
	return emSpan.ReplaceAllString(strongSpan.ReplaceAllString(html.EscapeString(s), "<strong>$1</strong>"), "<em>$1</em>")
}

// inline renders a text's inline markup as HTML, escaping the rest.
func inline(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range codeSpan.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(spans(s[last:m[0]]))
		b.WriteString("<code>" + html.EscapeString(s[m[2]:m[3]]) + "</code>")
		last = m[1]
	}
	b.WriteString(spans(s[last:]))
	return b.String()
}

// svgBody is an SVG file without its XML prolog and comments before the
// <svg> element, ready to inline.
func svgBody(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		svg = svg[i:]
	}
	return bytes.TrimSpace(svg)
}

// WriteHTML writes the document as one self-contained HTML page: styles
// and the table-sorting script inline, figures as inline SVG, no network
// access.
func (d *Document) WriteHTML(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>%s</h1>\n",
		html.EscapeString(d.Title), pageStyle, html.EscapeString(d.Title))
	for _, bl := range d.Blocks {
		switch x := bl.(type) {
		case Heading:
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", x.Level, inline(x.Text), x.Level)
		case Para:
			fmt.Fprintf(&b, "<p>%s</p>\n", inline(x.Text))
		case Code:
			fmt.Fprintf(&b, "<pre>%s</pre>\n", html.EscapeString(strings.TrimRight(x.Text, "\n")))
		case List:
			tag := "ul"
			if x.Numbered {
				tag = "ol"
			}
			fmt.Fprintf(&b, "<%s>\n", tag)
			for _, it := range x.Items {
				fmt.Fprintf(&b, "<li>%s</li>\n", inline(it))
			}
			fmt.Fprintf(&b, "</%s>\n", tag)
		case Table:
			b.WriteString("<table class=\"sortable\">\n<thead><tr>")
			for i, h := range x.Head {
				fmt.Fprintf(&b, "<th%s>%s</th>", alignClass(x.Left, i), inline(h))
			}
			b.WriteString("</tr></thead>\n<tbody>\n")
			for _, r := range x.Rows {
				b.WriteString("<tr>")
				for i, c := range r {
					fmt.Fprintf(&b, "<td%s>%s</td>", alignClass(x.Left, i), inline(c))
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</tbody>\n</table>\n")
		case Figure:
			fmt.Fprintf(&b, "<figure id=\"fig-%s\">\n", html.EscapeString(x.Name))
			safe, svgErr := sanitizeSVG(svgBody(x.SVG))
			switch {
			case x.SVG != nil && svgErr == nil:
				b.Write(safe)
				b.WriteByte('\n')
			case x.SVG != nil && x.PNGData == nil:
				fmt.Fprintf(&b, "<p>%s.svg is not inlined: %s</p>\n", html.EscapeString(x.Name), html.EscapeString(svgErr.Error()))
			default:
				fmt.Fprintf(&b, "<img alt=\"%s\" src=\"data:image/png;base64,%s\">\n", html.EscapeString(x.Name), base64.StdEncoding.EncodeToString(x.PNGData))
			}
			fmt.Fprintf(&b, "<figcaption>%s</figcaption>\n</figure>\n", inline(x.Caption))
		}
	}
	fmt.Fprintf(&b, "<script>\n%s</script>\n</body>\n</html>\n", sortScript)
	_, err := w.Write(b.Bytes())
	return err
}

func alignClass(left []bool, i int) string {
	if i < len(left) && left[i] {
		return ` class="l"`
	}
	return ""
}

const pageStyle = `body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.15rem 0.45rem; text-align: right; }
td { white-space: nowrap; }
th.l, td.l { text-align: left; }
th { background: #f2f2f2; cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
tbody tr:nth-child(even) { background: #fafafa; }
figure { margin: 1rem 0; }
figure svg, figure img { max-width: 100%; height: auto; }
figcaption { font-style: italic; font-size: 0.9rem; }
pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; }
`

// sortScript makes every table sortable by clicking a column header:
// numerically when the cells start with numbers, else as text. It marks
// the tables it prepared with data-sortable, which tests look for.
const sortScript = `(function () {
  function key(td) {
    var t = td.textContent.trim().replace(/^−/, "-").replace(/^∞/, "Infinity");
    var x = parseFloat(t);
    return isNaN(x) ? t : x;
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (typeof x === typeof y) return (x < y ? -1 : x > y ? 1 : 0) * dir;
      return (typeof x === "number" ? -1 : 1) * dir;
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.title = "sort by this column";
      th.addEventListener("click", function () { sortBy(table, col, th); });
    });
    table.setAttribute("data-sortable", "ready");
  });
})();
`
