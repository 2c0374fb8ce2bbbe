package diff

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/internal/fuzztime"
)

func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		"",
		"# Title\n\nWe collect data. We share it (e.g. with Acme Inc. and J. Smith).\n- 1. First item.\n- (ii) Second.\n| a | b",
		"4. Sharing\n\nIV. Retention. We keep data for 2.5 years... Then U.S. law applies.",
		`He said "Stop. Now." and left. (Unclosed. Paren. ) "`,
		"•\n- \n#\n\\- escaped\n4.\n(\n\"",
	}
	for _, name := range []string{"connect3.txt", "grandstream.md"} {
		text := readFixture(f, name)
		seeds = append(seeds, plainDoc(text[:min(len(text), 800)]).Text())
	}
	return seeds
}

func FuzzSegment(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzztime.Within(t, func() {
			d := doc.Parse(text)
			for _, s := range Segment(d) {
				for _, c := range s.Clauses {
					if c.Text == "" || strings.TrimSpace(c.Text) != c.Text {
						t.Errorf("clause %q is empty or untrimmed", c.Text)
					}
					if !utf8.ValidString(c.Text) {
						t.Errorf("clause %q is not valid UTF-8", c.Text)
					}
					if c.Section != s.Heading {
						t.Errorf("clause section %q inside section %q", c.Section, s.Heading)
					}
				}
			}
			// Sentences cover their paragraph: cutting loses no word.
			for _, b := range d.Blocks {
				got := strings.Fields(strings.Join(splitSentences(b.Text), " "))
				if want := strings.Fields(b.Text); !slices.Equal(got, want) {
					t.Errorf("splitSentences(%q) lost text: %q", b.Text, got)
				}
			}
		})
	})
}

func FuzzCompare(f *testing.F) {
	seeds := fuzzSeeds(f)
	for i, s := range seeds {
		f.Add(s, seeds[(i+1)%len(seeds)])
	}
	f.Add("We share data. We sell data.", "We sell data. We share data.")
	f.Add("a. b. c.", "a b. c.")
	f.Fuzz(func(t *testing.T, oldText, newText string) {
		fuzztime.Within(t, func() {
			old, new := doc.Parse(oldText), doc.Parse(newText)
			for _, d := range []*doc.Document{old, new} {
				if n := len(Compare(d, d).Changes); n != 0 {
					t.Fatalf("a document compared with itself gave %d changes", n)
				}
			}
			res := Compare(old, new)
			if old.Text() == new.Text() && len(res.Changes) != 0 {
				t.Fatalf("same canonical text, %d changes", len(res.Changes))
			}
			for _, c := range res.Changes {
				switch c.Kind {
				case Added:
					if c.OldText != "" || c.NewText == "" {
						t.Errorf("added change with texts %q -> %q", c.OldText, c.NewText)
					}
				case Removed:
					if c.OldText == "" || c.NewText != "" {
						t.Errorf("removed change with texts %q -> %q", c.OldText, c.NewText)
					}
				case Moved:
					if keyOf(c.OldText) != keyOf(c.NewText) {
						t.Errorf("moved change with different texts %q -> %q", c.OldText, c.NewText)
					}
				case Modified:
					if o, n := rebuild(c.Words); o != c.OldText || n != c.NewText {
						t.Errorf("words rebuild %q -> %q, want %q -> %q", o, n, c.OldText, c.NewText)
					}
					if keyOf(c.OldText) == keyOf(c.NewText) {
						t.Errorf("modified change without a difference: %q", c.OldText)
					}
				default:
					t.Errorf("unknown kind %q", c.Kind)
				}
			}
			if o, n := rebuild(WordDiff(oldText, newText)); o != oldText || n != newText {
				t.Errorf("WordDiff does not rebuild its inputs")
			}
		})
	})
}
