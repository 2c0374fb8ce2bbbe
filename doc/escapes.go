package doc

import "strings"

// stripEscapes removes terminal escape sequences (ESC [ … final byte, ESC ]
// … BEL or ESC \, and the common short ones) as a whole. Dropping the
// ESC alone, as control characters are, would leave "[2J" or "[1;31m" in
// the stored text of a page pasted from a terminal.
func stripEscapes(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 && !strings.Contains(s, "\u009b") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		switch {
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[':
			i = skipCSI(s, i+2)
		case strings.HasPrefix(s[i:], "\u009b"): // the one-character CSI
			i = skipCSI(s, i+len("\u009b"))
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == ']':
			i = skipOSC(s, i+2)
		case s[i] == 0x1b && i+2 < len(s) && (s[i+1] == '(' || s[i+1] == ')'):
			i += 3 // character set designation: ESC ( B
		case s[i] == 0x1b && i+1 < len(s) && strings.IndexByte("78=>", s[i+1]) >= 0:
			i += 2 // cursor save and restore, keypad modes
		case s[i] == 0x1b:
			b.WriteByte(' ') // a lone ESC is a control character: a space, as the others
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// skipCSI skips parameter and intermediate bytes and the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipOSC skips an operating-system command up to BEL or ESC \.
func skipOSC(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
		i++
	}
	return i
}
