package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A part is content a reader can open on the page: the panel of an
// accordion or disclosure widget, an inactive tab panel, the body of a
// <details>. Pages collapse such parts with `hidden`, `aria-hidden`, inline
// styles or classes, and open them with script; the text in them is policy
// text all the same, so extraction keeps it whatever state the page was
// served in. A part is recognised by the ARIA relations and element types
// every site shares, never by a site's names.
type part struct {
	control *html.Node // what opens the panel: its trigger, tab or summary
	kind    partKind
	// collapsed says the page was served with the part closed; it only
	// tells `tracker extract` what was opened, never changes the text.
	collapsed bool
}

type partKind int

const (
	partDisclosure partKind = iota // a control with aria-expanded
	partTab                        // role=tabpanel
	partDetails                    // <details>
	partMore                       // the hidden rest of a "read more" (see truncation)
)

func (k partKind) String() string {
	switch k {
	case partTab:
		return "tab"
	case partDetails:
		return "details"
	case partMore:
		return "read more"
	}
	return "collapsed"
}

// chromeContext are the elements inside which a control never opens policy
// text: a menu button, a dialog's tabs, a navigation drawer, a carousel.
func chromeContext(n *html.Node, inContent bool) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Dialog, atom.Menu, atom.Aside:
		return true
	case atom.Header, atom.Footer:
		return !inContent
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "menu", "menubar", "dialog", "alertdialog", "banner", "contentinfo", "search", "toolbar", "listbox", "tree":
		return true
	}
	// A carousel's hidden slides rotate (testimonials, promotions): its
	// tabs and controls open nothing a reader of the policy needs.
	if d := strings.ToLower(attr(n, "aria-roledescription")); strings.Contains(d, "carousel") || strings.Contains(d, "slide") {
		return true
	}
	return strings.EqualFold(attr(n, "aria-modal"), "true")
}

// findParts indexes the page's ids and finds its openable parts, before
// the junk analysis that must know them.
func (t *tree) findParts(root *html.Node) {
	var triggers, tabs, panels []*html.Node
	var headed [][2]*html.Node // hidden bodies and their headings
	// ariaHidden are the aria-hidden elements around the one visited.
	var ariaHidden []*html.Node
	var rec func(n *html.Node, inChrome, inContent bool)
	rec = func(n *html.Node, inChrome, inContent bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			landmark := c.DataAtom == atom.Main || attr(c, "role") == "main"
			if landmark {
				// While a dialog is open, pages mark everything behind it
				// aria-hidden, main content included: that hides it from
				// assistive technology while the dialog lasts, never from
				// the eye.
				for _, h := range ariaHidden {
					t.backdrop[h] = true
				}
			}
			hides := len(c.Attr) > 0 && strings.EqualFold(attr(c, "aria-hidden"), "true")
			if hides {
				ariaHidden = append(ariaHidden, c)
			}
			if len(c.Attr) > 0 {
				if id := attr(c, "id"); id != "" {
					if _, dup := t.ids[id]; !dup {
						t.ids[id] = c
					}
				}
				if !inChrome {
					switch role := attr(c, "role"); {
					case role == "tab":
						tabs = append(tabs, c)
					case role == "tabpanel":
						panels = append(panels, c)
					case isDisclosure(c, role):
						triggers = append(triggers, c)
					}
				}
			}
			if c.DataAtom == atom.Details && !inChrome {
				t.addPart(c, &part{control: summaryOf(c), kind: partDetails, collapsed: !hasAttr(c, "open")})
			}
			if h := headedBody(c); h != nil && !inChrome {
				headed = append(headed, [2]*html.Node{c, h})
			}
			content := inContent || landmark || c.DataAtom == atom.Article
			rec(c, inChrome || chromeContext(c, content), content)
			if hides {
				ariaHidden = ariaHidden[:len(ariaHidden)-1]
			}
		}
	}
	rec(root, false, false)

	for _, c := range triggers {
		collapsed := strings.EqualFold(attr(c, "aria-expanded"), "false")
		for _, p := range t.controlled(c) {
			t.addPart(p, &part{control: c, kind: partDisclosure, collapsed: collapsed || closed(p)})
		}
	}
	// Known controls first: a body they open is theirs.
	for _, hb := range headed {
		if _, ok := t.parts[hb[0]]; !ok {
			t.parts[hb[0]] = &part{control: hb[1], kind: partDisclosure, collapsed: true}
		}
	}
	// A tab panel is labelled by its tab: by aria-labelledby, else by the
	// tab whose aria-controls names it.
	tabOf := map[*html.Node]*html.Node{}
	for _, tab := range tabs {
		for _, id := range strings.Fields(attr(tab, "aria-controls")) {
			if p := t.ids[id]; p != nil && attr(p, "role") == "tabpanel" {
				if tabOf[p] == nil {
					tabOf[p] = tab
				}
				// Every tab of a panel (pages repeat them for phones)
				// is written once, as the panel's heading.
				t.tabs[tab] = true
			}
		}
	}
	for _, p := range panels {
		tab := tabOf[p]
		for _, id := range strings.Fields(attr(p, "aria-labelledby")) {
			if l := t.ids[id]; l != nil {
				tab = l
				break
			}
		}
		collapsed := closed(p) || (tab != nil && strings.EqualFold(attr(tab, "aria-selected"), "false"))
		t.addPart(p, &part{control: tab, kind: partTab, collapsed: collapsed})
		if tab != nil && attr(tab, "role") == "tab" {
			t.tabs[tab] = true
		}
	}
}

