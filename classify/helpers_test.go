package classify

import (
	"slices"
	"testing"
)

// en is the English vocabulary, the one most tests read.
var en = vocabs()["en"]

// sentencesOf numbers the sentences of tokens, as analyze does.
func sentencesOf(toks []token) []int {
	out := make([]int, len(toks))
	n := 0
	for i, t := range toks {
		if i > 0 && t.brk == '.' {
			n++
		}
		out[i] = n
	}
	return out
}

func agesOf(text string) []bound {
	toks := en.tokenize(text)
	return en.ages(text, toks, stems(toks), sentencesOf(toks))
}

// wantRated checks one rated change: its severity within [min, max] and,
// when it must be rated medium or more, category among its categories
// (no check for an empty category).
func wantRated(t *testing.T, got Change, min, max Severity, category string) {
	t.Helper()
	if got.Severity < min || got.Severity > max {
		t.Errorf("severity %s, want %s..%s; reasons %q", got.Severity, min, max, got.Reasons)
	}
	if category != "" && min >= Medium && !slices.Contains(got.Categories, category) {
		t.Errorf("categories %v lack %s; reasons %q", got.Categories, category, got.Reasons)
	}
}
