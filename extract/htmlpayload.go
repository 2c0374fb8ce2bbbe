package extract

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tracker-dev/tracker/doc"
)

// Some pages carry their text only in a script: a CMS's HTML as an escaped
// string in a framework's data (Next.js, Nuxt), or a rich-text tree in a
// JSON script, which the browser turns into the page. When a page's own
// text is almost none, that text is read from the script, the way the
// browser would show it.
const (
	// thinWords: a page whose extracted text has fewer words than this has
	// almost no text, and its scripts are looked at.
	thinWords = 100
	// payloadWords: the least a script's text must hold to stand for the
	// page, and payloadShare how many times the page's own words.
	payloadWords = 60
	payloadShare = 2
	// minPart: a script text shorter than this is a label or a teaser,
	// not part of the document.
	minPart = 20
	// payloadBlocks: the least number of blocks the script's text must
	// have. A policy has several paragraphs; a string of one or two (a
	// dialog's text among a page's translations) is not the page.
	payloadBlocks = 5
	// maxPayloads bounds the texts of one page that are extracted: a page
	// of thousands of small HTML strings (a catalogue's) is not a policy.
	maxPayloads = 500
)

// payload is a text found in a script: HTML, or Markdown when it has no
// markup.
type payload struct {
	where    string
	html     string
	markdown string
}

// fromPayloads extracts the text the page's scripts carry, or nil when none
// holds more than the page itself (page, of words words) or when the page
// shows what its scripts hold: then it is served rendered, and the rest of
// the scripts' data (other pages', translations) is not its text.
func fromPayloads(ctx context.Context, root *html.Node, opts Options, page *doc.Document, words int) *doc.Document {
	var parts []*doc.Document
	best := 0
	sub := opts
	sub.inPayload = true
	for _, p := range scriptPayloads(root) {
		if stopped(ctx) != nil {
			return nil
		}
		var d *doc.Document
		if p.html != "" {
			d, _ = htmlContext(ctx, []byte(p.html), "text/html; charset=utf-8", sub)
		} else {
			d = Markdown(p.markdown, opts)
		}
		if d == nil {
			continue
		}
		n := countWords(d)
		if n < minPart {
			continue
		}
		d.Main = p.where
		parts = append(parts, d)
		best = max(best, n)
	}
	if best < payloadWords || best < payloadShare*words || rendered(page, parts) {
		return nil
	}
	// Every sizeable part, in the order of the page: a document split over
	// several strings (one per section) is kept whole, and a part already
	// kept (a summary repeating the body) is not written twice.
	out := &doc.Document{}
	seen := map[string]bool{}
	var from []string
	for _, d := range parts {
		if countWords(d)*10 < best {
			continue
		}
		fresh := 0
		for _, bl := range d.Blocks {
			if !seen[bl.Text] {
				fresh++
			}
		}
		if fresh*5 < len(d.Blocks)*4 {
			continue
		}
		for _, bl := range d.Blocks {
			seen[bl.Text] = true
		}
		out.Blocks = append(out.Blocks, d.Blocks...)
		out.Opened = append(out.Opened, d.Opened...)
		if !containsString(from, d.Main) {
			from = append(from, d.Main)
		}
	}
	if len(out.Blocks) < payloadBlocks {
		return nil
	}
	out.Title = firstHeadingOf(out)
	out.Main = "script payload: " + strings.Join(from, ", ") + " (the page's own HTML has almost no text)"
	return out
}

// rendered reports whether most of the page's sentences (blocks of three
// words or more) are in the scripts' texts too.
func rendered(page *doc.Document, parts []*doc.Document) bool {
	in := map[string]bool{}
	for _, d := range parts {
		for _, bl := range d.Blocks {
			in[bl.Text] = true
		}
	}
	found, all := 0, 0
	for _, bl := range page.Blocks {
		if len(strings.Fields(bl.Text)) < 3 {
			continue
		}
		all++
		if in[bl.Text] {
			found++
		}
	}
	return all > 0 && 2*found >= all
}

