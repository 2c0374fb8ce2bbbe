package pipeline

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// hostileWords builds n words of policy vocabulary, seeded, with a full
// stop every sentence words (0: never, one endless sentence).
func hostileWords(seed uint64, n, sentence int) string {
	words := []string{"data", "we", "share", "your", "personal", "information", "with", "partners",
		"retain", "years", "cookies", "may", "sell", "process", "and", "the", "of", "advertising"}
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.Grow(n * 7)
	for i := 1; i <= n; i++ {
		b.WriteString(words[r.IntN(len(words))])
		if sentence > 0 && i%sentence == 0 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// BenchmarkCompareHostile compares pages built to defeat the differ:
// one line of several megabytes rewritten whole, thousands of sentences
// all replaced, or tens of thousands of short paragraphs all replaced
// (the clause alignment is exact only up to exactUnits clauses). Every
// stage must stay linear in the page size.
func BenchmarkCompareHostile(b *testing.B) {
	cases := []struct {
		name       string
		words      int
		sentence   int
		paragraphs bool // each sentence a paragraph
	}{
		{"1MB-one-line", 1 << 20 / 6, 0, false},
		{"5MB-one-line", 5 << 20 / 6, 0, false},
		{"1MB-sentences", 1 << 20 / 6, 15, false},
		{"5MB-sentences", 5 << 20 / 6, 40, false},
		{"1MB-short-paragraphs", 1 << 20 / 6, 2, true},
	}
	for _, c := range cases {
		old, new := hostileWords(1, c.words, c.sentence), hostileWords(2, c.words, c.sentence)
		if c.paragraphs {
			old, new = strings.ReplaceAll(old, ". ", ".\n\n"), strings.ReplaceAll(new, ". ", ".\n\n")
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(old) + len(new)))
			for b.Loop() {
				Compare(old, new)
			}
		})
	}
}
