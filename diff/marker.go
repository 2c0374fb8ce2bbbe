package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bullets are glyphs that mark list items in plain-text and markdown policies.
const bullets = "•◦▪▫‣∙·●○■□►▸➢➤✓✔*-–—"

// stripMarker removes a leading list marker or number ("•", "4.", "4.2",
// "a)", "(ii)", "IV.") from s. Markers are structure: renumbering a list or
// swapping bullets must not read as a text change. depth is how many levels
// a decimal number has (1 for "4.", 2 for "4.2"), 0 for other markers.
// numbered is set for markers that can number a section: decimals and
// upper-case numerals or letters, not bullets nor "a)" or "iv.".
// A number without a closing dot ("4.2 Retention") is a marker only when
// bare is set: in prose it is more likely a quantity ("2.5 GB").
func stripMarker(s string, bare bool) (rest string, numbered bool, depth int) {
	rest = s
	for range 2 { // "• 1. text" carries two markers
		r, ok, d := stripOne(rest, bare)
		if !ok {
			break
		}
		rest = r
		switch {
		case d > 0:
			numbered, depth = true, d
		case d == -1:
			numbered = true
		}
	}
	return rest, numbered, depth
}

// stripOne removes one marker. d is the decimal depth, -1 for upper-case
// roman numerals and letters, -2 for lower-case ones, 0 for bullets.
func stripOne(s string, bare bool) (rest string, ok bool, d int) {
	if r, size := utf8.DecodeRuneInString(s); strings.ContainsRune(bullets, r) {
		rest = s[size:]
		if strings.HasPrefix(rest, " ") || r == '•' || r == '●' || r == '▪' {
			return strings.TrimLeft(rest, " "), true, 0
		}
		return s, false, 0
	}
	paren := strings.HasPrefix(s, "(")
	body := s
	if paren {
		body = s[1:]
	}
	n, d := markerBody(body)
	if n == 0 || n >= len(body) {
		return s, false, 0
	}
	term := body[n]
	after := body[n+1:]
	switch {
	case paren && term != ')':
		return s, false, 0
	case term == ')' || term == '.':
	case term == ' ' && d >= 2 && bare: // "4.2 Retention"
		after = body[n:]
	default:
		return s, false, 0
	}
	if !strings.HasPrefix(after, " ") {
		return s, false, 0
	}
	rest = strings.TrimLeft(after, " ")
	if rest == "" {
		return s, false, 0
	}
	return rest, true, d
}

// markerBody measures the number or letter of a marker at the start of s:
// "12", "4.2", "iv", "B". It returns its length and decimal depth (-1 when it
// is not decimal).
func markerBody(s string) (n, depth int) {
	if s == "" {
		return 0, 0
	}
	if s[0] >= '0' && s[0] <= '9' {
		depth = 1
		digits := 0
		for n < len(s) {
			c := s[n]
			switch {
			case c >= '0' && c <= '9':
				digits++
				if digits > 3 {
					return 0, 0 // a year or an amount, not a marker
				}
			case c == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9':
				depth++
				digits = 0
			default:
				return n, depth
			}
			n++
		}
		return n, depth
	}
	for n < len(s) && n < 6 && strings.IndexByte("ivxIVX", s[n]) >= 0 {
		n++
	}
	if n > 0 && n < len(s) && !isLetter(s[n]) {
		if n == 1 || sameCase(s[:n]) {
			return n, letterDepth(s[:n])
		}
	}
	if r, size := utf8.DecodeRuneInString(s); unicode.IsLetter(r) && size < len(s) && !isLetter(s[size]) {
		return size, letterDepth(s[:size])
	}
	return 0, 0
}

// letterDepth tells upper-case markers ("IV.", "B."), which number sections,
// from lower-case ones ("iv.", "b."), which number list items.
func letterDepth(m string) int {
	if m == strings.ToUpper(m) {
		return -1
	}
	return -2
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func sameCase(s string) bool {
	return s == strings.ToLower(s) || s == strings.ToUpper(s)
}
