package extract

import (
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// compileSelectors reads each selector as a CSS selector list ("main,
// article" or "h1, h1 ~ *"), as browsers and Open Terms Archive do.
func compileSelectors(kind string, sels []string) ([]cascadia.Matcher, error) {
	out := make([]cascadia.Matcher, 0, len(sels))
	for _, s := range sels {
		if strings.TrimSpace(s) == "" {
			continue
		}
		sel, err := cascadia.ParseGroup(s)
		if err != nil {
			return nil, fmt.Errorf("extract: invalid %s selector %q: %w", kind, s, err)
		}
		out = append(out, sel)
	}
	return out, nil
}

// removeMatches detaches every element matched by a Remove selector and
// the content of every Remove range. The ranges are found before anything
// is removed, as the page was written.
func removeMatches(root *html.Node, sels []cascadia.Matcher, ranges []compiledRange) error {
	var doomed []*html.Node
	for _, r := range ranges {
		nodes, err := rangeNodes(root, r)
		if err != nil {
			return err
		}
		doomed = append(doomed, nodes...)
	}
	for _, sel := range sels {
		doomed = append(doomed, cascadia.QueryAll(root, sel)...)
	}
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	return nil
}

// selectMatches returns the elements matched by any Select selector and
// the content of every Select range, in document order, leaving out those
// nested inside another match. inRange marks the nodes that came from a
// range (and from no selector).
func selectMatches(root *html.Node, sels []cascadia.Matcher, ranges []compiledRange) (out []*html.Node, inRange map[*html.Node]bool, err error) {
	want := map[*html.Node]bool{}
	for _, sel := range sels {
		for _, n := range cascadia.QueryAll(root, sel) {
			want[n] = true
		}
	}
	for _, r := range ranges {
		nodes, err := rangeNodes(root, r)
		if err != nil {
			return nil, nil, err
		}
		for _, n := range nodes {
			if !want[n] {
				want[n] = true
				if inRange == nil {
					inRange = map[*html.Node]bool{}
				}
				inRange[n] = true
			}
		}
	}
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if want[n] {
			out = append(out, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(root)
	return out, inRange, nil
}

// selectLabel names what Select and SelectRanges chose, for humans.
func selectLabel(opts Options) string {
	parts := append([]string(nil), opts.Select...)
	for _, r := range opts.SelectRanges {
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ", ")
}

// describe names an element for humans: tag, id and first classes.
func describe(n *html.Node) string {
	if n == nil {
		return "document"
	}
	s := n.Data
	if id := attr(n, "id"); id != "" && len(id) < 40 {
		return s + "#" + id
	}
	if cls := strings.Fields(attr(n, "class")); len(cls) > 0 {
		s += "." + strings.Join(cls[:min(len(cls), 2)], ".")
	}
	return s
}

// CheckSelector tells whether sel is a CSS selector that Select and Remove
// accept, so that a configuration or a command line is refused up front
// rather than at every crawl.
func CheckSelector(sel string) error {
	if strings.TrimSpace(sel) == "" {
		return nil
	}
	if _, err := cascadia.ParseGroup(sel); err != nil {
		return err
	}
	return nil
}