func (t *tree) addPart(panel *html.Node, p *part) {
	if _, ok := t.parts[panel]; ok {
		return
	}
	t.parts[panel] = p
	if p.control != nil && p.kind != partTab {
		if _, ok := t.opens[p.control]; !ok {
			t.opens[p.control] = panel
		}
	}
}

// isDisclosure recognises the control of an accordion or disclosure
// widget: it says whether its part is expanded. Controls that open menus,
// list boxes or dialogs (aria-haspopup, combobox and menu roles) open page
// furniture, not text.
func isDisclosure(n *html.Node, role string) bool {
	if !hasAttr(n, "aria-expanded") {
		return false
	}
	if p := attr(n, "aria-haspopup"); p != "" && !strings.EqualFold(p, "false") {
		return false
	}
	switch strings.ToLower(role) {
	case "combobox", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "treeitem", "row", "gridcell", "columnheader":
		return false
	}
	return true
}

// controlled finds the panels a disclosure control opens: the elements its
// aria-controls names, else (pages often name an id that is not there) the
// element right after it, or right after the heading that wraps it, as the
// WAI-ARIA accordion pattern places them.
func (t *tree) controlled(c *html.Node) []*html.Node {
	var out []*html.Node
	for _, id := range strings.Fields(attr(c, "aria-controls")) {
		if p := t.ids[id]; p != nil && p != c && !isAncestor(p, c) {
			out = append(out, p)
		}
	}
	if len(out) > 0 {
		return out
	}
	from := c
	if next := nextElement(from); next == nil {
		if p := c.Parent; p != nil && headingLevel(p.DataAtom) > 0 {
			from = p
		}
	}
	if next := nextElement(from); next != nil {
		out = append(out, next)
	}
	return out
}

func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

func summaryOf(details *html.Node) *html.Node {
	for c := details.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Summary {
			return c
		}
	}
	return nil
}

// headedBody recognises the body of an accordion that a script opens
// with nothing in the markup to say so: hidden by an attribute or an
// inline style right under its heading (or the term of a definition
// list), which stays visible. It returns that heading.
func headedBody(n *html.Node) *html.Node {
	if !hasAttr(n, "hidden") && !hidden(attr(n, "style")) {
		return nil
	}
	var prev *html.Node
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			prev = s
			break
		}
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
			return nil
		}
	}
	if prev == nil || closed(prev) || (headingLevel(prev.DataAtom) < 2 && prev.DataAtom != atom.Dt) {
		return nil
	}
	return prev
}

// closed reports markup that hides an element.
func closed(n *html.Node) bool {
	return hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") || hidden(attr(n, "style"))
}
