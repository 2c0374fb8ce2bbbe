package render

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text unchanged", "We may share data. Ünïcödé — “quotes”", "We may share data. Ünïcödé — “quotes”"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"SGR colour", "\x1b[31mred\x1b[0m text", "red text"},
		{"SGR with parameters", "\x1b[1;38;5;196mbold\x1b[m", "bold"},
		{"cursor movement and erase", "a\x1b[2J\x1b[10;20Hb\x1b[?25l", "ab"},
		{"OSC title ended by BEL", "\x1b]0;pwned\x07text", "text"},
		{"OSC 8 hyperlink ended by ST", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"unterminated OSC keeps the text", "\x1b]8;;https://x/ rest of clause", "8;;https://x/ rest of clause"},
		{"DCS string", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"charset designation", "\x1b(Btext", "text"},
		{"two-character escape", "\x1b=\x1b>\x1bctext", "text"},
		{"ESC at the end", "text\x1b", "text"},
		{"ESC followed by space at the end", "text\x1b ", "text"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC", "a\u009d0;title\u009cb", "ab"},
		{"other C1 controls", "a\u0085b\u008dc", "abc"},
		{"C0 controls", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"vertical tab and form feed become spaces", "a\vb\fc", "a b c"},
		{"carriage return cannot overwrite a line", "safe\rEVIL", "safe\nEVIL"},
		{"CRLF becomes LF", "a\r\nb", "a\nb"},
		{"bidi override removed", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolate removed", "\u2067x\u2069", "x"},
		{"invalid UTF-8 replaced", "a\xffb\xc2", "a\uFFFDb\uFFFD"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	if got, want := oneLine("a\nb\tc\r\nd\x1b[0m"), "a b c d"; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}