func firstHeadingOf(d *doc.Document) string {
	for _, bl := range d.Blocks {
		if bl.Kind == doc.Heading {
			return bl.Text
		}
	}
	return ""
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AlmostNoText reports whether d holds so few words that the page's text
// is likely built by JavaScript in the browser (or behind a click): a
// reader should be told, since a static read of it keeps next to nothing.
func AlmostNoText(d *doc.Document) (words int, thin bool) {
	n := countWords(d)
	return n, n < thinWords/2
}

func countWords(d *doc.Document) int {
	n := 0
	for _, bl := range d.Blocks {
		n += len(strings.Fields(bl.Text))
	}
	return n
}

// scriptPayloads lists the texts in the page's inline scripts, in order.
func scriptPayloads(root *html.Node) []payload {
	var out []payload
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script {
			if attr(n, "src") == "" && n.FirstChild != nil && n.FirstChild.Type == html.TextNode && len(out) < maxPayloads {
				out = append(out, scriptTexts(n, n.FirstChild.Data)...)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(root)
	return out
}

func scriptTexts(n *html.Node, src string) []payload {
	typ := strings.ToLower(strings.TrimSpace(attr(n, "type")))
	where := "inline script"
	if id := attr(n, "id"); id != "" {
		where = "script #" + id
	}
	s := &payloadScan{}
	switch {
	case strings.Contains(typ, "json"):
		where = "JSON " + where
		if v, ok := parseOrdered(src); ok {
			s.value(v, 0)
		}
	case typ == "" || strings.Contains(typ, "javascript") || typ == "module":
		for _, lit := range stringLiterals(src) {
			s.text(lit, 0)
		}
	}
	for i := range s.found {
		s.found[i].where = s.kinds[i] + " in " + where
	}
	return s.found
}

// payloadScan collects the texts of one script.
type payloadScan struct {
	found []payload
	kinds []string
}

func (s *payloadScan) add(kind string, p payload) {
	if len(s.found) >= maxPayloads {
		return
	}
	s.found = append(s.found, p)
	s.kinds = append(s.kinds, kind)
}

// flightRow is the head of a text row in Next.js's streamed data ("1f:T4a2,"):
// the text after it is the row's content.
var flightRow = regexp.MustCompile(`^[0-9a-f]{1,8}:T[0-9a-f]{1,8},`)

var htmlBlockTag = regexp.MustCompile(`(?i)<(?:p|h[1-6]|li|ul|ol|table|tr|div|section|br)[\s>/]`)

// text judges one string of a script: HTML, JSON held in a string, or
// long Markdown or plain text.
func (s *payloadScan) text(t string, depth int) {
	t = flightRow.ReplaceAllString(t, "")
	trim := strings.TrimSpace(t)
	switch {
	case len(trim) < 80:
	case htmlBlockTag.MatchString(trim) && strings.Count(trim, "<") >= 2:
		s.add("escaped HTML", payload{html: trim})
	case depth < 2 && (trim[0] == '{' || trim[0] == '['):
		if v, ok := parseOrdered(trim); ok {
			s.value(v, depth+1)
		}
	case strings.Count(trim, " ") >= payloadWords && strings.Contains(trim, "\n"):
		s.add("text", payload{markdown: trim})
	}
}

// value walks a JSON value in document order.
func (s *payloadScan) value(v *jsonValue, depth int) {
	switch {
	case v.str != nil:
		s.text(*v.str, depth)
	case v.isArray:
		if h := portableText(v); h != "" {
			s.add("rich text", payload{html: h})
			return
		}
		for _, e := range v.items {
			s.value(e, depth)
		}
	case v.keys != nil:
		if h := richText(v); h != "" {
			s.add("rich text", payload{html: h})
			return
		}
		for _, e := range v.items {
			s.value(e, depth)
		}
	}
}

// jsonValue is a JSON value that keeps the order of object keys.
type jsonValue struct {
	str     *string
	num     bool   // a number, true, false or null
	raw     string // a number's digits
	isArray bool
	keys    []string     // an object's keys, in order (non-nil for objects)
	items   []*jsonValue // array items or object values
}

func (v *jsonValue) get(key string) *jsonValue {
	for i, k := range v.keys {
		if k == key {
			return v.items[i]
		}
	}
	return nil
}

func (v *jsonValue) getString(key string) string {
	if e := v.get(key); e != nil && e.str != nil {
		return *e.str
	}
	return ""
}

func parseOrdered(src string) (*jsonValue, bool) {
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	v, err := readValue(dec, 0)
	return v, err == nil
}

// maxJSONDepth bounds the nesting a script's JSON may have.
const maxJSONDepth = 200

type jsonTooDeep struct{}

func (jsonTooDeep) Error() string { return "json nested too deep" }

func readValue(dec *json.Decoder, depth int) (*jsonValue, error) {
	if depth > maxJSONDepth {
		return nil, jsonTooDeep{}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		v := &jsonValue{}
		if t == '[' {
			v.isArray = true
		} else {
			v.keys = []string{}
		}
		for dec.More() {
			if !v.isArray {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v.keys = append(v.keys, key)
			}
			e, err := readValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, e)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return v, nil
	case string:
		return &jsonValue{str: &t}, nil
	case json.Number:
		return &jsonValue{num: true, raw: string(t)}, nil
	default:
		return &jsonValue{num: true}, nil
	}
}

// level is a small whole number's value, 0 for anything else.
func (v *jsonValue) level() int {
	n, err := strconv.Atoi(v.raw)
	if err != nil {
		return 0
	}
	return n
}

// stringLiterals returns the decoded double-quoted string literals of a
// script, in order; those with escapes JSON does not know are skipped.
func stringLiterals(src string) []string {
	var out []string
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) || src[j] != '"' {
				return out // an unterminated literal: the rest cannot be read
			}
			if j-i > 80 {
				var s string
				if json.Unmarshal([]byte(src[i:j+1]), &s) == nil {
					out = append(out, s)
				}
			}
			i = j
		case '\'', '`':
			// Single-quoted and template strings are skipped whole, so
			// that a double quote in one does not throw the scan off.
			q := src[i]
			j := i + 1
			for j < len(src) && src[j] != q {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '/':
			// Comments hold no text for the page; skip them so that a quote
			// in one does not throw the scan off.
			if i+1 < len(src) && src[i+1] == '/' {
				if k := strings.IndexByte(src[i:], '\n'); k >= 0 {
					i += k
				} else {
					return out
				}
			} else if i+1 < len(src) && src[i+1] == '*' {
				if k := strings.Index(src[i+2:], "*/"); k >= 0 {
					i += k + 3
				} else {
					return out
				}
			}
		}
	}
	return out
}
