package extract

import (
	"strings"
	"unicode"
)

// markupMark stands where markup (an emphasis delimiter) was stripped, until
// resolveMarkupSpaces decides what spacing the text really had there.
// HTML-to-Markdown converters pad emphasis with spaces ("“ **Acme** ”") so
// that the delimiters parse; those spaces are not part of the text, and the
// same sentence with or without markup must read the same.
const markupMark = '\uE000'

// resolveMarkupSpaces replaces each run of marks and whitespace that holds a
// mark: by nothing when the run had no whitespace, or when it sits just
// inside a quote or bracket or just before closing punctuation; by one space
// otherwise.
func resolveMarkupSpaces(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		r := rs[i]
		if r != markupMark && !unicode.IsSpace(r) {
			b.WriteRune(r)
			i++
			continue
		}
		j, marked, spaced := i, false, false
		for ; j < len(rs) && (rs[j] == markupMark || unicode.IsSpace(rs[j])); j++ {
			if rs[j] == markupMark {
				marked = true
			} else {
				spaced = true
			}
		}
		switch {
		case !marked:
			b.WriteString(string(rs[i:j]))
		case spaced && !opensAt(rs, i-1) && !closesAt(rs, j):
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

// opensAt reports whether rs[k] opens a quotation or bracket, so that no
// space follows it.
func opensAt(rs []rune, k int) bool {
	if k < 0 {
		return true
	}
	switch rs[k] {
	case '(', '[', '{', '\u201C', '\u2018', '\u00AB', '\u201E':
		return true
	case '"', '\'':
		return k == 0 || unicode.IsSpace(rs[k-1]) || rs[k-1] == markupMark || strings.ContainsRune("([{", rs[k-1])
	}
	return false
}

// closesAt reports whether rs[k] closes a quotation or bracket or is
// punctuation that attaches to the word before it.
func closesAt(rs []rune, k int) bool {
	if k >= len(rs) {
		return true
	}
	switch rs[k] {
	case ')', ']', '}', ',', '.', ';', ':', '!', '?', '\u201D', '\u2019', '\u00BB':
		return true
	case '"', '\'':
		return k+1 >= len(rs) || unicode.IsSpace(rs[k+1]) || unicode.IsPunct(rs[k+1]) || rs[k+1] == markupMark
	}
	return false
}
