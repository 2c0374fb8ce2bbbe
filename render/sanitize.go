package render

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes page text safe to print on a terminal: it removes ANSI
// escape sequences (CSI, OSC hyperlinks and titles, DCS and the like, in
// their 7-bit and 8-bit forms), other C0 and C1 control characters, DEL and
// bidi overrides, which could recolour, retitle, hide or reorder what the
// reader sees. Newlines and tabs stay; a carriage return, which would let a
// page overwrite the line already printed, becomes a newline; invalid UTF-8
// becomes U+FFFD.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(s[i:])
		case r == 0x9b: // 8-bit CSI
			i += size + csiLen(s[i+size:])
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, OSC, PM, APC
			i += size + controlStringLen(s[i+size:])
		case r == '\r':
			b.WriteByte('\n')
			i += size
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\v' || r == '\f':
			b.WriteByte(' ')
			i += size
		case hostile(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || hostile(r) {
			return false
		}
	}
	return true
}

// hostile reports runes a terminal acts on instead of printing.
func hostile(r rune) bool {
	if r < 0x20 {
		return r != '\n' && r != '\t'
	}
	return terminalHostile(r)
}

// terminalHostile reports the printable-range runes that still act on a
// terminal or reorder text: DEL, C1 controls and bidi embeddings, overrides
// and isolates (the "Trojan Source" characters).
func terminalHostile(r rune) bool {
	return r == 0x7f ||
		(r >= 0x80 && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) ||
		(r >= 0x2066 && r <= 0x2069)
}

// escapeLen is the length of the escape sequence at the start of s, which
// begins with ESC. An unterminated control string only loses its
// introducer, so a stray ESC cannot swallow the rest of a clause.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiLen(s[2:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 2 + controlStringLen(s[2:])
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then a final byte
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++
		}
		return n
	case c >= 0x30 && c <= 0x7e: // two-character sequence
		return 2
	}
	return 1
}

// csiLen is the length of the parameters, intermediates and final byte of
// a control sequence; it stops early at a byte that cannot belong to one.
func csiLen(s string) int {
	n := 0
	for n < len(s) && s[n] >= 0x30 && s[n] <= 0x3f {
		n++
	}
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
		n++
	}
	if n < len(s) && s[n] >= 0x40 && s[n] <= 0x7e {
		n++
	}
	return n
}

// controlStringLen is the length of a control string body and its
// terminator (BEL, ESC \ or 8-bit ST), or 0 when it is never terminated.
func controlStringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
	}
	return 0
}

// oneLine sanitizes s and turns its remaining newlines and tabs into
// spaces, for formats that print a clause per line.
func oneLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
