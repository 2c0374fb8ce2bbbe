package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// noActiveHTML parses a page and fails on anything that runs code or loads
// a resource: scripts, embedded content, external styles, event handlers.
func noActiveHTML(t *testing.T, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "img", "iframe", "object", "embed", "link", "base", "form":
			t.Errorf("page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "src" || a.Key == "srcset" {
				t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
			}
			if a.Key == "href" && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://") {
				t.Errorf("<%s> links to %q", n.Data, a.Val)
			}
		}
	}
}

func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func TestHTMLPage(t *testing.T) {
	page := render(t, FormatHTML, sampleReport(), Options{Meta: sampleMeta()})
	noActiveHTML(t, page)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	root := findAll(doc, "html")[0]
	style := findAll(doc, "style")

	tests := []struct {
		name string
		got  any
		want any
	}{
		{"lang", attr(root, "lang"), "en"},
		{"charset", attr(findAll(doc, "meta")[0], "charset"), "utf-8"},
		{"title", text(findAll(doc, "title")[0]), "Policy changes: grandstream/privacy"},
		{"one inline style", len(style), 1},
		{"stacks columns on phones", strings.Contains(text(style[0]), "@media (max-width: 700px)"), true},
		{"one article per change", len(findAll(doc, "article")), 5},
		{"one table per change", len(findAll(doc, "table")), 5},
		{"deleted words", text(findAll(doc, "del")[0]), "do not "},
		{"inserted words", text(findAll(doc, "ins")[1]), "3 years"},
		{"version links", attr(findAll(doc, "a")[0], "href"), "https://www.grandstream.com/legal/privacy-policy"},
		{"severity badge", attr(findAll(doc, "article")[2], "class"), "change sev-medium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestHTMLUnsafeLink(t *testing.T) {
	page := render(t, FormatHTML, sampleReport(), Options{Meta: Meta{OldLabel: "old", OldURL: "javascript:alert(1)"}})
	if strings.Contains(page, `href="javascript:`) {
		t.Errorf("javascript: link reached the page")
	}
}
