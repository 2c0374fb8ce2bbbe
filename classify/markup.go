package classify

import (
	"html"
	"strings"
	"unicode"
)

// Markup that reaches the text is no wording: an HTML entity a converter
// left as written ("«&nbsp;Twitch&nbsp;»"), the number a clause opens
// with once written bold ("**15.1.**"), a template's placeholder for a
// link ("[insérer le lien vers …]") replaced by the link, the counters of
// a table of contents whose links extraction could not close.

// unescapeEntities reads the HTML character references in s ("&nbsp;",
// "&amp;", "&#39;") as the characters they stand for.
func unescapeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}

// entityWord reports whether the word text[start:end] is the name of an
// HTML character reference ("nbsp" in "&nbsp;", "39" in "&#39;").
func entityWord(text string, start, end int) bool {
	if end >= len(text) || text[end] != ';' || end-start > 8 || start == 0 {
		return false
	}
	if text[start-1] == '&' {
		return true
	}
	return start >= 2 && text[start-1] == '#' && text[start-2] == '&'
}

// leadingNumber reports whether toks, tokens of c, are only the number c
// opens with, written as a clause number: "15.1", "15.1.", "4." or "4)".
// One version writing the number and the other not (or writing it as
// markup the differ set aside) changes no word.
func leadingNumber(c *clause, toks []token) bool {
	if len(toks) == 0 || len(toks) > 4 || toks[0].idx != 0 {
		return false
	}
	for _, t := range toks {
		if !allDigits(t.raw) || len(t.raw) > 3 {
			return false
		}
	}
	end := toks[len(toks)-1].end
	// Levels joined by single dots, nothing else between them.
	for i := 1; i < len(toks); i++ {
		if toks[i].start != toks[i-1].end+1 || c.text[toks[i-1].end] != '.' {
			return false
		}
	}
	if len(toks) >= 2 {
		return true
	}
	return end < len(c.text) && (c.text[end] == '.' || c.text[end] == ')') && end+1 < len(c.text) && c.text[end+1] == ' '
}

// gluedNumber reports whether a hunk only drops (or adds) the number a
// clause opens with where extraction glued it to the first word:
// "8.3.2Les frais" → "Les frais".
func gluedNumber(h hunk) bool {
	long, short := h.del, h.ins
	if len(long) < len(short) {
		long, short = short, long
	}
	if len(short) != 1 || len(long) < 2 || len(long) > 4 || long[0].idx != 0 || short[0].idx != 0 {
		return false
	}
	for _, t := range long[:len(long)-1] {
		if !allDigits(t.raw) || len(t.raw) > 3 {
			return false
		}
	}
	last := long[len(long)-1].raw
	word := strings.TrimLeft(last, "0123456789")
	return len(last)-len(word) <= 3 && word != "" && word == short[0].raw
}

// anchorCounter reports whether a hunk only adds or drops numbers in a
// clause that holds the remains of links to places on the same page
// ("Contact us](#14)16." → "…16.17."): the counters of a table of
// contents, not a quantity.
func anchorCounter(old, nw *clause, h hunk) bool {
	if !strings.Contains(old.text, "](#") || !strings.Contains(nw.text, "](#") {
		return false
	}
	for _, side := range [][]token{h.del, h.ins} {
		for _, t := range side {
			if !allDigits(t.raw) || len(t.raw) > 3 {
				return false
			}
		}
	}
	return len(h.del)+len(h.ins) > 0
}

// placeholderFilled reports whether two versions of a clause differ only
// in a template's editor's notes: a bracketed note asking for a link
// ("[Insérer le lien vers la FAQ]", "[Link to the cookie page]") dropped
// or replaced by the link, or by a word or two of link label ("ici").
func placeholderFilled(v *vocab, oldText, newText string) bool {
	o, n := dropPlaceholders(oldText), dropPlaceholders(newText)
	if o == oldText && n == newText {
		return false
	}
	words := func(s string) []token {
		var out []token
		for _, t := range v.tokenize(s) {
			if !t.addr {
				t.idx = len(out)
				out = append(out, t)
			}
		}
		return out
	}
	for _, h := range wordHunks(words(o), words(n)) {
		if len(h.del) > 0 || len(h.ins) > 2 {
			return false
		}
		for _, t := range h.ins {
			if v.signalStems[t.stem] || len(t.raw) > 8 {
				return false
			}
		}
	}
	return true
}

// dropPlaceholders removes the bracketed notes of s that ask for a link,
// innermost first.
func dropPlaceholders(s string) string {
	for range 8 {
		closeAt := -1
		for i := 0; i < len(s); i++ {
			if s[i] != ']' {
				continue
			}
			open := strings.LastIndexByte(s[:i], '[')
			if open < 0 || !asksLink(s[open+1:i]) {
				continue
			}
			s, closeAt = s[:open]+" "+s[i+1:], open
			break
		}
		if closeAt < 0 {
			return s
		}
	}
	return s
}

func asksLink(note string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(note), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if placeholderWords[w] {
			return true
		}
	}
	return false
}

// placeholderWords mark an editor's note left in a template: the words
// that ask for a link to be put in, in the languages read.
var placeholderWords = map[string]bool{
	"insert": true, "link": true, "hyperlink": true, "url": true,
	"insérer": true, "inserer": true, "lien": true,
	"einfügen": true, "verlinken": true,
	"insertar": true, "enlace": true, "vínculo": true,
	"inserire": true, "collegamento": true,
	"invoegen": true, "koppeling": true,
	"inserir": true, "ligação": true,
}
