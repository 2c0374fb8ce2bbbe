// Package doc is the structured text of a policy: an ordered list of blocks
// (headings, paragraphs, list items, table rows) with a canonical, line-based
// serialisation. Extraction produces it, the store keeps its serialisation,
// and the differ reads it back, so that every stage agrees on one format.
package doc

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Kind says what a block is.
type Kind int

const (
	Paragraph Kind = iota
	Heading
	ListItem
	TableRow
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case ListItem:
		return "list_item"
	case TableRow:
		return "table_row"
	default:
		return "paragraph"
	}
}

// Block is one unit of text. Text is already normalised (see Normalize) and
// holds no line breaks.
type Block struct {
	Kind  Kind
	Level int // heading level 1–6; 0 for other kinds
	Text  string
}

// Document is an extracted policy.
type Document struct {
	Title  string  // the page title, when known; not part of the text
	Main   string  // which element was chosen as main content, for humans
	Blocks []Block // in reading order
	// Opened names the parts of the page that were served collapsed or
	// in an inactive tab and whose text extraction kept ("collapsed: Key
	// terms", "tab: Analytics cookies"): for humans, not part of the text.
	Opened []string
}

// Text is the canonical serialisation: one block per line. Headings start
// with '#' per level, list items with "- ", table rows with "| ". A paragraph
// that would read as one of those is escaped with a leading backslash.
func (d *Document) Text() string {
	var b strings.Builder
	size := 0
	for _, bl := range d.Blocks {
		size += len(bl.Text) + 8 // a marker, a space or escape, a newline
	}
	b.Grow(size)
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeBlock(&b, bl)
	}
	return b.String()
}

func writeBlock(b *strings.Builder, bl Block) {
	switch bl.Kind {
	case Heading:
		lvl := min(max(bl.Level, 1), 6)
		b.WriteString(strings.Repeat("#", lvl))
		b.WriteByte(' ')
	case ListItem:
		b.WriteString("- ")
	case TableRow:
		b.WriteString("| ")
	default:
		if needsEscape(bl.Text) {
			b.WriteByte('\\')
		}
	}
	b.WriteString(bl.Text)
}

func needsEscape(s string) bool {
	return strings.HasPrefix(s, "#") || strings.HasPrefix(s, "- ") ||
		strings.HasPrefix(s, "| ") || strings.HasPrefix(s, "\\")
}

// Hash is the hex SHA-256 of the canonical text: two documents with the same
// hash hold the same policy text.
func (d *Document) Hash() string { return HashText(d.Text()) }

// HashText hashes a canonical text.
func HashText(text string) string {
	// In pieces: converting a whole policy to []byte would copy it, and the
	// hash has no WriteString.
	h := sha256.New()
	var buf [4096]byte
	for len(text) > 0 {
		n := copy(buf[:], text)
		h.Write(buf[:n]) // a hash never fails to write
		text = text[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Parse reads a canonical serialisation back into blocks. It accepts any
// text: lines that are not canonical become normalised paragraphs.
func Parse(text string) *Document {
	d := &Document{}
	for _, line := range strings.Split(text, "\n") {
		// A line of nothing but spaces or invisible characters holds no
		// text: keeping it would make the canonical form unstable.
		if b := parseLine(line); b.Text != "" {
			d.Blocks = append(d.Blocks, b)
		}
	}
	return d
}

func parseLine(line string) Block {
	switch {
	case strings.HasPrefix(line, "\\"):
		return Block{Kind: Paragraph, Text: Normalize(line[1:])}
	case strings.HasPrefix(line, "#"):
		lvl := len(line) - len(strings.TrimLeft(line, "#"))
		rest := line[lvl:]
		if lvl <= 6 && strings.HasPrefix(rest, " ") {
			if text := Normalize(rest); text != "" {
				return Block{Kind: Heading, Level: lvl, Text: text}
			}
		}
	case strings.HasPrefix(line, "- "):
		return Block{Kind: ListItem, Text: Normalize(line[2:])}
	case strings.HasPrefix(line, "| "):
		return Block{Kind: TableRow, Text: Normalize(line[2:])}
	}
	return Block{Kind: Paragraph, Text: Normalize(line)}
}
