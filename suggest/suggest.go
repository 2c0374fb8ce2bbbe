// Package suggest finds the word a user most likely meant: a misspelt
// configuration key, command or flag.
package suggest

import "strings"

// Closest returns the candidate nearest to word, if one is near enough to
// be a plausible typo: at most one edit for short words, about one edit in
// three letters for longer ones. Case, '-' and '_' do not count.
func Closest(word string, candidates []string) (string, bool) {
	w := fold(word)
	limit := max(1, len([]rune(w))/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == word {
			continue
		}
		if d := distance(w, fold(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

func fold(s string) string {
	return strings.NewReplacer("-", "_").Replace(strings.ToLower(s))
}

// distance is the optimal string alignment distance: insertions, deletions,
// substitutions and swaps of two neighbouring letters each cost one.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows suffice: the swap looks two rows back.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
