package diff

import (
	"slices"
	"strings"
)

// stopwords carry little of what a clause says; two unrelated sentences
// share many of them, so similarity ignores them.
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true,
	"to": true, "in": true, "on": true, "for": true, "by": true, "with": true,
	"at": true, "from": true, "as": true, "is": true, "are": true, "be": true,
	"been": true, "was": true, "were": true, "that": true, "this": true,
	"these": true, "those": true, "it": true, "its": true, "we": true,
	"our": true, "us": true, "you": true, "your": true, "they": true,
	"them": true, "their": true, "which": true, "who": true, "will": true,
	"may": true, "can": true, "also": true, "any": true, "all": true,
	"such": true, "other": true, "if": true, "so": true, "do": true,
	"not": true, "no": true, "s": true,
}

// bagger turns texts into sorted multisets of word ids, the input of dice.
type bagger struct {
	ids map[string]int32
}

func (g *bagger) bag(text string) []int32 {
	if g.ids == nil {
		g.ids = map[string]int32{}
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !wordRune(r) })
	all := make([]int32, 0, len(words))
	content := make([]int32, 0, len(words))
	for _, w := range words {
		id, ok := g.ids[w]
		if !ok {
			id = int32(len(g.ids))
			g.ids[w] = id
		}
		all = append(all, id)
		if !stopwords[w] {
			content = append(content, id)
		}
	}
	// Clauses made of little words ("Who we are") compare on all of them.
	if len(content) < 2 {
		content = all
	}
	slices.Sort(content)
	return content
}

// dice is the Sørensen–Dice coefficient of two sorted multisets: 1 for the
// same words, 0 for none in common.
func dice(a, b []int32) float64 {
	num, den := diceFraction(a, b)
	return float64(num) / float64(den)
}

// diceFraction is dice as a fraction.
func diceFraction(a, b []int32) (num, den int) {
	if len(a)+len(b) == 0 {
		return 1, 1
	}
	return 2 * common(a, b), len(a) + len(b)
}

// common counts the words two sorted multisets share.
func common(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// union merges two sorted multisets.
func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return out
}
