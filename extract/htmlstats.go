package extract

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stats summarises the text under an element; it is computed bottom-up in
// one pass so that every later decision (junk, main content, link lists) is
// a lookup, never a rescan.
type stats struct {
	text     int // letters and digits in visible text
	linkText int // of which inside links
	paras    int // text-bearing p, li, dd, td and pre elements
	headings int
	headText int // letters in headings
	controls int // buttons and form inputs (before they are dropped)
	pictures int // images inside links (before they are dropped): teaser cards
	plain    int // letters neither in a link nor in a heading
}

type tree struct {
	index map[*html.Node]int32 // element → its stats in all
	all   []stats
	junk  map[*html.Node]bool
	ids   map[string]*html.Node // the first element of each id
	// labels are the ids named by aria-labelledby on junk elements: the
	// heading of a table of contents goes with it.
	labels []string
	parts  map[*html.Node]*part      // panel → the part it is
	opens  map[*html.Node]*html.Node // disclosure control or summary → its (first) panel
	tabs   map[*html.Node]bool       // tabs whose label heads their panel instead
	// backdrop are aria-hidden elements around the main content: the
	// page behind an open dialog, not hidden text.
	backdrop map[*html.Node]bool
	// cards are the blocks of link cards, inner ones included: only the
	// outermost are left out, once the whole page is seen.
	cards []*html.Node
}

// trees are reused from page to page: sized for a whole page, their maps
// were the largest allocation of an extraction.
var trees = sync.Pool{New: func() any { return &tree{} }}

// release empties t for the next page. Nothing may use t afterwards.
func (t *tree) release() {
	clear(t.index)
	clear(t.junk)
	clear(t.ids)
	clear(t.parts)
	clear(t.opens)
	clear(t.tabs)
	clear(t.backdrop)
	t.all = t.all[:0]
	t.labels = t.labels[:0]
	t.cards = t.cards[:0]
	trees.Put(t)
}

// analyse walks the document once, marking junk elements and gathering the
// stats of every element that is not junk.
func analyse(root *html.Node, sizeHint int) *tree {
	t := trees.Get().(*tree)
	if t.index == nil {
		elements := max(sizeHint/64, 256)
		t.index = make(map[*html.Node]int32, elements)
		t.all = make([]stats, 0, elements)
		t.junk = make(map[*html.Node]bool, 256)
		t.ids = make(map[string]*html.Node, 256)
		t.parts = make(map[*html.Node]*part)
		t.opens = make(map[*html.Node]*html.Node)
		t.tabs = make(map[*html.Node]bool)
		t.backdrop = make(map[*html.Node]bool)
	}
	t.findParts(root)
	t.visit(root, visitContext{})
	t.dropCards()
	for _, id := range t.labels {
		if n := t.ids[id]; n != nil && t.of(n).paras == 0 {
			t.junk[n] = true
		}
	}
	return t
}

// visitContext is what an element inherits from its ancestors.
type visitContext struct {
	inLink    bool // inside a link: its text is link text
	inHeading bool
	inContent bool // inside main, article or role=main
	// name is the aria-label of the nearest link or button: text hidden
	// from assistive technology that repeats it is the visible label.
	name string
}

func (t *tree) visit(n *html.Node, ctx visitContext) stats {
	var s stats
	if n.Type == html.TextNode {
		c := countWordChars(n.Data)
		s.text = c
		if ctx.inLink {
			s.linkText = c
		} else if !ctx.inHeading {
			s.plain = c
		}
		return s
	}
	if n.Type != html.ElementNode && n.Type != html.DocumentNode {
		return s
	}
	if n.Type == html.ElementNode {
		// A control that opens part of the text is not a form control.
		if isControl(n) && t.opens[n] == nil && !t.tabs[n] {
			s.controls = 1
		}
		// An anchor without href is a target, not a link.
		if n.DataAtom == atom.A && hasAttr(n, "href") {
			ctx.inLink = true
		}
		if n.DataAtom == atom.A || n.DataAtom == atom.Button || isControl(n) || attr(n, "role") == "link" {
			if l := attr(n, "aria-label"); l != "" {
				ctx.name = l
			}
		}
		ctx.inHeading = ctx.inHeading || headingLevel(n.DataAtom) > 0
		ctx.inContent = ctx.inContent || n.DataAtom == atom.Main || n.DataAtom == atom.Article || attr(n, "role") == "main"
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := t.visit(c, ctx)
		if c.Type == html.ElementNode && t.junk[c] {
			s.controls += cs.controls
			s.pictures += cs.pictures
			continue
		}
		s.text += cs.text
		s.linkText += cs.linkText
		s.paras += cs.paras
		s.headings += cs.headings
		s.headText += cs.headText
		s.controls += cs.controls
		s.pictures += cs.pictures
		s.plain += cs.plain
	}
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.P, atom.Li, atom.Dd, atom.Td, atom.Pre, atom.Blockquote:
			if s.text > 0 {
				s.paras++
			}
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			s.headings++
			s.headText = s.text
		case atom.Img, atom.Picture:
			if ctx.inLink && s.pictures == 0 {
				s.pictures = 1 // a picture holding an img counts once
			}
		}
		if t.isJunk(n, &s, ctx) {
			t.junk[n] = true
			t.labels = append(t.labels, strings.Fields(attr(n, "aria-labelledby"))...)
		} else if t.parts[n] == nil && headingLevel(n.DataAtom) == 0 && isLinkCards(&s) && !offersFiles(n) {
			t.cards = append(t.cards, n)
		}
	}
	t.index[n] = int32(len(t.all))
	t.all = append(t.all, s)
	return s
}

func (t *tree) of(n *html.Node) *stats {
	if i, ok := t.index[n]; ok {
		return &t.all[i]
	}
	return &stats{}
}

// linkDensity is the share of an element's text inside links.
func (s *stats) linkDensity() float64 {
	if s.text == 0 {
		return 0
	}
	return float64(s.linkText) / float64(s.text)
}

func countWordChars(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func isControl(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Button, atom.Input, atom.Select, atom.Textarea:
		return true
	}
	return attr(n, "role") == "button"
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val), true
		}
	}
	return "", false
}
