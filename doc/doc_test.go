package doc

import (
	"github.com/tracker-dev/tracker/internal/fuzztime"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "We collect data.", "We collect data."},
		{"curly quotes", "“Service” and ‘Site’ aren’t", `"Service" and 'Site' aren't`},
		{"dashes", "opt-in – opt-out — 2019‒2020 −1", "opt-in - opt-out - 2019-2020 -1"},
		{"nbsp and runs", "Jan 01,\u00a0 2025\t\n here", "Jan 01, 2025 here"},
		{"zero width and soft hyphen", "pri\u200bva\u00adcy\ufeff", "privacy"},
		{"ellipsis", "and so on…", "and so on..."},
		{"fullwidth", "ＡＢＣ１２３", "ABC123"},
		{"signs NFKC would spell out", "AI-for-HR™ nº2 4.º data¹ ½ ℅ Clément", "AI-for-HR™ nº2 4.º data¹ ½ ℅ Clément"},
		{"ligature beside a sign", "ﬁnancial™ ﬁle", "financial™ file"},
		{"control chars", "a\x00b\x1bc", "a b c"},
		{"terminal escapes", "\x1b[2J\x1b[H\x1b[1;31mPrivacy\x1b[0m policy\x1b]0;title\x07 text \u009b2K end\x1b(B", "Privacy policy text end"},
		{"escape leftovers in unicode text", "Données\x1b[2J personnelles", "Données personnelles"},
		{"trim", "  \u2003 text \u3000 ", "text"},
		{"invalid utf-8", "ok \xff\xfe end", "ok \ufffd end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextRoundTrip(t *testing.T) {
	d := &Document{Blocks: []Block{
		{Kind: Heading, Level: 1, Text: "Privacy Policy"},
		{Kind: Paragraph, Text: "We collect your name."},
		{Kind: Heading, Level: 2, Text: "4. Sharing"},
		{Kind: ListItem, Text: "Service providers"},
		{Kind: TableRow, Text: "Name | Purpose"},
		{Kind: Paragraph, Text: "# not a heading"},
		{Kind: Paragraph, Text: "- not a list item"},
		{Kind: Paragraph, Text: `\ a backslash`},
	}}
	text := d.Text()
	back := Parse(text)
	if len(back.Blocks) != len(d.Blocks) {
		t.Fatalf("round trip gave %d blocks, want %d:\n%s", len(back.Blocks), len(d.Blocks), text)
	}
	for i := range d.Blocks {
		if back.Blocks[i] != d.Blocks[i] {
			t.Errorf("block %d: %+v, want %+v", i, back.Blocks[i], d.Blocks[i])
		}
	}
	if back.Text() != text || back.Hash() != d.Hash() {
		t.Error("text or hash changed on a round trip")
	}
}

func TestHashIgnoresTypography(t *testing.T) {
	a := Parse("We don’t sell your data – ever.")
	b := Parse("We don't  sell your\u00a0data - ever.")
	if a.Hash() != b.Hash() {
		t.Errorf("typography changed the hash:\n%q\n%q", a.Text(), b.Text())
	}
}

// FuzzNormalize checks that normalisation is idempotent and always gives
// valid UTF-8 on one line.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"“quoted” – text", "a\u00a0b", "\xff\xfe", "x\u200by", "ＡＢＣ", "\t\n  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzztime.Within(t, func() {
			n := Normalize(s)
			if !utf8.ValidString(n) {
				t.Fatalf("invalid UTF-8 from %q", s)
			}
			if strings.ContainsAny(n, "\n\r\t") {
				t.Fatalf("line break in %q", n)
			}
			if again := Normalize(n); again != n {
				t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
			}
			if isASCII(s) {
				if slow := normalizeUnicode(s); n != slow {
					t.Fatalf("ASCII fast path %q, general path %q, from %q", n, slow, s)
				}
			}
		})
	})
}

// The ASCII fast path gives what the general path gives.
func TestNormalizeASCII(t *testing.T) {
	for _, s := range []string{
		"", " ", "plain", "  lead and trail  ", "line\nbreaks\r\nand\ttabs",
		"back`tick", "ctrl\x00\x07\x1f\x7fchars", "\v\fvertical", "a  b   c",
	} {
		if got, want := normalizeASCII(s), normalizeUnicode(s); got != want {
			t.Errorf("normalizeASCII(%q) = %q, general path %q", s, got, want)
		}
	}
}

// FuzzParse checks that any text parses, and that the canonical text of a
// parsed document parses back to itself.
func FuzzParse(f *testing.F) {
	f.Add("# Title\n\nParagraph.\n- item\n| a | b")
	f.Add("\\# escaped\n###### deep\n####### too deep")
	f.Fuzz(func(t *testing.T, s string) {
		fuzztime.Within(t, func() {
			d := Parse(s)
			text := d.Text()
			if again := Parse(text).Text(); again != text {
				t.Fatalf("canonical text not stable:\n%q\n%q", text, again)
			}
		})
	})
}
