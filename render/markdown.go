package render

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

func renderMarkdown(r classify.Report, m Meta) []byte {
	var b bytes.Buffer
	title := "Policy changes"
	if m.Title != "" {
		title += ": " + mdText(m.Title)
	}
	fmt.Fprintf(&b, "# %s\n\n", title)

	versions := false
	for _, side := range []struct{ name, label, url string }{
		{"Old", m.OldLabel, m.OldURL},
		{"New", m.NewLabel, m.NewURL},
	} {
		if v := mdVersion(side.label, side.url); v != "" {
			fmt.Fprintf(&b, "- **%s:** %s\n", side.name, v)
			versions = true
		}
	}
	if versions {
		b.WriteByte('\n')
	}

	s := r.Summary
	b.WriteString("| Added | Removed | Modified | Moved | Material | Max severity | Categories |\n")
	b.WriteString("| ---: | ---: | ---: | ---: | --- | --- | --- |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %s | %s | %s |\n",
		s.Added, s.Removed, s.Modified, s.Moved, materialWord(s), s.MaxSeverity, mdList(s.Categories))
	if s.Note != "" {
		fmt.Fprintf(&b, "\n_%s_\n", mdEscape(s.Note))
	}
	if n := unlistedNote(s); n != "" {
		fmt.Fprintf(&b, "\n_%s_\n", mdEscape(n))
	}

	if len(r.Changes) == 0 {
		b.WriteString("\nNo changes.\n")
		return b.Bytes()
	}
	for _, c := range r.Changes {
		b.WriteByte('\n')
		mdChange(&b, c)
	}
	return b.Bytes()
}

func mdChange(b *bytes.Buffer, c classify.Change) {
	fmt.Fprintf(b, "### %s · %s", strings.ToUpper(c.Severity.String()), mdEscape(string(c.Kind)))
	if c.Section != "" {
		fmt.Fprintf(b, " · %s", mdText(c.Section))
	}
	b.WriteString("\n\n")

	switch {
	case hasWords(c):
		b.WriteString(mdLineStart(mdWords(c.Words)) + "\n")
	case c.Kind == diff.Modified:
		fmt.Fprintf(b, "**Before:** %s\n\n**After:** %s\n", mdText(c.OldText), mdText(c.NewText))
	case c.Kind == diff.Added:
		fmt.Fprintf(b, "**Added:** %s\n", mdText(c.NewText))
	case c.Kind == diff.Removed:
		fmt.Fprintf(b, "**Removed:** ~~%s~~\n", mdText(c.OldText))
	default:
		if from := movedFrom(c); from != "" {
			fmt.Fprintf(b, "**Moved from** *%s*: %s\n", mdText(from), mdText(shownText(c)))
		} else {
			fmt.Fprintf(b, "**Moved:** %s\n", mdText(shownText(c)))
		}
	}

	if len(c.Categories) > 0 {
		fmt.Fprintf(b, "\nCategories: %s\n", mdList(c.Categories))
	}
	if len(c.Reasons) > 0 {
		b.WriteString("\nWhy:\n\n")
		for _, why := range c.Reasons {
			fmt.Fprintf(b, "- %s\n", mdLineStart(mdText(why)))
		}
	}
}

// mdWords renders a word diff as one paragraph: ~~deleted~~ **inserted**.
func mdWords(ops []diff.Op) string {
	var b strings.Builder
	for _, op := range ops {
		text := mdEscape(op.Text)
		lead, core, trail := splitSpace(text)
		switch {
		case op.Type == diff.Equal || core == "":
			b.WriteString(text)
		case op.Type == diff.Delete:
			b.WriteString(lead + "~~" + core + "~~" + trail)
		case op.Type == diff.Insert:
			b.WriteString(lead + "**" + core + "**" + trail)
		}
	}
	return strings.TrimSpace(b.String())
}

func mdList(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return mdEscape(strings.Join(ss, ", "))
}

// mdVersion is a version's label, linked to its URL when that is a web
// address; other schemes (javascript:, data:) are shown as text only.
func mdVersion(label, link string) string {
	label, link = oneLine(label), oneLine(link)
	if link == "" {
		return mdText(label)
	}
	if label == "" {
		label = link
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return mdText(label) + " (" + mdEscape(link) + ")"
	}
	return "[" + mdText(label) + "](<" + mdDestination(u.String()) + ">)"
}

// mdDestination makes a URL safe inside <…>: no spaces, angle brackets or
// backslashes left to end or bend the destination.
var mdDestinationReplacer = strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", `\`, "%5C")

func mdDestination(s string) string { return mdDestinationReplacer.Replace(s) }

// mdEscapeReplacer backslash-escapes every character that can open
// emphasis, code, links, raw HTML, entities, headings or table cells, so
// page text renders as the words it is and never as markup.
var mdEscapeReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`,
)

// mdEscape makes page text safe inside a Markdown line.
func mdEscape(s string) string {
	return mdEscapeReplacer.Replace(oneLine(s))
}

// mdText is a whole field of page text, escaped and trimmed so that
// delimiters around it hug its first and last characters.
func mdText(s string) string { return strings.TrimSpace(mdEscape(s)) }

// mdLineStart escapes what would turn the start of a line into a list item
// or a thematic break ("- ", "+ ", "1. ", "2) ", "---") and drops leading
// spaces, which could make an indented code block.
func mdLineStart(s string) string {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return s
	}
	if s[0] == '-' || s[0] == '+' || s[0] == '=' {
		return `\` + s
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + `\` + s[digits:]
	}
	return s
}
