package classify

import "strings"

// hunk is one place where the new text's words differ from the old's.
type hunk struct {
	del []token
	ins []token
}

func (h hunk) words(side []token) string {
	var parts []string
	for _, t := range side {
		parts = append(parts, t.raw)
	}
	return strings.Join(parts, " ")
}

// wordHunks diffs two token streams on their stems, so that "Childrens" and
// "Children" or "share" and "shares" are already the same word.
func wordHunks(a, b []token) []hunk {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre].stem == b[pre].stem {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf].stem == b[len(b)-1-suf].stem {
		suf++
	}
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	if len(a) == 0 || len(b) == 0 || len(a)*len(b) > 250000 {
		// Nothing in common to align, or too long to align cheaply: one
		// hunk is an honest answer.
		return []hunk{{del: a, ins: b}}
	}
	// Longest common subsequence, filled from the end so the walk below
	// goes forward.
	n, m := len(a), len(b)
	w := m + 1
	lcs := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].stem == b[j].stem {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else if x, y := lcs[(i+1)*w+j], lcs[i*w+j+1]; x >= y {
				lcs[i*w+j] = x
			} else {
				lcs[i*w+j] = y
			}
		}
	}
	var out []hunk
	var cur hunk
	flush := func() {
		if len(cur.del)+len(cur.ins) > 0 {
			out = append(out, cur)
			cur = hunk{}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].stem == b[j].stem:
			flush()
			i++
			j++
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			cur.del = append(cur.del, a[i])
			i++
		default:
			cur.ins = append(cur.ins, b[j])
			j++
		}
	}
	cur.del = append(cur.del, a[i:]...)
	cur.ins = append(cur.ins, b[j:]...)
	flush()
	return out
}

// levenshtein counts single-character edits between two words, a swap
// of two neighbouring letters counting as one ("emial" → "email").
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
