package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tracker-dev/tracker/doc"
)

// blockTags start and end a block: text on either side never joins.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Li: true, atom.Main: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Ul: true, atom.Form: true,
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// blockWalker turns a subtree into blocks. Inline content accumulates in
// buf; every block boundary flushes it as a block of the innermost block
// context (a heading, a list item, or a paragraph).
type blockWalker struct {
	t     *tree
	b     *builder
	skip  func(*html.Node) bool // further elements to leave out (link lists)
	buf   []byte                // reused from block to block
	kind  doc.Kind
	level int
	// section is the level of the heading the text stands under: the
	// level below it is the one a part's control is written at.
	section int
	panel   *html.Node         // the part being written
	heads   map[*html.Node]int // panel → the block its control was written as
}

func (w *blockWalker) flush() {
	if len(w.buf) == 0 {
		return
	}
	w.b.add(w.kind, w.level, string(w.buf))
	w.buf = w.buf[:0]
}

func (w *blockWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.buf = append(w.buf, n.Data...)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if n.Type == html.ElementNode && (w.t.junk[n] || (w.skip != nil && w.skip(n))) {
		return
	}
	if n.DataAtom == atom.Br {
		w.buf = append(w.buf, ' ')
		return
	}
	if panel := w.t.opens[n]; panel != nil {
		w.control(n, panel)
		return
	}
	if p := w.t.parts[n]; p != nil {
		w.part(n, p)
		return
	}
	if lvl := headingLevel(n.DataAtom); lvl > 0 {
		w.section = lvl
		w.within(n, doc.Heading, lvl)
		return
	}
	switch n.DataAtom {
	case atom.Li:
		w.within(n, doc.ListItem, 0)
		return
	case atom.Dt, atom.Dd, atom.Pre:
		w.within(n, doc.Paragraph, 0)
		return
	case atom.Table:
		if !w.t.layoutTable(n) {
			w.flush()
			w.table(n)
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

// within walks n as a block of the given kind; blocks nested inside (a
// paragraph in a list item) keep that kind.
func (w *blockWalker) within(n *html.Node, kind doc.Kind, level int) {
	w.flush()
	oldKind, oldLevel := w.kind, w.level
	w.kind, w.level = kind, level
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.flush()
	w.kind, w.level = oldKind, oldLevel
}

// layoutTable tells a table used for page layout (holding headings, nested
// tables or long passages) from a data table, whose rows become TableRow
// blocks.
func (t *tree) layoutTable(n *html.Node) bool {
	s := t.of(n)
	if s.headings > 0 {
		return true
	}
	layout := false
	forEachRow(n, func(tr *html.Node) {
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
				if t.of(c).text > 1500 || containsTag(c, atom.Table) {
					layout = true
				}
			}
		}
	})
	return layout
}

func (w *blockWalker) table(n *html.Node) {
	forEachRow(n, func(tr *html.Node) {
		if w.t.junk[tr] {
			return
		}
		var cells []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !w.t.junk[c] {
				cells = append(cells, w.flatText(c))
			}
		}
		if row := joinCells(cells, cleanText); row != "" {
			w.b.add(doc.TableRow, 0, row)
		}
	})
	// A caption says what the table is.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Caption {
			w.b.add(doc.Paragraph, 0, w.flatText(c))
		}
	}
}

// forEachRow calls fn for the rows of a table, not those of nested tables.
func forEachRow(table *html.Node, fn func(*html.Node)) {
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Tr:
				fn(c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				rec(c)
			}
		}
	}
	rec(table)
}

func containsTag(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == a || containsTag(c, a) {
			return true
		}
	}
	return false
}

// flatText is the visible text of a subtree on one line, with a space at
// every block boundary.
func (w *blockWalker) flatText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
		default:
			return
		}
		if w.t.junk[n] || (w.skip != nil && w.skip(n)) {
			return
		}
		if n.DataAtom == atom.Br || blockTags[n.DataAtom] || headingLevel(n.DataAtom) > 0 {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if blockTags[n.DataAtom] || headingLevel(n.DataAtom) > 0 {
			b.WriteByte(' ')
		}
	}
	rec(n)
	return b.String()
}
