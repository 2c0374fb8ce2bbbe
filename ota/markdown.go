package ota

import (
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// Markdown writes a version's canonical text as the Markdown of Open Terms
// Archive's datasets: one block per paragraph, separated by blank lines,
// headings with '#', list items with '-', table rows between '|'. Every
// character Markdown would read as markup is escaped, so that reading the
// file back (tracker's Markdown extraction) gives exactly the same text,
// hence the same hash.
func Markdown(text string) string {
	d := doc.Parse(text)
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.Kind {
		case doc.Heading:
			b.WriteString(strings.Repeat("#", min(max(bl.Level, 1), 6)))
			b.WriteByte(' ')
			writeInline(&b, bl.Text)
		case doc.ListItem:
			b.WriteString("- ")
			writeInline(&b, bl.Text)
		case doc.TableRow:
			b.WriteString("| ")
			writeInline(&b, bl.Text)
			b.WriteString(" |")
		default:
			writeInline(&b, bl.Text)
		}
	}
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// markup holds the ASCII characters that Markdown may read as syntax
// somewhere in a line. A table row's " | " between cells is written as it
// is: it separates the cells again.
const markup = "\\`*_~[]<>!#&|+-=.)(:"

func writeInline(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(markup, c) >= 0 && needsEscape(s, i) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
}

// needsEscape tells which markup characters must be escaped: those of
// inline syntax everywhere, those of block syntax at the start of a line
// (after a '-', a '+' or digits and a '.' or ')').
func needsEscape(s string, i int) bool {
	switch s[i] {
	case '\\', '`', '*', '_', '~', '[', ']', '<', '>', '!', '&', '#':
		return true
	case '|':
		return !(i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ')
	case '+', '-', '=':
		return i == 0
	case '.', ')':
		// "1. " would start a numbered list.
		j := i
		for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
			j--
		}
		return j == 0 && j < i
	}
	return false
}
