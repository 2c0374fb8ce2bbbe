package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Pages that React streams from the server (Next.js, Remix and others)
// send a placeholder first ("Loading…" after a <template id="B:0">) and the
// content later in the page, in a hidden <div id="S:0">, with a script call
// that moves it into place: $RC("B:0","S:0") for a boundary, $RS("S:1",
// "P:1") for a segment ($RR is $RC with styles). The browser runs them at
// once; resolveStreamed makes the same moves on the parsed page, so that
// the text stands where it is read and not hidden at the end.

var streamCall = regexp.MustCompile(`\$R([CSR])\("([^"\\]{1,40})","([^"\\]{1,40})"`)

// maxStreamMoves bounds the moves one page may ask for.
const maxStreamMoves = 10000

func resolveStreamed(root *html.Node) {
	var calls [][]string
	ids := map[string]*html.Node{}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" && strings.IndexByte(id, ':') > 0 {
				if _, dup := ids[id]; !dup {
					ids[id] = n
				}
			}
			if n.DataAtom == atom.Script && n.FirstChild != nil && strings.Contains(n.FirstChild.Data, "$R") {
				calls = append(calls, streamCall.FindAllStringSubmatch(n.FirstChild.Data, -1)...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(root)
	for i, c := range calls {
		if i >= maxStreamMoves {
			return
		}
		kind, a, b := c[1], c[2], c[3]
		var segment, target *html.Node
		if kind == "S" {
			segment, target = ids[a], ids[b] // $RS(segment, placeholder)
		} else {
			segment, target = ids[b], ids[a] // $RC(boundary, segment)
		}
		if segment == nil || target == nil || segment.Parent == nil || target.Parent == nil || within(target, segment) {
			continue
		}
		if kind != "S" {
			dropFallback(target)
		}
		for segment.FirstChild != nil {
			m := segment.FirstChild
			segment.RemoveChild(m)
			target.Parent.InsertBefore(m, target)
		}
		segment.Parent.RemoveChild(segment)
		target.Parent.RemoveChild(target)
	}
}

// dropFallback removes what a boundary shows until its content comes: the
// nodes after its template up to the comment that closes it ("/$"). A
// boundary without that comment keeps its neighbours.
func dropFallback(template *html.Node) {
	depth := 0
	var end *html.Node
	for n := template.NextSibling; n != nil && end == nil; n = n.NextSibling {
		if n.Type != html.CommentNode {
			continue
		}
		switch {
		case n.Data == "/$" && depth == 0:
			end = n
		case n.Data == "/$":
			depth--
		case strings.HasPrefix(n.Data, "$"):
			depth++
		}
	}
	if end == nil {
		return
	}
	for n := template.NextSibling; n != end; {
		next := n.NextSibling
		n.Parent.RemoveChild(n)
		n = next
	}
}

// within reports whether n is inside (or is) ancestor.
func within(n, ancestor *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}
