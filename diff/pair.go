package diff

import (
	"cmp"
	"slices"
)

// Similarity thresholds for pairing a removed clause with an added one as a
// modification. Inside one hunk (the clauses changed at the same place) the
// position already vouches for the pair; across the document only a close
// wording does.
const (
	hunkSimilarity  = 0.5
	aloneSimilarity = 0.3 // one clause replaced by one clause
	farSimilarity   = 0.6
	windowSpan      = 25   // how far apart two clauses of a big hunk may pair
	commonPosting   = 64   // words in more unmatched clauses than this are no clue
	smallHunk       = 2500 // pair counts up to which a hunk is compared in full
)

// candidate is a possible modification: old clause i rewritten as new
// clause j, with how alike they are (the Dice coefficient num/den, kept as
// a fraction) and how far apart they stand. A big hunk of a page rewritten
// makes a candidate per clause and neighbour, hundreds of thousands: 20
// bytes each rather than 32.
type candidate struct {
	i, j     int32
	num, den int32
	dist     int32
}

// likeness is dice(a, b), and the candidate of i and j with that score.
func likeness(i, j int, a, b []int32, dist int) (float64, candidate) {
	num, den := diceFraction(a, b)
	return float64(num) / float64(den), candidate{int32(i), int32(j), int32(num), int32(den), int32(dist)}
}

// byScore orders two candidates' scores as their float values would be,
// exactly: num/den < num'/den' iff num*den' < num'*den.
func byScore(x, y candidate) int {
	return cmp.Compare(int64(x.num)*int64(y.den), int64(y.num)*int64(x.den))
}

// pairInHunks pairs removed and added clauses of the same hunk by wording.
func pairInHunks(a, b *side, g *bagger, hunks int, st *stopper) {
	olds, news := make([][]int, hunks), make([][]int, hunks)
	for i := range a.u {
		if a.fate[i] == unmatched {
			olds[a.hunk[i]] = append(olds[a.hunk[i]], i)
		}
	}
	for j := range b.u {
		if b.fate[j] == unmatched {
			news[b.hunk[j]] = append(news[b.hunk[j]], j)
		}
	}
	for h := range hunks {
		os, ns := olds[h], news[h]
		if len(os) == 0 || len(ns) == 0 {
			continue
		}
		threshold := hunkSimilarity
		if len(os) == 1 && len(ns) == 1 {
			threshold = aloneSimilarity
		}
		full := len(os)*len(ns) <= smallHunk
		var cands []candidate
		for p, i := range os {
			for q, j := range ns {
				if st.stop() {
					return
				}
				// Compare relative places so that a long hunk pairs its
				// beginning with the other side's beginning.
				dist := abs(p*len(ns)/len(os) - q)
				if !full && dist > windowSpan {
					continue
				}
				// A heading turned into a sentence or back needs a close
				// wording: short titles share words with many sentences.
				need := threshold
				if a.u[i].heading != b.u[j].heading {
					need = max(threshold, farSimilarity)
				}
				if s, c := likeness(i, j, a.bag(g, i), b.bag(g, j), dist); s >= need {
					cands = append(cands, c)
				}
			}
		}
		assign(a, b, cands)
	}
}

// pairFar pairs what is left across the whole document: a clause that moved
// and changed. Candidates share at least one uncommon word.
func pairFar(a, b *side, g *bagger, st *stopper) {
	postings := map[int32][]int{}
	for i := range a.u {
		if a.fate[i] != unmatched {
			continue
		}
		for _, w := range dedup(a.bag(g, i)) {
			postings[w] = append(postings[w], i)
		}
	}
	if len(postings) == 0 {
		return
	}
	var cands []candidate
	seen := map[int]bool{}
	for j := range b.u {
		if b.fate[j] != unmatched {
			continue
		}
		clear(seen)
		for _, w := range dedup(b.bag(g, j)) {
			list := postings[w]
			if len(list) > commonPosting {
				continue
			}
			for _, i := range list {
				if st.stop() {
					return
				}
				if seen[i] || a.u[i].heading != b.u[j].heading {
					continue
				}
				seen[i] = true
				if s, c := likeness(i, j, a.bag(g, i), b.bag(g, j), abs(a.pos[i]-b.pos[j])); s >= farSimilarity {
					cands = append(cands, c)
				}
			}
		}
	}
	assign(a, b, cands)
}

// assign takes candidate pairs best first: the most similar, then the
// closest.
func assign(a, b *side, cands []candidate) {
	slices.SortFunc(cands, func(x, y candidate) int {
		if c := byScore(y, x); c != 0 {
			return c
		}
		if c := cmp.Compare(x.dist, y.dist); c != 0 {
			return c
		}
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	for _, c := range cands {
		if i, j := int(c.i), int(c.j); a.fate[i] == unmatched && b.fate[j] == unmatched {
			pair(a, b, i, j, modified)
		}
	}
}

// absorbNeighbours grows modifications over unmatched clauses right beside
// them when that brings the two sides closer: a sentence split in two, or
// two sentences joined, is one modification, not a change plus an addition.
func absorbNeighbours(a, b *side, g *bagger, st *stopper) {
	for j := range b.u {
		if b.fate[j] != modified {
			continue
		}
		if st.stop() {
			return
		}
		i := b.partner[j]
		oldBag, newBag := a.bag(g, i), b.bag(g, j)
		for grew := true; grew; {
			grew = false
			for _, k := range []int{b.spanEnd[j] + 1, b.spanStart[j] - 1} {
				if !absorbable(b, k) {
					continue
				}
				nb := union(newBag, b.bag(g, k))
				if closer(oldBag, newBag, oldBag, nb, b.u[k].block == b.u[j].block) {
					newBag, grew = nb, true
					b.fate[k] = absorbed
					b.spanStart[j], b.spanEnd[j] = min(b.spanStart[j], k), max(b.spanEnd[j], k)
				}
			}
			for _, k := range []int{a.spanEnd[i] + 1, a.spanStart[i] - 1} {
				if !absorbable(a, k) {
					continue
				}
				ob := union(oldBag, a.bag(g, k))
				if closer(oldBag, newBag, ob, newBag, a.u[k].block == a.u[i].block) {
					oldBag, grew = ob, true
					a.fate[k] = absorbed
					a.spanStart[i], a.spanEnd[i] = min(a.spanStart[i], k), max(a.spanEnd[i], k)
				}
			}
		}
	}
}

// closer reports whether the grown pair (o2, n2) matches better than (o1,
// n1): more alike overall, or, for a neighbour from the same paragraph,
// holding more of the other side's words (the tail of a split sentence).
func closer(o1, n1, o2, n2 []int32, sameBlock bool) bool {
	if dice(o2, n2) > dice(o1, n1) {
		return true
	}
	return sameBlock && common(o2, n2) > common(o1, n1)
}

func absorbable(s *side, k int) bool {
	return k >= 0 && k < len(s.u) && s.fate[k] == unmatched && !s.u[k].heading
}

func dedup(sorted []int32) []int32 {
	return slices.Compact(slices.Clone(sorted))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
