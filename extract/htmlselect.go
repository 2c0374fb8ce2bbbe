package extract

import (
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

func compileSelectors(kind string, sels []string) ([]cascadia.Sel, error) {
	out := make([]cascadia.Sel, 0, len(sels))
	for _, s := range sels {
		if strings.TrimSpace(s) == "" {
			continue
		}
		sel, err := cascadia.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("extract: invalid %s selector %q: %w", kind, s, err)
		}
		out = append(out, sel)
	}
	return out, nil
}

// removeMatches detaches every element matched by a Remove selector.
func removeMatches(root *html.Node, sels []cascadia.Sel) {
	var doomed []*html.Node
	for _, sel := range sels {
		doomed = append(doomed, cascadia.QueryAll(root, sel)...)
	}
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// selectMatches returns the elements matched by any Select selector in
// document order, leaving out those nested inside another match.
func selectMatches(root *html.Node, sels []cascadia.Sel) []*html.Node {
	want := map[*html.Node]bool{}
	for _, sel := range sels {
		for _, n := range cascadia.QueryAll(root, sel) {
			want[n] = true
		}
	}
	var out []*html.Node
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
	return out
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
	if _, err := cascadia.Parse(sel); err != nil {
		return err
	}
	return nil
}
