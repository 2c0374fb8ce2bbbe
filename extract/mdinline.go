package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripInline turns a line of Markdown inline syntax into plain text: links
// and autolinks become their text, images and HTML tags go, code spans keep
// their content, backslash escapes resolve, and emphasis delimiters become
// markupMark so that the spaces padding them can be resolved later.
func stripInline(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			if n, content, ok := codeSpan(s[i:]); ok {
				b.WriteString(content)
				i += n
				continue
			}
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if n, _, ok := link(s[i+1:]); ok {
				i += 1 + n
				continue
			}
		case c == '[':
			if n, text, ok := link(s[i:]); ok {
				b.WriteString(stripInline(text))
				i += n
				continue
			}
		case c == '<':
			if n, keep, ok := angle(s[i:]); ok {
				b.WriteString(keep)
				i += n
				continue
			}
		case c == '*' || c == '_' || c == '~':
			n := runLen(s[i:], c)
			if isDelimiter(s, i, n, c) {
				b.WriteRune(markupMark)
				i += n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// isDelimiter decides whether a run of '*', '_' or '~' is emphasis markup.
// Sloppy converted Markdown pads delimiters with spaces, so the CommonMark
// flanking rules are relaxed: only an underscore inside a word
// (snake_case, e-mail addresses), a single '*' or '~' standing alone
// between spaces, and a single '~' are kept as text.
func isDelimiter(s string, i, n int, c byte) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	if i == 0 {
		before = ' '
	}
	if i+n >= len(s) {
		after = ' '
	}
	wordy := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	switch c {
	case '_':
		return !(wordy(before) && wordy(after))
	case '~':
		return n == 2
	}
	if n == 1 && unicode.IsSpace(before) && unicode.IsSpace(after) {
		return false
	}
	// "2*3" and "5 * 3" are arithmetic, not emphasis.
	return !(n == 1 && unicode.IsDigit(before) && unicode.IsDigit(after))
}

// codeSpan matches a backtick code span at the start of s.
func codeSpan(s string) (int, string, bool) {
	n := runLen(s, '`')
	fence := s[:n]
	end := strings.Index(s[n:], fence)
	if end < 0 {
		return 0, "", false
	}
	return n + end + n, s[n : n+end], true
}

// link matches "[text](dest)", "[text][ref]" or "[text][]" at the start of
// s and returns its text.
func link(s string) (int, string, bool) {
	depth := 0
	closeAt := -1
	for i := 0; i < len(s) && closeAt < 0; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				closeAt = i
			}
		case '\n':
			return 0, "", false
		}
	}
	if closeAt < 0 || closeAt+1 >= len(s) {
		return 0, "", false
	}
	text := s[1:closeAt]
	rest := s[closeAt+1:]
	var closer byte
	switch rest[0] {
	case '(':
		closer = ')'
	case '[':
		closer = ']'
	default:
		return 0, "", false
	}
	depth = 0
	for j := 0; j < len(rest); j++ {
		switch rest[j] {
		case '\\':
			j++
		case rest[0]:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return closeAt + 1 + j + 1, text, true
			}
		}
	}
	return 0, "", false
}

// angle matches an autolink ("<https://…>", "<a@b.c>"), an HTML comment or
// an HTML tag at the start of s; it returns the text to keep.
func angle(s string) (int, string, bool) {
	if strings.HasPrefix(s, "<!--") {
		if end := strings.Index(s, "-->"); end >= 0 {
			return end + 3, "", true
		}
		return 0, "", false
	}
	end := strings.IndexByte(s, '>')
	if end < 2 {
		return 0, "", false
	}
	inner := s[1:end]
	if strings.ContainsAny(inner, "<\n") {
		return 0, "", false
	}
	if !strings.ContainsAny(inner, " \t") && (strings.Contains(inner, "://") ||
		strings.HasPrefix(inner, "mailto:") || strings.Contains(inner, "@")) {
		return end + 1, strings.TrimPrefix(inner, "mailto:"), true
	}
	name := strings.TrimPrefix(inner, "/")
	if name == "" || !isASCIILetter(name[0]) {
		return 0, "", false
	}
	tag := strings.ToLower(strings.FieldsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || r == '/'
	})[0])
	if tag == "br" || tag == "p" || tag == "div" || tag == "li" {
		return end + 1, " ", true
	}
	return end + 1, string(markupMark), true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
