package diff

import (
	"cmp"
	"slices"
	"strings"
)

// wordDiffBudget is the token pairs one comparison may spend on word
// diffs (see wordDiff): a 120 KB policy rewritten whole spends about a
// million; a 5 MB page of long reworded clauses would spend billions.
const wordDiffBudget = 20_000_000

// changes lists what the alignment found, in the new version's order.
func changes(a, b *side, g *bagger, st *stopper) []Change {
	budget := wordDiffBudget
	type placed struct {
		pos int
		c   Change
	}
	var out []placed
	var keysA, keysB map[string]bool // built when a clause is added or removed
	twinsA, twinsB := newTwins(g, a), newTwins(g, b)
	for j := 0; j < len(b.u); j++ {
		if st.stop() {
			return nil
		}
		u := b.u[j]
		switch b.fate[j] {
		case moved:
			i := b.partner[j]
			out = append(out, placed{b.pos[j], Change{Kind: Moved, Section: u.section,
				OldSection: a.u[i].section, OldText: a.u[i].text, NewText: u.text, Heading: u.heading}})
		case modified:
			i := b.partner[j]
			if joinKeys(a, a.spanStart[i], a.spanEnd[i]) == joinKeys(b, b.spanStart[j], b.spanEnd[j]) {
				continue // the same words, cut into sentences differently
			}
			oldText := joinTexts(a, a.spanStart[i], a.spanEnd[i])
			newText := joinTexts(b, b.spanStart[j], b.spanEnd[j])
			out = append(out, placed{b.pos[b.spanStart[j]], Change{Kind: Modified, Section: u.section,
				OldSection: a.u[i].section, OldText: oldText, NewText: newText,
				Words: wordDiff(oldText, newText, &budget), Heading: u.heading && a.u[i].heading}})
		case unmatched:
			end := runEnd(b, j)
			if keysA == nil {
				keysA = keySet(a)
			}
			c := Change{Kind: Added, Section: u.section,
				NewText: joinTexts(b, j, end), Heading: u.heading, Repeat: allKnown(b, j, end, keysA)}
			if !c.Repeat && !c.Heading {
				c.Twin = twinsA.twinOf(b, j, end)
			}
			out = append(out, placed{b.pos[j], c})
			j = end
		}
	}
	for i := 0; i < len(a.u); i++ {
		if a.fate[i] != unmatched {
			continue
		}
		if st.stop() {
			return nil
		}
		end := runEnd(a, i)
		if keysB == nil {
			keysB = keySet(b)
		}
		c := Change{Kind: Removed, Section: a.u[i].section,
			OldText: joinTexts(a, i, end), Heading: a.u[i].heading, Repeat: allKnown(a, i, end, keysB)}
		if !c.Repeat && !c.Heading {
			c.Twin = twinsB.twinOf(a, i, end)
		}
		out = append(out, placed{a.pos[i], c})
		i = end
	}
	slices.SortStableFunc(out, func(x, y placed) int { return cmp.Compare(x.pos, y.pos) })
	res := make([]Change, len(out))
	for k, p := range out {
		res[k] = p.c
	}
	return res
}

// keySet holds the keys of a side's units.
func keySet(s *side) map[string]bool {
	m := make(map[string]bool, len(s.u))
	for _, u := range s.u {
		m[u.key] = true
	}
	return m
}

// allKnown reports whether every unit of s from i to end has its key on
// the other side: the text is there already, elsewhere.
func allKnown(s *side, i, end int, other map[string]bool) bool {
	for k := i; k <= end; k++ {
		if !other[s.u[k].key] {
			return false
		}
	}
	return true
}

// runEnd finds the last of the unmatched clauses that follow i in the same
// block: the sentences of one new paragraph or list item are one addition.
func runEnd(s *side, i int) int {
	end := i
	for end+1 < len(s.u) && s.fate[end+1] == unmatched && s.u[end+1].block == s.u[i].block &&
		!s.u[end+1].heading && !s.u[i].heading {
		end++
	}
	return end
}

func joinTexts(s *side, from, to int) string {
	if from == to {
		return s.u[from].text
	}
	parts := make([]string, 0, to-from+1)
	for k := from; k <= to; k++ {
		parts = append(parts, s.u[k].text)
	}
	return strings.Join(parts, " ")
}

// joinKeys is the key of the joined texts: keys are space-separated tokens,
// so the key of "A B" is key(A) + " " + key(B).
func joinKeys(s *side, from, to int) string {
	if from == to {
		return s.u[from].key
	}
	parts := make([]string, 0, to-from+1)
	for k := from; k <= to; k++ {
		parts = append(parts, s.u[k].key)
	}
	return strings.Join(parts, " ")
}
