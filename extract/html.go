package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tracker-dev/tracker/doc"
)

// HTML extracts a policy document from an HTML page. The charset comes
// from contentType's parameter, then the page's <meta>, then sniffing;
// invalid UTF-8 is repaired. With opts.Select the content is the selected
// elements; otherwise it is the page's main content, found by structure
// (main, article, role=main) and by text and link density. Page chrome
// (navigation, banners, dialogs, hidden elements, scripts) is left out.
func HTML(body []byte, contentType string, opts Options) (*doc.Document, error) {
	return htmlContext(context.Background(), body, contentType, opts)
}

// htmlContext is HTML under ctx: the parser reads the page through a
// reader that fails once ctx ends, and each later pass looks at ctx before
// it starts, so a cancelled extraction stops within one pass over the page.
func htmlContext(ctx context.Context, body []byte, contentType string, opts Options) (*doc.Document, error) {
	removeSels, err := compileSelectors("remove", opts.Remove)
	if err != nil {
		return nil, err
	}
	selectSels, err := compileSelectors("select", opts.Select)
	if err != nil {
		return nil, err
	}
	selectRanges, err := compileRanges("select", opts.SelectRanges)
	if err != nil {
		return nil, err
	}
	removeRanges, err := compileRanges("remove", opts.RemoveRanges)
	if err != nil {
		return nil, err
	}
	text, err := decodeHTML(body, contentType)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(&ctxReader{ctx: ctx, r: bytes.NewReader(text)})
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("extract: parse html: %w", err)
	}
	resolveStreamed(root)
	if err := removeMatches(root, removeSels, removeRanges); err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	t := analyse(root, len(text))
	defer t.release()
	if err := stopped(ctx); err != nil {
		return nil, err
	}

	var roots []*html.Node
	var inRange map[*html.Node]bool
	var main string
	var skip func(*html.Node) bool
	selecting := len(selectSels) > 0 || len(selectRanges) > 0
	if selecting {
		if roots, inRange, err = selectMatches(root, selectSels, selectRanges); err != nil {
			return nil, err
		}
		main = "select: " + selectLabel(opts)
		for _, n := range roots {
			// An element chosen by name is kept even if it looks like chrome.
			delete(t.junk, n)
		}
	} else {
		c := chooseMain(root, t)
		roots, main, skip = c.roots, c.label, c.skip
	}

	b := newBuilder(opts)
	w := &blockWalker{t: t, b: b, skip: skip, heads: map[*html.Node]int{}}
	for i, n := range roots {
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		w.walk(n)
		// The nodes of one range that follow each other read on: a range
		// may begin or end in the middle of a paragraph's inline run.
		if i+1 < len(roots) && inRange[n] && inRange[roots[i+1]] && n.NextSibling == roots[i+1] {
			continue
		}
		w.flush()
	}
	opened := b.settleParts()
	d := &doc.Document{Title: pageTitle(root, b), Main: main, Blocks: dropEmptyHeadingRuns(b.blocks), Opened: opened}
	if !selecting && !opts.inPayload {
		if words := countWords(d); words < thinWords {
			if p := fromPayloads(ctx, root, opts, d, words); p != nil {
				p.Title = cmpOr(d.Title, p.Title)
				d = p
			}
		}
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if len(d.Blocks) == 0 {
		if selecting {
			return nil, fmt.Errorf("extract: %s matched no text: %w", main, ErrNoText)
		}
		return nil, fmt.Errorf("extract: html page: %w", ErrNoText)
	}
	return d, nil
}

// ctxReader hands the parser the page a chunk at a time and fails once
// ctx ends: html.Parse gives up at its next read.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

const parseChunk = 64 << 10

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p[:min(len(p), parseChunk)])
}

func stopped(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("extract: stopped: %w", context.Cause(ctx))
	}
	return nil
}

// pageTitle is the <title>, else the first h1 of the content, else its
// first heading.
func pageTitle(root *html.Node, b *builder) string {
	if n := findFirst(root, func(n *html.Node) bool { return n.DataAtom == atom.Title }); n != nil {
		var sb strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				sb.WriteString(c.Data)
			}
		}
		if t := doc.Normalize(sb.String()); t != "" {
			return t
		}
	}
	for _, bl := range b.blocks {
		if bl.Kind == doc.Heading && bl.Level == 1 {
			return bl.Text
		}
	}
	return b.firstHeading()
}

func findFirst(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && pred(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, pred); f != nil {
			return f
		}
	}
	return nil
}
