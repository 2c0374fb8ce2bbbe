package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tracker-dev/tracker/doc"
)

// control writes the trigger or summary of a part. A control that holds a
// heading, or stands in one, is written as it is; a control that heads its
// part (no prose before it in its container: an accordion's header, a
// question) is written as a heading one level below the section it stands
// in, when its part has prose to head. Any other control reads as it would
// without its part: a button ("Read more" after a teaser) is page
// furniture, a link or a term in a sentence is text of that sentence.
func (w *blockWalker) control(n, panel *html.Node) {
	switch {
	case w.t.of(n).headings > 0 || w.kind == doc.Heading || inTextBlock(n):
		// A term in a list item or a paragraph is text of that block.
		w.children(n)
	case headsContainer(w.t, n) && !w.t.junk[panel] && w.partProse(n, panel) > 0 && (w.skip == nil || !w.skip(panel)):
		lvl := w.partLevel()
		if w.panel == panel {
			// A summary inside its details: the level is already the part's.
			lvl = min(max(w.section, 2), 6)
		}
		at := len(w.b.blocks)
		w.within(n, doc.Heading, lvl)
		if len(w.b.blocks) > at {
			w.heads[panel] = at
		}
	case !neverText[n.DataAtom]:
		w.children(n)
	}
}

// part writes a panel. A tab panel is headed by its tab's label, unless
// the panel starts with that heading itself.
func (w *blockWalker) part(n *html.Node, p *part) {
	w.flush()
	start := len(w.b.blocks)
	if p.kind == partTab && p.control != nil && w.t.prose(n) > 0 {
		label := cleanText(w.labelText(p.control))
		if first := firstHeading(n); label != "" && (first == nil || cleanText(w.flatText(first)) != label) {
			w.b.add(doc.Heading, w.partLevel(), label)
		}
	}
	// Headings inside the panel nest below its control's.
	outer, outerPanel := w.section, w.panel
	if start < len(w.b.blocks) || p.kind != partTab {
		w.section = w.partLevel()
	}
	w.panel = n
	w.children(n)
	w.flush()
	w.section, w.panel = outer, outerPanel
	if len(w.b.blocks) == start {
		return
	}
	sp := span{head: -1, start: start, end: len(w.b.blocks), hidden: closed(n)}
	if at, ok := w.heads[n]; ok && at < start {
		sp.head = at
	}
	if p.collapsed && p.control != nil {
		sp.opened = p.kind.String() + ": " + cleanText(w.labelText(p.control))
	}
	w.b.spans = append(w.b.spans, sp)
}

// partProse is the prose of a panel outside its control (a summary is
// inside its details).
func (w *blockWalker) partProse(control, panel *html.Node) int {
	p := w.t.prose(panel)
	if isAncestor(panel, control) && !w.t.junk[control] {
		p -= w.t.prose(control)
	}
	return p
}

func (w *blockWalker) children(n *html.Node) {
	block := blockTags[n.DataAtom]
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

// partLevel is the heading level of a part's control: one below the
// section it stands in, and never the page's title level.
func (w *blockWalker) partLevel() int {
	return min(max(w.section+1, 2), 6)
}

// labelText is a control's text, with what the page hides in it (icons,
// screen-reader hints) left out as everywhere else.
func (w *blockWalker) labelText(n *html.Node) string {
	if n == nil {
		return ""
	}
	saved := w.t.junk[n]
	delete(w.t.junk, n) // a tab is junk where it stands, not as a label
	s := w.flatText(n)
	if saved {
		w.t.junk[n] = true
	}
	return s
}

// headsContainer reports a control with no prose before it in its parent
// (headings and other parts may come before it): the header of what
// follows, not a "Read more" at the end of a teaser.
func headsContainer(t *tree, n *html.Node) bool {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		switch s.Type {
		case html.TextNode:
			if countWordChars(s.Data) > 0 {
				return false
			}
		case html.ElementNode:
			if t.junk[s] || t.of(s).text == 0 || headingLevel(s.DataAtom) > 0 || t.parts[s] != nil || t.opens[s] != nil {
				continue
			}
			return false
		}
	}
	return true
}

// inTextBlock reports a control inside a paragraph, list item, term,
// definition or cell, before any box that could hold a section.
func inTextBlock(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.P, atom.Li, atom.Dt, atom.Dd, atom.Td, atom.Th, atom.Caption:
			return true
		}
		if blockTags[p.DataAtom] || headingLevel(p.DataAtom) > 0 || p.DataAtom == 0 {
			return false
		}
	}
	return false
}

func firstHeading(n *html.Node) *html.Node {
	return findFirst(n, func(c *html.Node) bool { return headingLevel(c.DataAtom) > 0 })
}
