package diff

import (
	"slices"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/tracker-dev/tracker/doc"
)

// how a unit fared in the alignment.
type fate uint8

const (
	unmatched fate = iota
	same
	moved
	modified
	absorbed // part of a neighbour's modification (a split or merged sentence)
)

// side is one version's units and what became of each.
type side struct {
	u       []unit
	fate    []fate
	partner []int // index on the other side, for same/moved/modified
	pos     []int // place in the merged edit script, for ordering results
	hunk    []int // hunk of an unmatched unit, -1 otherwise
	bags    [][]int32
	// span of a modification, for a unit paired as modified: the
	// neighbours it absorbed run from spanStart to spanEnd.
	spanStart, spanEnd []int
}

func newSide(u []unit) *side {
	s := &side{u: u, fate: make([]fate, len(u)), partner: make([]int, len(u)),
		pos: make([]int, len(u)), hunk: make([]int, len(u)), bags: make([][]int32, len(u)),
		spanStart: make([]int, len(u)), spanEnd: make([]int, len(u))}
	for i := range u {
		s.partner[i], s.hunk[i], s.spanStart[i], s.spanEnd[i] = -1, -1, i, i
	}
	return s
}

func (s *side) bag(g *bagger, i int) []int32 {
	if s.bags[i] == nil {
		s.bags[i] = g.bag(s.u[i].text)
	}
	return s.bags[i]
}

// Compare aligns two versions clause by clause. Clauses with the same key in
// the same order are unchanged (so reflowed paragraphs, renumbering, list
// markers and typography give nothing); the same key elsewhere is a move;
// similar wording is a modification; the rest was added or removed.
func Compare(old, new *doc.Document) *Result {
	a, b := newSide(units(old)), newSide(units(new))
	var g bagger
	hunks := alignSame(a, b)
	matchMoved(a, b)
	pairInHunks(a, b, &g, hunks)
	pairFar(a, b, &g)
	absorbNeighbours(a, b, &g)
	return &Result{Changes: changes(a, b, &g)}
}

// alignSame runs a clause-level diff over the keys and marks the longest
// common subsequence as unchanged. It returns the number of hunks.
func alignSame(a, b *side) int {
	var tab tokenTable
	ka, kb := make([]string, len(a.u)), make([]string, len(b.u))
	for i, u := range a.u {
		ka[i] = u.key
	}
	for i, u := range b.u {
		kb[i] = u.key
	}
	ra, rb := tab.runes(ka), tab.runes(kb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // an exact diff; clause sequences are short
	i, j, seq, hunk := 0, 0, 0, 0
	inHunk := false
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if inHunk {
				hunk++
				inHunk = false
			}
			for range n {
				a.fate[i], b.fate[j] = same, same
				a.partner[i], b.partner[j] = j, i
				a.pos[i], b.pos[j] = seq, seq
				i, j, seq = i+1, j+1, seq+1
			}
		case diffmatchpatch.DiffDelete:
			inHunk = true
			for range n {
				a.pos[i], a.hunk[i] = seq, hunk
				i, seq = i+1, seq+1
			}
		case diffmatchpatch.DiffInsert:
			inHunk = true
			for range n {
				b.pos[j], b.hunk[j] = seq, hunk
				j, seq = j+1, seq+1
			}
		}
	}
	if inHunk {
		hunk++
	}
	return hunk
}

// matchMoved pairs clauses whose key left its place in the order: the same
// text elsewhere is a move, never a removal plus an addition.
func matchMoved(a, b *side) {
	left := map[string][]int{}
	for i := range a.u {
		if a.fate[i] == unmatched {
			left[a.u[i].key] = append(left[a.u[i].key], i)
		}
	}
	for j := range b.u {
		if b.fate[j] != unmatched {
			continue
		}
		q := left[b.u[j].key]
		if len(q) == 0 {
			continue
		}
		// Of repeated clauses, the nearest copy is the one that moved.
		best := 0
		for k, i := range q {
			if abs(a.pos[i]-b.pos[j]) < abs(a.pos[q[best]]-b.pos[j]) {
				best = k
			}
		}
		pair(a, b, q[best], j, moved)
		left[b.u[j].key] = slices.Delete(q, best, best+1)
	}
}

func pair(a, b *side, i, j int, f fate) {
	a.fate[i], b.fate[j] = f, f
	a.partner[i], b.partner[j] = j, i
}
