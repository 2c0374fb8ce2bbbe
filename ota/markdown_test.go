package ota

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/internal/fuzztime"
)

// readBack is what tracker reads from a Markdown file of a dataset.
func readBack(md string) string {
	return extract.Markdown(md, extract.Options{}).Text()
}

// TestMarkdownRoundTrip: a text written as Markdown reads back as the
// same text, hence the same hash, so that a dataset imported back gives
// the versions it was exported from.
func TestMarkdownRoundTrip(t *testing.T) {
	texts := []string{
		"# Privacy Policy\nWe collect your name.\n## 2. Sharing\n- with processors\n- with *nobody* else\n| Name | Purpose | Country\n| Acme Cloud | hosting | US",
		`\# not a heading` + "\n" + `\- not a list` + "\n" + `\| not a row` + "\n" + `\\ a backslash`,
		"1. a numbered paragraph\n2) another\n+ plus\n= equals\n> quoted\n--- dashes\n*** stars\n___ underscores",
		"Emphasis *stars* and _underscores_ and __strong__ and ~~struck~~ and `code` and [a link](https://x.example) and <b>tags</b> and ![img](x.png)",
		"snake_case, e-mail john_doe@example.com, 2*3=6, 5 * 3, a|b, a | b, 50% off & more, #hashtag, C# and F#, AT&T, &amp; literal",
		"Heading ending in hashes ##\n### Section 3 #\nTrailing backslash \\",
		"Line with **bold only**\n**Bold heading**\n_ **Cookies:**_",
		"Table row | with a pipe\n| a | b\\|c | d",
		"<!-- not a comment -->\n```not a fence\n~~~ nor this",
		"Unicode: “quotes” — dashes – ellipsis… and ß, ç, 東京, emoji 🙂",
		"A line\n\n\nwith blank lines around and   spaces",
	}
	for _, dir := range []string{"../cmd/tracker/testdata/seeds", "../../shared/corpus/seeds"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := extract.Bytes(b, "", f, extract.Options{})
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			texts = append(texts, d.Text())
		}
	}
	for i, raw := range texts {
		// Versions hold canonical texts: what the store keeps.
		text := doc.Parse(raw).Text()
		md := Markdown(text)
		if got := readBack(md); got != text {
			t.Errorf("text %d does not read back the same:\n%s\n--- markdown:\n%s\n--- read back:\n%s", i, text, md, got)
		}
	}
}

func FuzzMarkdownRoundTrip(f *testing.F) {
	for _, s := range []string{"# a\nb", "- x\n| y | z", `\# q`, "a_b *c* [d](e)", "1. x", "&amp; <x>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		fuzztime.Within(t, func() {
			text := doc.Parse(raw).Text()
			if got := readBack(Markdown(text)); got != text {
				t.Errorf("%q reads back as %q (markdown %q)", text, got, Markdown(text))
			}
		})
	})
}

func TestMarkdownLooksLikeOTA(t *testing.T) {
	md := Markdown("# Title\nText.\n- item\n| a | b")
	if md != "# Title\n\nText.\n\n- item\n\n| a | b |\n" {
		t.Errorf("markdown = %q", md)
	}
	if strings.Contains(Markdown("We share data with partners."), "\\") {
		t.Error("plain prose escaped")
	}
}
