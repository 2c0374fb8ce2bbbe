package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/doc"
)

// Section is a heading and the clauses under it, up to the next heading.
// Text before the first heading sits in a section with an empty heading.
type Section struct {
	Heading string // full heading text, numbering included, for display
	Level   int
	Clauses []Clause
}

// Clause is the unit of comparison: a sentence of a paragraph, a list item
// (or one sentence of a long one), or a table row.
type Clause struct {
	Text    string // list markers and leading numbers removed
	Section string // heading text of its section
	List    bool   // from a list item
}

// unit is a heading or a clause in reading order, with what Compare needs.
type unit struct {
	text    string // display text
	key     string // comparison key, see keyOf
	heading bool
	list    bool
	block   int    // index of the source block
	section string // display heading of the enclosing section
	level   int    // heading level, for headings
}

// Segment splits a document into sections and clauses.
func Segment(d *doc.Document) []Section {
	var out []Section
	for _, u := range units(d, nil) {
		if u.heading {
			out = append(out, Section{Heading: u.text, Level: u.level})
			continue
		}
		if len(out) == 0 {
			out = append(out, Section{})
		}
		s := &out[len(out)-1]
		s.Clauses = append(s.Clauses, Clause{Text: u.text, Section: u.section, List: u.list})
	}
	return out
}

// units lists the headings and clauses of d in reading order; nil once st
// (which may be nil) says to stop.
func units(d *doc.Document, st *stopper) []unit {
	if d == nil {
		return nil
	}
	var (
		out     []unit
		section string
	)
	heading := func(block int, display, name string, level int) {
		section = display
		out = append(out, unit{text: display, key: keyOf(name), heading: true, block: block, section: display, level: level})
	}
	clause := func(block int, text string, list bool) {
		for _, piece := range splitLong(text) {
			if st.stop() {
				return
			}
			if k := keyOf(piece); k != "" {
				out = append(out, unit{text: piece, key: k, list: list, block: block, section: section})
			}
		}
	}
	for i, b := range d.Blocks {
		if st.stop() {
			return nil
		}
		text := strings.TrimSpace(b.Text)
		if text == "" {
			continue
		}
		rest, numbered, depth := stripMarker(text, b.Kind == doc.Heading)
		if b.Kind == doc.Paragraph && !numbered {
			// "4.2 Retention" on its own line is a heading, though in a
			// sentence "2.5 GB" is no marker.
			if r, n, d := stripMarker(text, true); n && standaloneTitle(r) {
				rest, numbered, depth = r, n, d
			}
		}
		switch b.Kind {
		case doc.Heading:
			heading(i, text, rest, max(b.Level, 1))
		case doc.TableRow:
			clause(i, text, false)
		case doc.ListItem:
			for _, s := range splitSentences(rest) {
				clause(i, s, true)
			}
		default:
			if numbered && standaloneTitle(rest) {
				heading(i, text, rest, numberedLevel(depth))
				continue
			}
			if rest == text && plainTitle(text) && !continues(d.Blocks, i) {
				// Plain-text policies mark headings only by a short line.
				heading(i, text, text, 2)
				continue
			}
			sents := splitSentences(rest)
			if numbered && len(sents) > 1 && runInTitle(sents[0]) {
				// "4. Sharing. We share…": the number and first sentence
				// are the section's heading.
				display := strings.TrimSpace(text[:len(text)-len(rest)]) + " " + sents[0]
				heading(i, display, sents[0], numberedLevel(depth))
				sents = sents[1:]
			}
			list := rest != text && !numbered // a bulleted or lettered paragraph
			for _, s := range sents {
				clause(i, s, list)
			}
		}
	}
	return out
}

func numberedLevel(depth int) int {
	if depth <= 1 {
		return 2
	}
	return min(depth+1, 6)
}

// standaloneTitle reports whether a numbered paragraph is only a heading:
// "Sharing", "Definitions.", "Data retention and deletion".
func standaloneTitle(s string) bool {
	if !startsUpper(s) || len(s) > 100 || strings.ContainsAny(s, ",;") {
		return false
	}
	words := len(strings.Fields(s))
	switch s[len(s)-1] {
	case '.':
		return words <= 6 && len(splitSentences(s)) == 1 && !hasVerb(s)
	case ':', '!', '?':
		return false
	}
	return words <= 12 && !hasVerb(s)
}

// plainTitle reports whether an unnumbered paragraph reads as a heading:
// short, capitalised, with no punctuation closing it ("Who we are", "How
// long we store your information", "COOKIES").
func plainTitle(s string) bool {
	if !startsUpper(s) || len(s) > 80 || strings.ContainsAny(s, ",;@") ||
		strings.Contains(s, "://") || strings.Contains(strings.ToLower(s), "www.") {
		return false
	}
	if words := len(strings.Fields(s)); words > 10 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return wordRune(last) || last == ')'
}

// continues reports whether the block after i carries on a sentence (starts
// in lower case), which makes block i a fragment rather than a heading.
func continues(blocks []doc.Block, i int) bool {
	for _, b := range blocks[i+1:] {
		if t := strings.TrimSpace(b.Text); t != "" {
			r, _ := utf8.DecodeRuneInString(t)
			return unicode.IsLower(r)
		}
	}
	return false
}

// runInTitle reports whether the first sentence of a numbered paragraph is a
// run-in heading, as in "4. Additional Information. Once you become…".
func runInTitle(s string) bool {
	return startsUpper(s) && strings.HasSuffix(s, ".") && len(strings.Fields(s)) <= 14 &&
		!strings.ContainsAny(s, ";:") && !hasVerb(s)
}

// verbs that mark a short sentence as prose rather than a title.
var verbs = map[string]bool{
	"we": true, "you": true, "is": true, "are": true, "was": true, "may": true,
	"will": true, "can": true, "do": true, "does": true, "must": true,
	"shall": true, "should": true, "have": true, "has": true,
}

func hasVerb(s string) bool {
	for _, w := range strings.Fields(s) {
		if verbs[strings.ToLower(strings.Trim(w, ".,;:()\"'"))] {
			return true
		}
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// keyOf is the comparison key of a text: its words and punctuation marks
// separated by single spaces. Whitespace and the spacing around punctuation
// vanish ("a , b" and "a, b" agree); case and wording stay significant.
func keyOf(s string) string {
	if isKey(s) {
		return s // a piece of a long clause mostly is: no copy of the page
	}
	return buildKey(s)
}

func buildKey(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	inWord := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		start := i
		i += size
		switch {
		case wordRune(r):
			if !inWord && b.Len() > 0 {
				b.WriteByte(' ')
			}
			inWord = true
		case unicode.IsSpace(r):
			inWord = false
			continue
		default:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			inWord = false
		}
		b.WriteString(s[start:i])
	}
	return b.String()
}

// isKey reports whether s is its own key: it walks keyOf's steps and
// checks that each byte keyOf would write is the byte of s at that place.
func isKey(s string) bool {
	j := 0 // where keyOf's next byte would go
	inWord := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		start := i
		i += size
		sep := false
		switch {
		case wordRune(r):
			sep = !inWord && j > 0
			inWord = true
		case unicode.IsSpace(r):
			inWord = false
			continue
		default:
			sep = j > 0
			inWord = false
		}
		if sep {
			if s[j] != ' ' {
				return false
			}
			j++
		}
		if j != start {
			return false
		}
		j = i
	}
	return j == len(s)
}
