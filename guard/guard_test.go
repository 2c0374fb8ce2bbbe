package guard

import (
	"errors"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func page(title string, paras ...string) *doc.Document {
	d := &doc.Document{Title: title}
	for _, p := range paras {
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: p})
	}
	return d
}

func TestCheck(t *testing.T) {
	longPolicy := strings.Repeat("We collect your name and e-mail address to provide the service. ", 60) +
		"Access denied errors in your account are logged."
	tests := []struct {
		name string
		d    *doc.Document
		bad  bool
	}{
		{"policy", page("Privacy Policy", "We collect your name.", "We do not sell your data."), false},
		{"long policy mentioning access denied", page("Privacy", longPolicy), false},
		{"empty shell", page("App"), true},
		{"challenge", page("Just a moment...", "Checking your browser before accessing example.com."), true},
		{"captcha", page("Security check", "Please solve the CAPTCHA below to continue."), true},
		{"access denied", page("Access Denied", "You don't have permission to access this server."), true},
		{"soft 404", page("Oops", "Sorry, the page you are looking for cannot be found."), true},
		{"404 title", page("Page Not Found | Acme", "Try the home page."), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.d)
			if got := err != nil; got != tt.bad {
				t.Fatalf("Check = %v, want bad=%v", err, tt.bad)
			}
			if err != nil && !errors.Is(err, ErrNotPolicy) {
				t.Errorf("error %v does not wrap ErrNotPolicy", err)
			}
		})
	}
}

func TestCountWordsMatchesFields(t *testing.T) {
	for _, s := range []string{
		"",
		"   ",
		"one",
		" two  words ",
		"tabs\tand\nnewlines\r\nhere",
		"no\u00a0break\u2003em space",
		"ünïcödé wörds, with punctuation!",
		"\u200bzero-width is not a space",
	} {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, strings.Fields gives %d", s, got, want)
		}
	}
}
