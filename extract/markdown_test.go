package extract

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"atx headings", "# Title\n\n## Part ##\ntext", "# Title\n## Part\ntext"},
		{"setext headings", "Title\n=====\n\nPart\n----\n\nbody", "# Title\n## Part\nbody"},
		{"paragraph lines join", "one\ntwo\n\nthree", "one two\nthree"},
		{"bold-only line is a heading", "**INFORMATION WE COLLECT**\n\nWe collect data.", "## INFORMATION WE COLLECT\nWe collect data."},
		{"bold heading then hard break", " **INFORMATION WE MAY COLLECT**  \nWhen you interact with us.", "## INFORMATION WE MAY COLLECT\nWhen you interact with us."},
		{"italic-wrapped bold heading", "_ **Managing Cookies:**_  \nOur Services do not respond.", "## Managing Cookies:\nOur Services do not respond."},
		{"bold lead-in stays in paragraph", "** _Billing._** We require data.", "Billing. We require data."},
		{"hard break inside paragraph", "first line  \nsecond line", "first line second line"},
		{"converter spaces around bold", "(“ **ConnectSolutions** ”, “ **we** ,” or “ **us** ”)", `("ConnectSolutions", "we," or "us")`},
		{"straight quotes and bold", `(" **Grandstream** ," " **us** ") and (the " **Third Party Sites"** ).`, `("Grandstream," "us") and (the "Third Party Sites").`},
		{"bold after italic", "_ **Cookies.** _When you visit", "Cookies. When you visit"},
		{"links and images", "See [our policy](https://x.test/p \"t\") ![logo](l.png) and <https://a.test>.", "See our policy and https://a.test."},
		{"snake_case and e-mail kept", "write to first_last@x.test about some_value", "write to first_last@x.test about some_value"},
		{"escapes", `\*not emphasis\* and 2*3`, "*not emphasis* and 2*3"},
		{"bullets nested", "* one\n  * two\n    continued\n- three", "- one\n- two continued\n- three"},
		{"numbered list", "1. first\n2) second", "- first\n- second"},
		{"blockquote", "> *quoted* text\n> more", "quoted text more"},
		{"table", "| Name | Use |\n|---|:--:|\n| **Acme** | Hosting |", "| Name | Use\n| Acme | Hosting"},
		{"code fence", "```\nsome code\n```", "some code"},
		{"rules and comments dropped", "a\n\n---\n\n<!-- note -->\nb", "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Markdown(tt.md, Options{}).Text(); got != tt.want {
				t.Errorf("Markdown(%q):\n%s\nwant:\n%s", tt.md, got, tt.want)
			}
		})
	}
}

// TestMarkdownMarkupInvariance: the same text with or without markup, and
// after a typography-only edit or a reflow, reads the same.
func TestMarkdownMarkupInvariance(t *testing.T) {
	pairs := [][2]string{
		{"Thank you (“ **ConnectSolutions** ”, “ **we** ,”).", `Thank you ("ConnectSolutions", "we,").`},
		{"We ‘never’ sell  data — ever.", "We 'never' sell data - ever."},
		{"a long\nreflowed\nparagraph", "a long reflowed paragraph"},
		{"non\u00a0breaking\u00a0space", "non breaking space"},
	}
	for _, p := range pairs {
		a, b := Markdown(p[0], Options{}), Markdown(p[1], Options{})
		if a.Text() != b.Text() {
			t.Errorf("%q → %q, but %q → %q", p[0], a.Text(), p[1], b.Text())
		}
	}
}

func TestMarkdownSeedExcerpt(t *testing.T) {
	d := Markdown(string(readFixture(t, "grandstream-excerpt.md")), Options{})
	text := d.Text()
	for _, want := range []string{
		"\n# Privacy Statement | Grandstream Networks\n",
		`affiliates ("Grandstream," "us," "our" or "we") may collect`,
		"\n## INFORMATION WE MAY COLLECT\nWhen you interact with us",
		"described below: Information We Collect Directly From You. We collect",
		"\nCookies, Automatic Data Collection, and Related Technologies. When you access",
		"\n## Managing Cookies and Do Not Track:\nOur Services currently",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if d.Title != "Privacy Statement | Grandstream Networks" {
		t.Errorf("Title = %q", d.Title)
	}
}
