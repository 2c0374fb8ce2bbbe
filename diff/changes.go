package diff

import (
	"cmp"
	"slices"
	"strings"
)

// changes lists what the alignment found, in the new version's order.
func changes(a, b *side) []Change {
	type placed struct {
		pos int
		c   Change
	}
	var out []placed
	for j := 0; j < len(b.u); j++ {
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
				Words: WordDiff(oldText, newText), Heading: u.heading && a.u[i].heading}})
		case unmatched:
			end := runEnd(b, j)
			out = append(out, placed{b.pos[j], Change{Kind: Added, Section: u.section,
				NewText: joinTexts(b, j, end), Heading: u.heading}})
			j = end
		}
	}
	for i := 0; i < len(a.u); i++ {
		if a.fate[i] != unmatched {
			continue
		}
		end := runEnd(a, i)
		out = append(out, placed{a.pos[i], Change{Kind: Removed, Section: a.u[i].section,
			OldText: joinTexts(a, i, end), Heading: a.u[i].heading}})
		i = end
	}
	slices.SortStableFunc(out, func(x, y placed) int { return cmp.Compare(x.pos, y.pos) })
	res := make([]Change, len(out))
	for k, p := range out {
		res[k] = p.c
	}
	return res
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
