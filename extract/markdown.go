package extract

import (
	"regexp"
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// impliedHeadingLevel is the level given to headings that the source marks
// only by style: a bold-only Markdown line or a short title line in plain
// text.
const impliedHeadingLevel = 2

var (
	mdATX       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	mdSetext    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	mdRule      = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdBullet    = regexp.MustCompile(`^([ \t]*)[-*+•·▪◦‣●][ \t]+(.*)$`)
	mdOrdered   = regexp.MustCompile(`^([ \t]*)\d{1,9}[.)][ \t]+(.*)$`)
	mdFence     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdQuote     = regexp.MustCompile(`^ {0,3}> ?`)
	mdTableSep  = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	mdBoldStart = regexp.MustCompile(`^[*_][*_ \t]*`)
	mdBoldEnd   = regexp.MustCompile(`[ \t]*[*_][*_ \t]*$`)
)

// Markdown extracts a document from Markdown text. It understands what
// policy pages converted to Markdown contain: ATX and setext headings, lines
// made only of bold text (headings too), bullet and numbered lists (nested
// lists are flattened), block quotes, tables, fenced code, and inline markup
// that is stripped, including the spaces converters pad it with.
func Markdown(text string, opts Options) *doc.Document {
	p := &mdParser{b: newBuilder(opts)}
	for _, line := range splitLines(text) {
		p.line(line)
	}
	p.flush()
	return &doc.Document{Title: p.b.firstHeading(), Main: "markdown", Blocks: p.b.blocks}
}

type mdParser struct {
	b *builder

	para    []string // lines of the open paragraph, raw
	item    []string // lines of the open list item, raw
	fence   string   // the open code fence, "" when none
	code    []string
	comment bool // inside a multi-line HTML comment
}

func (p *mdParser) line(line string) {
	if p.fence != "" {
		if strings.HasPrefix(strings.TrimSpace(line), p.fence) {
			p.b.add(doc.Paragraph, 0, strings.Join(p.code, " "))
			p.fence, p.code = "", nil
			return
		}
		p.code = append(p.code, line)
		return
	}
	if p.comment {
		if _, after, ok := strings.Cut(line, "-->"); ok {
			p.comment = false
			p.line(after)
		}
		return
	}
	if i := strings.Index(line, "<!--"); i >= 0 && !strings.Contains(line[i:], "-->") {
		p.comment = true
		line = line[:i]
	}
	for mdQuote.MatchString(line) {
		line = mdQuote.ReplaceAllString(line, "")
	}
	switch {
	case isBlank(line):
		p.flush()
	case mdFence.MatchString(line):
		p.flush()
		p.fence = mdFence.FindStringSubmatch(line)[1]
	case mdSetext.MatchString(line) && len(p.para) > 0:
		level := 1
		if strings.Contains(line, "-") {
			level = 2
		}
		text := p.joined(p.para)
		p.para = nil
		p.b.add(doc.Heading, level, text)
	case mdRule.MatchString(line):
		p.flush()
	case mdATX.MatchString(line):
		p.flush()
		m := mdATX.FindStringSubmatch(line)
		p.b.add(doc.Heading, len(m[1]), stripInline(m[2]))
	case mdBullet.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "**"):
		p.flush()
		p.item = []string{mdBullet.FindStringSubmatch(line)[2]}
	case mdOrdered.MatchString(line):
		p.flush()
		p.item = []string{mdOrdered.FindStringSubmatch(line)[2]}
	case strings.HasPrefix(strings.TrimSpace(line), "|"):
		p.flush()
		if !mdTableSep.MatchString(line) {
			p.b.add(doc.TableRow, 0, tableRow(line))
		}
	case p.item != nil:
		p.item = append(p.item, line)
	default:
		p.para = append(p.para, line)
	}
}

func (p *mdParser) flush() {
	if p.item != nil {
		p.b.add(doc.ListItem, 0, p.joined(p.item))
		p.item = nil
	}
	if p.para != nil {
		p.paragraph(p.para)
		p.para = nil
	}
	if p.fence != "" && p.code != nil {
		// An unclosed fence runs to the end of the text.
		p.b.add(doc.Paragraph, 0, strings.Join(p.code, " "))
		p.fence, p.code = "", nil
	}
}

// paragraph emits a paragraph, splitting off the bold-only lines that act
// as headings: a bold line alone, or followed by a hard line break
// ("**TITLE**  \nText…").
func (p *mdParser) paragraph(lines []string) {
	var run []string
	for i, l := range lines {
		standalone := (i == 0 || hardBreak(lines[i-1])) && (i == len(lines)-1 || hardBreak(l))
		if standalone && boldOnly(l) {
			if run != nil {
				p.b.add(doc.Paragraph, 0, p.joined(run))
				run = nil
			}
			p.b.add(doc.Heading, impliedHeadingLevel, stripInline(strings.TrimSpace(l)))
			continue
		}
		run = append(run, l)
	}
	if run != nil {
		p.b.add(doc.Paragraph, 0, p.joined(run))
	}
}

func (p *mdParser) joined(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		l = strings.TrimSuffix(l, "\\")
		parts[i] = stripInline(l)
	}
	return strings.Join(parts, " ")
}

// hardBreak reports whether a line ends with a Markdown hard line break.
func hardBreak(l string) bool {
	return strings.HasSuffix(l, "  ") || strings.HasSuffix(l, "\\")
}

// boldOnly reports whether a line is made only of strong-emphasised text,
// possibly wrapped in italics, such as "_ **Cookies:**_"; a long sentence
// in bold is emphasis, not a heading.
func boldOnly(l string) bool {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimRight(l, " \t"), "\\"))
	start := mdBoldStart.FindString(t)
	if start == "" || len(start) == len(t) {
		return false
	}
	end := mdBoldEnd.FindString(t[len(start):])
	if end == "" {
		return false
	}
	inner := t[len(start) : len(t)-len(end)]
	strong := func(d string) bool { return strings.Contains(d, "**") || strings.Contains(d, "__") }
	if !strong(start) || !strong(end) || strong(inner) || strings.TrimSpace(inner) == "" {
		return false
	}
	return len(strings.Fields(inner)) <= 12
}

func tableRow(line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, "\\|") {
		line = line[:len(line)-1]
	}
	var cells []string
	var cell strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cell.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, cell.String())
			cell.Reset()
		default:
			cell.WriteByte(line[i])
		}
	}
	cells = append(cells, cell.String())
	return joinCells(cells, func(c string) string { return cleanText(stripInline(c)) })
}

// joinCells joins a table row's non-empty cells with " | ".
func joinCells(cells []string, clean func(string) string) string {
	kept := cells[:0:0]
	for _, c := range cells {
		if c = clean(c); c != "" {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " | ")
}

func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// isBlank reports whether a line holds only whitespace, counting the
// no-break spaces that copied pages are full of.
func isBlank(line string) bool {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u00A0' || r == '\u200B' || r == '\uFEFF' {
			return ' '
		}
		return r
	}, line)) == ""
}
