package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// typography maps characters that vary with a page's typesetting, not with
// its meaning, to one plain form. The same policy reformatted must hash the
// same, so curly quotes, dash variants and odd spaces all fold here.
var typography = map[rune]string{
	'\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
	'\u0060': "'", '\u00B4': "'",
	'\u201C': `"`, '\u201D': `"`, '\u201E': `"`, '\u201F': `"`, '\u2033': `"`,
	'\u00AB': `"`, '\u00BB': `"`,
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-",
	'\u2015': "-", '\u2212': "-", '\uFE58': "-", '\uFE63': "-", '\uFF0D': "-",
	'\u2026': "...",
	'\u00A0': " ", '\u2007': " ", '\u202F': " ", '\u3000': " ",
}

// invisible characters carry no text and are dropped: zero-width spaces and
// joiners, the byte-order mark, soft hyphens, bidi marks.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F',
		'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return false
}

// Normalize folds typography and whitespace: Unicode NFKC, invalid UTF-8
// replaced, quotes and dashes made plain, invisible characters dropped, control
// characters and whitespace runs turned into one space, the ends trimmed.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if rep, ok := typography[r]; ok {
			if rep == " " {
				space = true
				continue
			}
			flushSpace(&b, &space)
			b.WriteString(rep)
			continue
		}
		switch {
		case invisible(r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Zs, r):
			space = true
			continue
		}
		flushSpace(&b, &space)
		b.WriteRune(r)
	}
	return b.String()
}

func flushSpace(b *strings.Builder, space *bool) {
	if *space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	*space = false
}
