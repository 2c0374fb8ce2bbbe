package diff

import "strings"

// Clauses longer than longClause are cut into pieces for analysis: word
// diffs cost the product of two clauses' lengths when they differ much,
// and a page that is one 5 MB "sentence" would hold a crawl for hours.
// No real clause comes near the bound (a long legal sentence is 2 KB).
const (
	longClause = 8 << 10
	pieceMin   = 512  // a piece ends at a chosen word past this size…
	pieceMax   = 1536 // …or here, at the latest
	cutEvery   = 32   // one word in cutEvery ends a piece, on average
)

// splitLong cuts text at content-defined word boundaries: a boundary
// depends on the words around it, not on its offset, so an edit near the
// start of a long clause moves only the pieces it touches and the rest
// still align as unchanged.
func splitLong(text string) []string {
	if len(text) <= longClause {
		return []string{text}
	}
	var out []string
	start := 0
	for start < len(text) {
		end := nextCut(text, start)
		if piece := strings.TrimSpace(text[start:end]); piece != "" {
			out = append(out, piece)
		}
		start = end
	}
	return out
}

// nextCut is the end of the piece starting at start: after a run of
// window words whose hash marks a boundary, once the piece is pieceMin
// long; else at the last space before pieceMax, or at pieceMax itself in
// text without spaces. Hashing a few words rather than one keeps cuts
// frequent even in text of a tiny vocabulary.
func nextCut(text string, start int) int {
	if len(text)-start <= pieceMax {
		return len(text)
	}
	const window = 4
	var starts [window]int // starts of the last words, a ring
	n := 0                 // words seen
	lastSpace := -1
	inWord := false
	for i := start; i < start+pieceMax; i++ {
		if text[i] != ' ' {
			if !inWord {
				starts[n%window] = i
				n++
				inWord = true
			}
			continue
		}
		inWord = false
		lastSpace = i
		if n >= window && i-start >= pieceMin && boundary(text[starts[(n-window)%window]:i]) {
			return i + 1
		}
	}
	if lastSpace > start {
		return lastSpace + 1
	}
	// No space in pieceMax bytes: cut at a rune boundary.
	end := start + pieceMax
	for end > start && text[end]&0xC0 == 0x80 {
		end--
	}
	return end
}

// boundary hashes a run of words with 32-bit FNV-1a.
func boundary(words string) bool {
	h := uint32(2166136261)
	for i := 0; i < len(words); i++ {
		h ^= uint32(words[i])
		h *= 16777619
	}
	return h%cutEvery == 0
}
