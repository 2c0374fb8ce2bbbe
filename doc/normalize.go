package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// typography folds characters that vary with a page's typesetting, not
// with its meaning, to one plain form: the same policy reformatted must hash
// the same. It returns "" for characters it leaves alone.
func typography(r rune) string {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u0060', '\u00B4':
		return "'"
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
		return `"`
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return "-"
	case '\u2026':
		return "..."
	case '\u00A0', '\u2007', '\u202F', '\u3000':
		return " "
	}
	return ""
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
// characters and whitespace runs turned into one space, terminal escape
// sequences dropped whole, the ends trimmed.
func Normalize(s string) string {
	s = stripEscapes(s)
	if plain(s) {
		return s // most text of most policies: nothing to fold
	}
	if isASCII(s) {
		return normalizeASCII(s)
	}
	return normalizeUnicode(s)
}

// normalizeASCII is normalizeUnicode for ASCII text, byte by byte: most
// text of most pages is ASCII laid out with line breaks and indentation.
func normalizeASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= ' ' || c == 0x7f: // whitespace and control characters
			space = true
			continue
		case c == '`':
			c = '\''
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

func normalizeUnicode(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = compatibilityFold(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if rep := typography(r); rep != "" {
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

// compatibilityFold applies NFKC (full-width letters, ligatures, odd
// spaces become plain text) except to the signs that NFKC spells out as
// letters or digits glued to the word before them: "AI-for-HR™" would read
// "AI-for-HRTM", "nº 2" "no 2", "data¹" "data1", "℅" "c/o". A reader sees
// a sign there, not another word.
func compatibilityFold(s string) string {
	if strings.IndexFunc(s, keptSign) < 0 {
		return norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		i := strings.IndexFunc(s, keptSign)
		if i < 0 {
			b.WriteString(norm.NFKC.String(s))
			break
		}
		b.WriteString(norm.NFKC.String(s[:i]))
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		s = s[i+size:]
	}
	return b.String()
}

// keptSign reports the signs compatibilityFold leaves as written: trade and
// service marks, care-of and similar, ordinal indicators, numero,
// superscripts and subscripts, vulgar fractions.
func keptSign(r rune) bool {
	switch r {
	case '\u2122', '\u2120', '\u2105', '\u2106', '\u2116', '\u00AA', '\u00BA',
		'\u00B9', '\u00B2', '\u00B3', '\u00BC', '\u00BD', '\u00BE':
		return true
	}
	return (r >= '\u2070' && r <= '\u209F') || (r >= '\u2150' && r <= '\u215F') || r == '\u2189'
}

// plain reports whether s is already normal: printable ASCII other than the
// backtick, single spaces, no space at either end.
func plain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '`' || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func flushSpace(b *strings.Builder, space *bool) {
	if *space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	*space = false
}
