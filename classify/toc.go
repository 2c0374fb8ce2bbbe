package classify

import (
	"strings"
	"unicode"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
)

// A table of contents names sections, it states nothing: its entries come
// and go with the links a page shows ("Jump to", "Sur cette page"), and a
// link label translated or reordered ("Archived Versions" → "Versions
// archivées") is the same label.

// tocHeadings are the headings of a table of contents or an in-page menu,
// in the languages read.
var tocHeadings = []string{
	"table of contents", "contents", "jump to", "on this page", "in this article", "in this section", "quick links",
	"table des matières", "sommaire", "sur cette page", "dans cet article", "aller à",
	"inhaltsverzeichnis", "inhalt", "auf dieser seite", "springe zu", "in diesem artikel",
	"índice", "indice", "tabla de contenidos", "contenido", "en esta página", "ir a",
	"sommario", "in questa pagina", "vai a",
	"inhoudsopgave", "inhoud", "op deze pagina", "ga naar", "in dit artikel",
	"sumário", "conteúdo", "nesta página", "ir para",
}

// tocHeading reports whether a section heading is that of a table of
// contents. It is asked of every heading near the start of a page, so it
// allocates nothing.
func tocHeading(section string) bool {
	h := strings.TrimFunc(section, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(h) > 24 {
		return false
	}
	for _, t := range tocHeadings {
		if strings.EqualFold(h, t) {
			return true
		}
	}
	return false
}

// tocEntries reports whether a change only touches the entries of a table
// of contents: on every side it has, its text lists titles, with no
// sentence in it, and stands under such a heading.
func (r *reader) tocEntries(c diff.Change) bool {
	oldSection := c.OldSection
	if oldSection == "" {
		oldSection = c.Section
	}
	for _, side := range []struct{ text, section string }{{c.OldText, oldSection}, {c.NewText, c.Section}} {
		if side.text == "" {
			continue
		}
		if !titlesOnly(side.text) {
			return false
		}
		// With the documents at hand, the table is read there; else
		// the change's section heading tells.
		if r.docsRead && !r.inTOC(side.text) || !r.docsRead && !tocHeading(side.section) {
			return false
		}
	}
	return true
}

func (r *reader) inTOC(text string) bool {
	f := foldForCompare(text)
	for _, t := range r.toc {
		if strings.Contains(t, f) {
			return true
		}
	}
	return false
}

// tocTexts collects the lines that stand under a table of contents'
// heading, up to the next heading, near the start of both documents. A
// section under such a heading that holds a sentence is no table of
// contents ("Sommaire" may head a summary too). Only headings are parsed
// until one is found.
func tocTexts(texts ...string) []string {
	var out, section []string
	in, prose := false, false
	flush := func() {
		if in && !prose {
			out = append(out, section...)
		}
		section, prose = section[:0], false
	}
	for _, text := range texts {
		in = false
		for rest, n := text, 0; rest != "" && n < tocScan; n++ {
			line := rest
			if k := strings.IndexByte(rest, '\n'); k >= 0 {
				line, rest = rest[:k], rest[k+1:]
			} else {
				rest = ""
			}
			if !in && !(strings.HasPrefix(line, "#") && tocHeading(strings.TrimLeft(line, "# "))) {
				continue
			}
			bl := doc.Parse(line).Blocks
			if len(bl) == 0 {
				continue
			}
			if bl[0].Kind == doc.Heading {
				flush()
				in = tocHeading(bl[0].Text)
				continue
			}
			t := strings.TrimSpace(bl[0].Text)
			if !titlesOnly(t) || strings.HasSuffix(t, ":") {
				prose = true
			}
			if len(section) < 64 {
				section = append(section, foldForCompare(t))
			}
		}
		flush()
	}
	return out
}

// tocScan is how many lines from the start a table of contents may be
// found in.
const tocScan = 400

// titlesOnly reports whether a text is a run of titles: no sentence ends
// in it ("Overview Best Practices Steps to Take if …"), and it is not
// long.
func titlesOnly(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || len(t) > 600 || strings.HasSuffix(t, ".") {
		return false
	}
	for i := 0; i+2 < len(t); i++ {
		if (t[i] == '.' || t[i] == ';') && t[i+1] == ' ' {
			return false
		}
	}
	return true
}

// sameLabel reports whether two short labels hold the same words, in any
// order and inflection: "Archived Versions" → "Versions archivées". Two
// words are one when they share their stem or their first six letters,
// accents folded; a label with a negation, a modal, a number or an address
// is never one.
func (v *vocab) sameLabel(old, nw *clause) bool {
	const most = 4
	if len(old.toks) == 0 || len(old.toks) > most || len(old.toks) != len(nw.toks) {
		return false
	}
	if strings.ContainsAny(old.text+nw.text, ".;:") {
		return false
	}
	plain := func(c *clause) bool {
		for _, t := range c.toks {
			if v.grammatical(t.stem) || t.addr || isDigit(t.raw[0]) {
				return false
			}
		}
		return true
	}
	if !plain(old) || !plain(nw) {
		return false
	}
	alike := func(a, b token) bool {
		if a.stem == b.stem {
			return true
		}
		x, y := []rune(foldAccents(a.raw)), []rune(foldAccents(b.raw))
		return len(x) >= 6 && len(y) >= 6 && string(x[:6]) == string(y[:6])
	}
	used := make([]bool, len(nw.toks))
	for _, a := range old.toks {
		found := false
		for j, b := range nw.toks {
			if !used[j] && alike(a, b) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
