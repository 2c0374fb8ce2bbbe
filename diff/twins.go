package diff

import "strings"

// twinThreshold is how alike (Dice on content words) a clause must be to
// one of the other version to be read as a copy of it.
const twinThreshold = 0.8

// twins finds, for clauses the alignment left unmatched, a clause of the
// other version they nearly repeat: a page that shows a reworded copy of
// a passage it already had (a new version above the old one), or drops
// one of two copies. The classifier then rates the clause against its
// twin instead of as wholly new or gone.
type twins struct {
	g     *bagger
	other *side
	index map[int32][]int // word → units of the other side holding it
}

func newTwins(g *bagger, other *side) *twins {
	return &twins{g: g, other: other}
}

// of returns the text of the other side's clause that unit i of s nearly
// repeats, or "".
func (t *twins) of(s *side, i int) string {
	if t.index == nil {
		t.index = map[int32][]int{}
		for k := range t.other.u {
			if t.other.u[k].heading {
				continue
			}
			bag := t.other.bag(t.g, k)
			for n, w := range bag {
				if n == 0 || bag[n-1] != w {
					t.index[w] = append(t.index[w], k)
				}
			}
		}
	}
	bag := s.bag(t.g, i)
	if len(bag) < 4 {
		return "" // too short to tell a copy from a likeness
	}
	// Count shared words with the clauses that hold them; a word held by
	// very many clauses says little and costs much.
	shared := map[int]int{}
	for n, w := range bag {
		if n > 0 && bag[n-1] == w {
			continue
		}
		if posts := t.index[w]; len(posts) <= 64 {
			for _, k := range posts {
				shared[k]++
			}
		}
	}
	// Only a clause with one look-alike has a twin: among items of a
	// templated list ("Right 5: … partner number 5") every item is like
	// every other, and a deleted item is gone, not copied.
	best, alike := -1, 0
	for k, n := range shared {
		if 2*float64(n) < twinThreshold*float64(len(bag)) {
			continue
		}
		if d := dice(bag, t.other.bag(t.g, k)); d >= twinThreshold {
			best = k
			alike++
		}
	}
	if alike != 1 {
		return ""
	}
	return t.other.u[best].text
}

// twinOf joins the twins of units i..end of s, or "" when fewer than half
// of them have one. The units without a twin stay in the clause, so their
// words are read as the change they are.
func (t *twins) twinOf(s *side, i, end int) string {
	parts := make([]string, 0, end-i+1)
	for k := i; k <= end; k++ {
		if tw := t.of(s, k); tw != "" {
			parts = append(parts, tw)
		}
	}
	if 2*len(parts) < end-i+1 || len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ")
}
