// Package pdftest writes small PDF files for tests: text in the standard
// Helvetica and Times fonts placed where a test says, page by page, so that
// a test can build a two-column policy, a table or a multi-page agreement
// with running headers without shipping binary fixtures.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Font is one of the standard fonts every PDF reader carries.
type Font int

const (
	Helvetica Font = iota
	HelveticaBold
	TimesRoman
	TimesBold
)

var fontNames = []string{"Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold"}

// A4 page size in points.
const (
	A4Width  = 595
	A4Height = 842
)

// Doc is a PDF being written.
type Doc struct {
	pages []*Page
	title string
}

// New starts an empty document; title, when set, goes into its metadata.
func New(title string) *Doc { return &Doc{title: title} }

// Page is one page; coordinates are in points from the bottom-left corner,
// as in PDF itself.
type Page struct {
	Width, Height float64
	ops           bytes.Buffer
	lines         bytes.Buffer // graphics drawn after the text (table rules)
}

// AddPage appends an A4 page.
func (d *Doc) AddPage() *Page {
	p := &Page{Width: A4Width, Height: A4Height}
	d.pages = append(d.pages, p)
	return p
}

// Text writes s with its baseline starting at (x, y).
func (p *Page) Text(x, y float64, f Font, size float64, s string) {
	fmt.Fprintf(&p.ops, "BT /F%d %.2f Tf %.2f %.2f Td (%s) Tj ET\n", int(f)+1, size, x, y, escape(s))
}

// Line draws a thin rule from (x1, y1) to (x2, y2), as tables have.
func (p *Page) Line(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&p.lines, "0.5 w %.2f %.2f m %.2f %.2f l S\n", x1, y1, x2, y2)
}

// Paragraph writes s wrapped to width from the baseline y down, and returns
// the baseline below its last line. Widths are estimated (half the font
// size a character), which is enough to keep text inside a column.
func (p *Page) Paragraph(x, y, width float64, f Font, size float64, s string) float64 {
	for _, line := range Wrap(s, width, size) {
		p.Text(x, y, f, size, line)
		y -= size * 1.3
	}
	return y
}

// Wrap breaks s into lines of at most width points at the given size.
func Wrap(s string, width, size float64) []string {
	perLine := max(1, int(width/(size*0.5)))
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > perLine {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += len(w)
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}

// escape encodes s in WinAnsi (the standard fonts' encoding) and escapes
// the characters a PDF string literal reserves.
func escape(s string) string {
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		enc = s // a test wrote a character WinAnsi lacks: show it as bytes
	}
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(enc)
}

// Bytes serialises the document: objects, a cross-reference table and a
// trailer, all uncompressed. Object 1 is the catalog and 2 the page tree,
// written last once the pages are numbered (the order of objects in the
// file is free; the cross-reference table says where each one is).
func (d *Doc) Bytes() []byte {
	var b bytes.Buffer
	offsets := []int{0, 0} // by object number - 1; 1 and 2 are reserved
	obj := func(n int, body string) {
		offsets[n-1] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	next := func() int {
		offsets = append(offsets, 0)
		return len(offsets)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	var fontRes strings.Builder
	for i, name := range fontNames {
		n := next()
		obj(n, fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>", name))
		fmt.Fprintf(&fontRes, "/F%d %d 0 R ", i+1, n)
	}
	var kids []string
	for _, p := range d.pages {
		content := p.ops.String() + p.lines.String()
		c := next()
		obj(c, fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content))
		n := next()
		obj(n, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << %s>> >> /Contents %d 0 R >>",
			p.Width, p.Height, fontRes.String(), c))
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
	}
	obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	info := 0
	if d.title != "" {
		info = next()
		obj(info, fmt.Sprintf("<< /Title (%s) /Producer (tracker pdftest) >>", escape(d.title)))
	}

	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R", len(offsets)+1)
	if info != 0 {
		fmt.Fprintf(&b, " /Info %d 0 R", info)
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// Bomb is a one-page PDF whose content stream is small compressed and
// inflates to n bytes of blanks: a hostile file, or a broken generator's.
func Bomb(n int) []byte {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	blank := bytes.Repeat([]byte(" "), 1<<16)
	for left := n; left > 0; left -= len(blank) {
		_, _ = w.Write(blank[:min(left, len(blank))])
	}
	_ = w.Close()
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>", A4Width, A4Height))
	obj(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
