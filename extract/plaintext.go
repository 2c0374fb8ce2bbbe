package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/doc"
)

var ptBullet = regexp.MustCompile(`^[ \t\x{00A0}]*[•·▪◦‣●○■□–*+-][ \t\x{00A0}]+(.*)$`)

// PlainText extracts a document from plain text: blank lines separate
// blocks, consecutive lines join into one (so a reflowed paragraph gives the
// same block), bullet lines ("•", "*", "-", also indented) become list items,
// and short title-like lines standing alone become headings. Numbered lines
// ("4. Additional Information. Once you…") stay paragraphs, number and all,
// since the number is part of what the reader sees.
func PlainText(text string, opts Options) *doc.Document {
	b := newBuilder(opts)
	var para, item []string
	flush := func() {
		if item != nil {
			b.add(doc.ListItem, 0, strings.Join(item, " "))
			item = nil
		}
		if para != nil {
			if len(para) == 1 && titleLike(para[0]) {
				b.add(doc.Heading, impliedHeadingLevel, para[0])
			} else {
				b.add(doc.Paragraph, 0, strings.Join(para, " "))
			}
			para = nil
		}
	}
	for _, line := range splitLines(text) {
		switch m := ptBullet.FindStringSubmatch(line); {
		case isBlank(line):
			flush()
		case m != nil:
			flush()
			item = []string{m[1]}
		case item != nil:
			item = append(item, line)
		default:
			para = append(para, line)
		}
	}
	flush()
	return &doc.Document{Title: b.firstHeading(), Main: "plain text", Blocks: b.blocks}
}

// titleLike is the conservative test for a heading in plain text: a short
// line starting with a capital letter, with no sentence punctuation at its
// end and no digits, '@' or ':' (which mark dates, addresses and labels), of at least two words
// unless written in capitals.
func titleLike(line string) bool {
	t := doc.Normalize(line)
	if t == "" || len(t) > 80 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	if !unicode.IsUpper(first) || strings.ContainsRune(".,;:!?", last) {
		return false
	}
	if strings.IndexFunc(t, unicode.IsDigit) >= 0 || strings.ContainsAny(t, "@:") {
		return false
	}
	words := len(strings.Fields(t))
	if words > 10 {
		return false
	}
	return words >= 2 || (len(t) >= 4 && strings.ToUpper(t) == t)
}
