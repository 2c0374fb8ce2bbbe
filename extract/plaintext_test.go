package extract

import (
	"regexp"
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"title lines become headings", "Privacy Policy\n\nWho we are\n\nWe are a company.", "## Privacy Policy\n## Who we are\nWe are a company."},
		{"sentences are not headings", "We sell nothing.\n\nContact us:\n\nLast updated Jan 01, 2025\n\nBreadcrumbs", "We sell nothing.\nContact us:\nLast updated Jan 01, 2025\nBreadcrumbs"},
		{"title line followed by text is a paragraph", "How we obtain data\nWe may collect it.", "How we obtain data We may collect it."},
		{"bullets", "  • one\n    • nested\n* two\n- three\n  continued", "- one\n- nested\n- two\n- three continued"},
		{"numbered sections stay paragraphs", "4. Aditional Information.\u00a0 Once you become a Customer, you may provide more.", "4. Aditional Information. Once you become a Customer, you may provide more."},
		{"reflowed paragraph", "a b\nc d\n\ne", "a b c d\ne"},
		{"crlf and blank nbsp lines", "one\r\n\u00a0\r\ntwo", "one\ntwo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.text, Options{}).Text(); got != tt.want {
				t.Errorf("PlainText(%q):\n%s\nwant:\n%s", tt.text, got, tt.want)
			}
		})
	}
}

func TestPlainTextIgnore(t *testing.T) {
	opts := Options{Ignore: []*regexp.Regexp{regexp.MustCompile(`Last updated .*`), regexp.MustCompile(`\s*\(rev\. \d+\)`)}}
	got := PlainText("Last updated Jan 01, 2025\n\nWe keep data (rev. 7) safely.", opts).Text()
	if got != "We keep data safely." {
		t.Errorf("Text() = %q", got)
	}
}

func TestPlainTextSeedExcerpts(t *testing.T) {
	vc := PlainText(string(readFixture(t, "voiceconnect-excerpt.txt")), Options{}).Text()
	for _, want := range []string{"## Privacy Policy\n", "\n## Who we are\n", "\nLast updated Jan 01, 2025\n", "\n- Information you provide directly to us."} {
		if !strings.Contains(vc, want) {
			t.Errorf("voiceconnect: missing %q", want)
		}
	}
	c3 := PlainText(string(readFixture(t, "connect3-excerpt.txt")), Options{}).Text()
	for _, want := range []string{"\n1. Definitions.\n", "\n2. Information collected. When you log in", "\ne. Information purchased from third parties.\n"} {
		if !strings.Contains("\n"+c3+"\n", want) {
			t.Errorf("connect3: missing %q in\n%s", want, c3)
		}
	}
}
