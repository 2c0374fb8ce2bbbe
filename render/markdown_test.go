package render

import "testing"

func TestMarkdownEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "We may share data.", "We may share data."},
		{"emphasis", "*all* _data_", `\*all\* \_data\_`},
		{"code and links", "`x` [a](b)", "\\`x\\` \\[a\\](b)"},
		{"raw html", "<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"entity", "&lt;", `\&lt;`},
		{"table cell and strike", "a|b ~~c~~", `a\|b \~\~c\~\~`},
		{"heading marker", "# Intro", `\# Intro`},
		{"backslash", `C:\path`, `C:\\path`},
		{"newline cannot start a block", "a\n> quote", `a \> quote`},
		{"escape sequence", "\x1b[31mred", "red"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdEscape(tt.in); got != tt.want {
				t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownLineStart(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"---", `\---`},
		{"=== ", `\=== `},
		{"1. First", `1\. First`},
		{"12) Twelfth", `12\) Twelfth`},
		{"2024 was", "2024 was"},
		{"    code", "code"},
		{"We may", "We may"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := mdLineStart(tt.in); got != tt.want {
				t.Errorf("mdLineStart(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownVersionLink(t *testing.T) {
	tests := []struct {
		name, label, url, want string
	}{
		{"web link", "v1", "https://example.com/a b", "[v1](<https://example.com/a%20b>)"},
		{"url only", "", "https://example.com/p", "[https://example.com/p](<https://example.com/p>)"},
		{"unsafe scheme shown as text", "v1", "javascript:alert(1)", "v1 (javascript:alert(1))"},
		{"label only", "old.html", "", "old.html"},
		{"angle brackets cannot end the destination", "v", "https://e.com/<x>", "[v](<https://e.com/%3Cx%3E>)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdVersion(tt.label, tt.url); got != tt.want {
				t.Errorf("mdVersion(%q, %q) = %q, want %q", tt.label, tt.url, got, tt.want)
			}
		})
	}
}
