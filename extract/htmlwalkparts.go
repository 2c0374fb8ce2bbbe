package extract

import (
	"golang.org/x/net/html"

	"github.com/tracker-dev/tracker/doc"
)

// control writes the trigger or summary of a part. A control that holds a
// heading, or stands in one, is written as it is; a control that heads its
// part (nothing before it in its container: an accordion's header, a
// question) is written as a heading one level below the section it stands
// in. Any other control ("Read more" after a teaser) is page furniture. A
// control whose part holds no prose heads nothing and is left out.
func (w *blockWalker) control(n, panel *html.Node) {
	s := w.t.of(n)
	switch {
	case s.headings > 0 || w.kind == doc.Heading:
		w.children(n)
	case w.t.junk[panel] || w.partProse(n, panel) == 0 || (w.skip != nil && w.skip(panel)):
	case headsContainer(w.t, n):
		lvl := w.partLevel()
		if w.panel == panel {
			// A summary inside its details: the level is already the part's.
			lvl = min(max(w.section, 2), 6)
		}
		w.within(n, doc.Heading, lvl)
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
	if p.collapsed && len(w.b.blocks) > start && p.control != nil {
		w.b.opened = append(w.b.opened, p.kind.String()+": "+cleanText(w.labelText(p.control)))
	}
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

func firstHeading(n *html.Node) *html.Node {
	return findFirst(n, func(c *html.Node) bool { return headingLevel(c.DataAtom) > 0 })
}
