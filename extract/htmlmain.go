package extract

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

type mainChoice struct {
	roots []*html.Node
	label string
	skip  func(*html.Node) bool
}

// chooseMain finds the main content of a page: the largest main, role=main
// or article landmark when it holds at least a quarter of the page's text,
// else the container found by text density. Either way lists made mostly
// of links (tables of contents, related links) are skipped inside it.
func chooseMain(root *html.Node, t *tree) mainChoice {
	body := findFirst(root, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = root
	}
	total := t.of(body).text
	var best *html.Node
	for _, n := range landmarks(body, t) {
		if best == nil || t.of(n).text > t.of(best).text {
			best = n
		}
	}
	if best != nil && t.of(best).text*4 >= total {
		return mainChoice{roots: []*html.Node{best}, label: describe(best), skip: t.linkList}
	}
	roots := densest(body, t)
	n := roots[len(roots)-1]
	label := describe(n) + " (text density)"
	if len(roots) > 1 {
		label += fmt.Sprintf(" and %d lead blocks before it", len(roots)-1)
	}
	return mainChoice{roots: roots, label: label, skip: t.linkList}
}

// densest descends from the body while one child holds nearly all of its
// prose (text outside links and link lists), shedding the chrome that sits
// beside the content without landmark markup. The share is high so that a
// choice between two similar candidates cannot flip from one snapshot to
// the next. What it returns is that content, in document order after the
// lead blocks it keeps on the way down.
func densest(body *html.Node, t *tree) []*html.Node {
	n := body
	var roots []*html.Node
	for {
		total := t.prose(n)
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !t.junk[c] && t.container(c) && t.prose(c)*100 >= total*97 {
				next = c
				break
			}
		}
		if next == nil || total == 0 {
			return append(roots, n)
		}
		roots = append(roots, t.lead(next)...)
		n = next
	}
}

// minLeadProse is the least prose of a lead block without a heading: a
// notice of a few sentences.
const minLeadProse = 200

// lead are the blocks right before the content that belong to it: the
// page's title, a notice about the policy ("We have changed our name").
// They are plain text: the run stops at the first block with a control or
// made mostly of links (a site header, breadcrumbs, a menu). A short line
// without a heading (a "Last updated" date, a country code) is passed
// over, not kept: dates move without the text changing. Chrome after the
// content (footers, sign-up offers) is never kept.
func (t *tree) lead(content *html.Node) []*html.Node {
	var run []*html.Node
	for c := content.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.TextNode && countWordChars(c.Data) > 0 {
			break
		}
		if c.Type != html.ElementNode || t.junk[c] || t.of(c).text == 0 {
			continue
		}
		s := t.of(c)
		if s.controls > 0 || 2*s.linkText >= s.text || t.linkList(c) {
			break
		}
		if s.headings > 0 || t.prose(c) >= minLeadProse {
			run = append(run, c)
		}
	}
	slices.Reverse(run)
	return run
}

// prose is the text of an element outside links.
func (t *tree) prose(n *html.Node) int {
	s := t.of(n)
	return s.text - s.linkText
}

// landmarks are the outermost non-junk main, role=main and article
// elements.
func landmarks(n *html.Node, t *tree) []*html.Node {
	var out []*html.Node
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || t.junk[c] {
				continue
			}
			if c.DataAtom == atom.Main || c.DataAtom == atom.Article || attr(c, "role") == "main" {
				out = append(out, c)
				continue
			}
			rec(c)
		}
	}
	rec(n)
	return out
}

// linkList reports lists and blocks that are mostly links: tables of
// contents, "related articles", link menus, and the heading of such a list
// when the list is all its section holds ("Contents").
func (t *tree) linkList(n *html.Node) bool {
	s := t.of(n)
	switch n.DataAtom {
	case atom.Ul, atom.Ol:
		return s.text > 0 && s.linkDensity() >= 0.7 && !(introduced(n) && !inPage(n) && items(n) <= maxAnnounced)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		next := nextElement(n)
		if next == nil || (next.DataAtom != atom.Ul && next.DataAtom != atom.Ol) || !t.linkList(next) {
			return false
		}
		after := nextElement(next)
		return after == nil || headingLevel(after.DataAtom) > 0
	}
	return false
}

// container reports elements that may hold a page's content: generic
// boxes and the parts of layout tables, not paragraphs, lists or data
// tables, which must be extracted whole.
func (t *tree) container(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Center, atom.Font, atom.Form, atom.Span:
		return true
	case atom.Table:
		return t.layoutTable(n)
	case atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th:
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Table {
				return t.layoutTable(p)
			}
		}
	}
	return n.DataAtom == 0 // custom elements are generic boxes
}

// introduced reports a list that a sentence announces: the text before it
// ends with a colon ("The following documents form part of this
// agreement:", "here are a few articles we found:"). Such a list is part
// of what the text says, links or not. The sentence may announce a grid of
// such lists, each under its own heading ("Here is the full list of our
// rules:", then "Sensitive content" and its links, "Spam" and its links):
// a list that only its heading precedes in its box is announced by what
// precedes the box, a few boxes up at most.
func introduced(list *html.Node) bool {
	n := list
	for depth := 0; depth < 4 && n != nil; depth++ {
		headed := false
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			var text string
			switch s.Type {
			case html.TextNode:
				text = s.Data
			case html.ElementNode:
				if neverText[s.DataAtom] || (depth > 0 && listGroup(s)) {
					continue // another group of the grid
				}
				text = lastText(s)
			default:
				continue
			}
			text = strings.TrimSpace(text)
			if text == "" {
				continue
			}
			if strings.HasSuffix(text, ":") {
				return true
			}
			if headed || s.Type != html.ElementNode || headingLevel(s.DataAtom) == 0 {
				return false
			}
			headed = true // the list's own heading: look before it
		}
		n = n.Parent
		if n == nil || n.Type != html.ElementNode || !groupBox(n) {
			return false
		}
	}
	return false
}

// listGroup reports a box of a grid of lists: a heading, then a list.
func listGroup(n *html.Node) bool {
	if !groupBox(n) {
		return false
	}
	h := findFirst(n, func(c *html.Node) bool { return headingLevel(c.DataAtom) > 0 })
	return h != nil && findFirst(n, func(c *html.Node) bool { return c.DataAtom == atom.Ul || c.DataAtom == atom.Ol }) != nil
}

// groupBox reports the generic boxes a grid of lists is built of.
func groupBox(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section:
		return true
	}
	return n.DataAtom == 0
}

// lastText is the last text node under n that is not blank.
func lastText(n *html.Node) string {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return c.Data
			}
		case html.ElementNode:
			if neverText[c.DataAtom] {
				continue
			}
			if s := lastText(c); s != "" {
				return s
			}
		}
	}
	return ""
}

// maxAnnounced is the most items of a link list that a sentence announces
// and that is still read as text: a handful of documents or services. A
// long roll of links (those thanked for reporting flaws, a directory)
// grows from week to week and is no part of the policy's wording.
const maxAnnounced = 25

// items counts a list's items.
func items(list *html.Node) int {
	n := 0
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Li {
			n++
		}
	}
	return n
}

// inPage reports a list whose links mostly lead within the page: a table
// of contents, which repeats the headings.
func inPage(list *html.Node) bool {
	links, local := 0, 0
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.A && hasAttr(c, "href") {
				links++
				if strings.HasPrefix(attr(c, "href"), "#") {
					local++
				}
				continue
			}
			rec(c)
		}
	}
	rec(list)
	return 2*local >= links
}
