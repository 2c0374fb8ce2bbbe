package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

// ANSI SGR codes used by the text format. Page text is sanitized before it
// is printed, so these are the only escape sequences that reach a terminal.
const (
	sgrReset   = "\x1b[0m"
	sgrBold    = "\x1b[1m"
	sgrDim     = "\x1b[2m"
	sgrRed     = "\x1b[31m"
	sgrGreen   = "\x1b[32m"
	sgrCyan    = "\x1b[36m"
	sgrDeleted = "\x1b[9;31m" // red strikethrough
	sgrAdded   = "\x1b[4;32m" // green underline
)

var severitySGR = map[classify.Severity]string{
	classify.High:   "\x1b[1;31m",
	classify.Medium: "\x1b[1;33m",
	classify.Low:    "\x1b[36m",
	classify.None:   sgrDim,
}

// textWriter accumulates the text format, colouring only when asked.
type textWriter struct {
	buf   bytes.Buffer
	color bool
}

func (t *textWriter) paint(sgr, s string) string {
	if !t.color || s == "" {
		return s
	}
	return sgr + s + sgrReset
}

func renderText(r classify.Report, opt Options) []byte {
	t := &textWriter{color: opt.Color}
	t.header(opt.Meta)
	t.summary(r.Summary)
	if len(r.Changes) == 0 {
		t.buf.WriteString("\nNo changes.\n")
		return t.buf.Bytes()
	}
	for _, c := range r.Changes {
		t.buf.WriteByte('\n')
		t.change(c)
	}
	return t.buf.Bytes()
}

func (t *textWriter) header(m Meta) {
	if m.Title != "" {
		fmt.Fprintln(&t.buf, t.paint(sgrBold, oneLine(m.Title)))
	}
	for _, side := range []struct{ name, label, url string }{
		{"old", m.OldLabel, m.OldURL},
		{"new", m.NewLabel, m.NewURL},
	} {
		parts := nonEmpty(oneLine(side.label), oneLine(side.url))
		if len(parts) > 0 {
			fmt.Fprintf(&t.buf, "%s: %s\n", side.name, strings.Join(parts, "  "))
		}
	}
}

func (t *textWriter) summary(s classify.Summary) {
	fmt.Fprintf(&t.buf, "+%d -%d ~%d >%d  material: %s  max severity: %s",
		s.Added, s.Removed, s.Modified, s.Moved, materialWord(s), s.MaxSeverity)
	if len(s.Categories) > 0 {
		fmt.Fprintf(&t.buf, "  categories: %s", oneLine(strings.Join(s.Categories, ", ")))
	}
	t.buf.WriteByte('\n')
	if s.Note != "" {
		fmt.Fprintf(&t.buf, "note: %s\n", oneLine(s.Note))
	}
	if n := unlistedNote(s); n != "" {
		fmt.Fprintf(&t.buf, "note: %s\n", n)
	}
}

func (t *textWriter) change(c classify.Change) {
	badge := "[" + strings.ToUpper(c.Severity.String()) + "]"
	fmt.Fprintf(&t.buf, "%s %s", t.paint(severitySGR[c.Severity], badge), oneLine(string(c.Kind)))
	if c.Section != "" {
		fmt.Fprintf(&t.buf, " · %s", t.paint(sgrBold, oneLine(c.Section)))
	}
	t.buf.WriteByte('\n')

	switch {
	case hasWords(c) && t.color:
		t.line(sgrRed, "- ", t.words(c.Words, diff.Delete, sgrDeleted))
		t.line(sgrGreen, "+ ", t.words(c.Words, diff.Insert, sgrAdded))
	case hasWords(c):
		t.buf.WriteString("~ " + inlineWords(c.Words) + "\n")
	case c.Kind == diff.Modified:
		t.line(sgrRed, "- ", t.paint(sgrRed, oneLine(c.OldText)))
		t.line(sgrGreen, "+ ", t.paint(sgrGreen, oneLine(c.NewText)))
	case c.Kind == diff.Added:
		t.line(sgrGreen, "+ ", t.paint(sgrGreen, oneLine(c.NewText)))
	case c.Kind == diff.Removed:
		t.line(sgrRed, "- ", t.paint(sgrRed, oneLine(c.OldText)))
	default: // moved, or a kind this version does not know
		line := t.paint(sgrCyan, oneLine(shownText(c)))
		if from := movedFrom(c); from != "" {
			line += fmt.Sprintf("  (moved from %q)", oneLine(from))
		}
		t.line(sgrCyan, "> ", line)
	}

	if len(c.Categories) > 0 {
		fmt.Fprintf(&t.buf, "  categories: %s\n", oneLine(strings.Join(c.Categories, ", ")))
	}
	for _, why := range c.Reasons {
		fmt.Fprintf(&t.buf, "  why: %s\n", oneLine(why))
	}
}

func (t *textWriter) line(markerSGR, marker, body string) {
	t.buf.WriteString(t.paint(markerSGR, marker) + body + "\n")
}

// words renders one side of a word diff: the kept text plus the runs of
// kind, highlighted with sgr.
func (t *textWriter) words(ops []diff.Op, kind diff.OpType, sgr string) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Type {
		case diff.Equal:
			b.WriteString(oneLine(op.Text))
		case kind:
			lead, core, trail := splitSpace(oneLine(op.Text))
			b.WriteString(lead + t.paint(sgr, core) + trail)
		}
	}
	return b.String()
}

// inlineWords renders both sides of a word diff on one line, wdiff style:
// "We [-do not-] {+may+} sell".
func inlineWords(ops []diff.Op) string {
	var b strings.Builder
	for _, op := range ops {
		text := oneLine(op.Text)
		lead, core, trail := splitSpace(text)
		switch {
		case op.Type == diff.Equal || core == "":
			b.WriteString(text)
		case op.Type == diff.Delete:
			b.WriteString(lead + "[-" + core + "-]" + trail)
		case op.Type == diff.Insert:
			b.WriteString(lead + "{+" + core + "+}" + trail)
		}
	}
	return b.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
