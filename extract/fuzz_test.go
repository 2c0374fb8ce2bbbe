package extract

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/internal/fuzztime"
)

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<p>a<b>b</b></p>",
		"<table><tr><td><p>x</p></td></tr></table>",
		"<main><h1>T</h1><ul><li><a href='#a'>A</a></li></ul></main>",
		"<div hidden>x</div><p style='display:none'>y</p>\xff\xfe",
		"<meta charset='windows-1252'><p>caf\xe9</p>",
		"<form><p>a</p><p>b</p><p>c</p><button>x</button></form>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzztime.Within(t, func() {
			d, err := HTML(body, "", Options{})
			if err != nil {
				if !errors.Is(err, ErrNoText) {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if !utf8.ValidString(d.Text()) || !utf8.ValidString(d.Title) {
				t.Fatalf("invalid UTF-8 output %q", d.Text())
			}
		})
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# T\n\n**B**  \ntext",
		"(“ **A** ”, “ **b** ,”)",
		"* a\n  * b\n1. c\n> q\n| x | y |\n|---|---|\n",
		"[a](b) ![c](d) <e@f.g> <!-- h\nx --> `i`",
		"```\ncode",
		"\\*_x_\\ \xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzztime.Within(t, func() {
			for _, d := range []interface{ Text() string }{Markdown(text, Options{}), PlainText(text, Options{})} {
				if !utf8.ValidString(d.Text()) {
					t.Fatalf("invalid UTF-8 output %q", d.Text())
				}
			}
		})
	})
}
