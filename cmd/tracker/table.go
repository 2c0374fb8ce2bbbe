package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/render"
)

// lineWidth is the widest line the commands print: a table, an error or a
// note never runs past it, so output reads in an 100-column terminal, a
// ticket or an e-mail without wrapping mid-word.
const lineWidth = 100

// column is one column of a table. A column with a min width gives way
// when a row would be wider than lineWidth, down to min runes: its cells
// wrap onto more lines, or, for a cut column (addresses), lose their
// middle to an ellipsis. A column without keeps its natural width.
type column struct {
	title string
	min   int
	cut   bool
}

// table prints rows under a header in aligned columns. Each row may carry
// notes (an error, a back-off) printed under it, indented and wrapped,
// rather than stretching the row.
type table struct {
	cols    []column
	rows    []tableRow
	scratch []byte // a line being built
}

type tableRow struct {
	cells []string
	notes []string
}

// add appends a row. Cells and notes are made safe for a terminal first:
// they carry vendor names, URLs and errors from the configuration and
// from pages.
func (t *table) add(notes []string, cells ...string) {
	for i := range cells {
		cells[i] = cell(cells[i])
	}
	for i := range notes {
		notes[i] = cell(notes[i])
	}
	t.rows = append(t.rows, tableRow{cells: cells, notes: notes})
}

// cell is configuration or page text made safe for one line of a terminal:
// escape sequences, control characters and bidi overrides removed
// (render.Sanitize), line breaks and tabs turned into spaces.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, render.Sanitize(s))
}

// widths are the natural widths, narrowed column by column (the widest
// flexible one first) until a line fits.
func (t *table) widths() []int {
	w := make([]int, len(t.cols))
	for i, c := range t.cols {
		w[i] = runes(c.title)
		for _, r := range t.rows {
			w[i] = max(w[i], runes(r.cells[i]))
		}
	}
	total := func() int {
		n := 2 * (len(w) - 1)
		for _, x := range w {
			n += x
		}
		return n
	}
	for total() > lineWidth {
		best, slack := -1, 0
		for i, c := range t.cols {
			if c.min > 0 && w[i]-c.min > slack {
				best, slack = i, w[i]-c.min
			}
		}
		if best < 0 {
			break // nothing left to narrow: fixed columns win
		}
		w[best]--
	}
	return w
}

func (t *table) write(out io.Writer) error {
	w := t.widths()
	var b strings.Builder
	width := 2 * len(w)
	for _, x := range w {
		width += x
	}
	b.Grow((len(t.rows) + 1) * width) // one line a row, mostly
	t.line(&b, w, titles(t.cols))
	for _, r := range t.rows {
		t.line(&b, w, r.cells)
		for _, n := range r.notes {
			for _, l := range wrap(n, lineWidth-4) {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// line writes one row; cells longer than their column wrap onto the next
// lines of the row.
func (t *table) line(b *strings.Builder, w []int, cells []string) {
	if fits(w, cells) {
		t.lineFlat(b, w, cells)
		return
	}
	t.lineWrapped(b, w, cells)
}

// lineFlat writes a row whose cells all fit their columns: one line, with
// no per-cell pieces (a list of 10 000 documents is mostly such rows).
func (t *table) lineFlat(b *strings.Builder, w []int, cells []string) {
	l := t.scratch[:0]
	for i, c := range cells {
		if i > 0 {
			l = append(l, "  "...)
		}
		l = append(l, c...)
		if i < len(cells)-1 {
			for range w[i] - runes(c) {
				l = append(l, ' ')
			}
		}
	}
	t.scratch = l
	b.Write(bytes.TrimRight(l, " "))
	b.WriteByte('\n')
}

// lineWrapped writes a row over as many lines as its longest cell needs.
func (t *table) lineWrapped(b *strings.Builder, w []int, cells []string) {
	parts := make([][]string, len(cells))
	height := 1
	for i, c := range cells {
		if i < len(t.cols) && t.cols[i].cut {
			parts[i] = []string{cutMiddle(c, w[i])}
		} else {
			parts[i] = wrapHard(c, w[i])
		}
		height = max(height, len(parts[i]))
	}
	for l := 0; l < height; l++ {
		var s strings.Builder
		for i := range cells {
			cell := ""
			if l < len(parts[i]) {
				cell = parts[i][l]
			}
			if i > 0 {
				s.WriteString("  ")
			}
			s.WriteString(cell)
			if i < len(cells)-1 {
				s.WriteString(strings.Repeat(" ", w[i]-runes(cell)))
			}
		}
		b.WriteString(strings.TrimRight(s.String(), " ") + "\n")
	}
}

// fits tells whether every cell fits its column on one line.
func fits(w []int, cells []string) bool {
	if len(cells) > len(w) {
		return false
	}
	for i, c := range cells {
		if runes(c) > w[i] {
			return false
		}
	}
	return true
}

func titles(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.title
	}
	return out
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// cutMiddle shortens s to width runes by replacing its middle with an
// ellipsis: an address keeps its host and its last path segment.
func cutMiddle(s string, width int) string {
	r := []rune(s)
	if len(r) <= width || width < 3 {
		return s
	}
	head := (width - 1) / 2
	tail := width - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// wrap breaks s into lines of at most width runes at spaces. A word longer
// than a line (an address) is never cut: it gets a line of its own, as
// long as it must be, so that it can still be copied whole. Spaces inside
// a line are kept, so that aligned text stays aligned.
func wrap(s string, width int) []string {
	r := []rune(s)
	if width < 1 || len(r) <= width {
		return []string{s}
	}
	var lines []string
	for len(r) > width {
		cut := -1
		for i := width; i > 0; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		if cut <= 0 { // one long word: up to the next space
			cut = len(r)
			for i := width; i < len(r); i++ {
				if r[i] == ' ' {
					cut = i
					break
				}
			}
		}
		lines = append(lines, strings.TrimRight(string(r[:cut]), " "))
		r = r[cut:]
		for len(r) > 0 && r[0] == ' ' {
			r = r[1:]
		}
	}
	if len(r) > 0 {
		lines = append(lines, strings.TrimRight(string(r), " "))
	}
	return lines
}

// wrapHard wraps a table cell: a word longer than its column is cut, so
// that the columns to its right stay aligned.
func wrapHard(s string, width int) []string {
	var out []string
	for _, l := range wrap(s, width) {
		r := []rune(l)
		for len(r) > width {
			out = append(out, string(r[:width]))
			r = r[width:]
		}
		out = append(out, string(r))
	}
	return out
}

// plural spells a count with its noun: "1 document", "3 documents".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ay") && !strings.HasSuffix(noun, "ey"):
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	case strings.HasSuffix(noun, "s") || strings.HasSuffix(noun, "sh") || strings.HasSuffix(noun, "ch"):
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
