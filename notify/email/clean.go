package email

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page text is untrusted: a vendor page (or whoever controls it) could
// carry terminal escapes, control characters or bidi overrides meant to
// make an alert read differently from what changed.
var escapeSeq = regexp.MustCompile(`\x1b(?:\[[0-9:;<=>?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])`)

// clean strips escape sequences, control characters and bidi controls,
// and turns line breaks and tabs into spaces: a clause is one line.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = escapeSeq.ReplaceAllString(s, "")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimRight(s[:k], " ") + "…"
		}
		i++
	}
	return s
}
