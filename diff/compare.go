package diff

import (
	"context"
	"fmt"
	"slices"
	"time"

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
	r, _ := CompareContext(context.Background(), old, new)
	return r
}

// CompareContext is Compare under ctx: when ctx ends first (a crawl
// stopped, a document out of time) the work stops within a bounded time
// and the error wraps ctx's cause; the result is then nil.
func CompareContext(ctx context.Context, old, new *doc.Document) (*Result, error) {
	st := &stopper{ctx: ctx}
	a, b := newSide(units(old, st)), newSide(units(new, st))
	if err := st.err(); err != nil {
		return nil, err
	}
	var g bagger
	hunks := alignSame(ctx, a, b)
	phases := []func(){
		func() { matchMoved(a, b) },
		func() { pairInHunks(a, b, &g, hunks, st) },
		func() { pairFar(a, b, &g, st) },
		func() { absorbNeighbours(a, b, &g, st) },
	}
	for _, phase := range phases {
		if err := st.err(); err != nil {
			return nil, err
		}
		phase()
	}
	if err := st.err(); err != nil {
		return nil, err
	}
	cs := changes(a, b, &g, st)
	if err := st.err(); err != nil {
		return nil, err
	}
	return &Result{Changes: cs}, nil
}

// stopper tells the loops of a comparison that its context ended. It looks
// at the context once every stopEvery steps: a step (two clauses compared,
// a word diff of two bounded clauses) costs microseconds, a look at a
// cancellable context a lock.
type stopper struct {
	ctx  context.Context
	n    int
	done bool
}

const stopEvery = 64

func (s *stopper) stop() bool {
	if s == nil {
		return false
	}
	if s.done {
		return true
	}
	if s.n++; s.n%stopEvery == 0 && s.ctx.Err() != nil {
		s.done = true
	}
	return s.done
}

func (s *stopper) err() error {
	if s.ctx.Err() == nil {
		return nil
	}
	s.done = true
	return fmt.Errorf("diff: comparison stopped: %w", context.Cause(s.ctx))
}

// exactUnits is the number of clauses (both sides) up to which the
// alignment is exact whatever it costs: the exact diff is quadratic in the
// clauses that differ, which real documents keep to a few thousand (a
// fraction of a second) and a page of a hundred thousand distinct short
// lines, rewritten, would stretch to hours. Past it the alignment gets
// alignBudget, after which what is left is one hunk (later phases pair its
// clauses by wording within a window, in linear time). The differ cannot
// be stopped from outside, so the budget is also how late a cancel may
// stop the alignment.
const (
	exactUnits  = 5000
	alignBudget = 500 * time.Millisecond
)

// alignSame runs a clause-level diff over the keys and marks the longest
// common subsequence as unchanged. It returns the number of hunks.
func alignSame(ctx context.Context, a, b *side) int {
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
	if len(ka)+len(kb) > exactUnits {
		dmp.DiffTimeout = alignBudget
		if dl, ok := ctx.Deadline(); ok {
			dmp.DiffTimeout = max(time.Millisecond, min(alignBudget, time.Until(dl)))
		}
	}
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
