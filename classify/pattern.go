package classify

import (
	"fmt"
	"strings"
)

// A pattern is a phrase of the vocabulary, written as space-separated slots:
//
//	word          one word (matched on its stem, so inflections meet)
//	a|b|c         any one of these words
//	word?  a|b?   an optional slot
//	*             up to three words of anything
//
// The first slot must be a plain word or alternatives, never optional or
// a wildcard, so that patterns can be indexed by their first word.
type pattern struct {
	slots []slot
	src   string
}

type slot struct {
	alts     []string // stems; empty for a wildcard
	optional bool
	wildcard bool
}

func compilePattern(src string) (pattern, error) {
	fields := strings.Fields(strings.ToLower(src))
	if len(fields) == 0 {
		return pattern{}, fmt.Errorf("pattern %q is empty", src)
	}
	p := pattern{src: src}
	for i, f := range fields {
		var s slot
		switch {
		case f == "*":
			s.wildcard = true
		case !strings.ContainsAny(f, "|?"):
			// Words in the vocabulary go through the same tokenizer as the
			// text, so "third-party" and "don't" become two slots each.
			toks := tokenize(f)
			if len(toks) == 0 {
				return pattern{}, fmt.Errorf("pattern %q: %q has no word", src, f)
			}
			for _, t := range toks[:len(toks)-1] {
				p.slots = append(p.slots, slot{alts: []string{t.stem}})
			}
			s.alts = []string{toks[len(toks)-1].stem}
		default:
			if strings.HasSuffix(f, "?") {
				s.optional = true
				f = strings.TrimSuffix(f, "?")
			}
			for _, a := range strings.Split(f, "|") {
				toks := tokenize(a)
				if len(toks) != 1 {
					return pattern{}, fmt.Errorf("pattern %q: alternative %q must be one word", src, a)
				}
				s.alts = append(s.alts, toks[0].stem)
			}
		}
		if i == 0 && (s.optional || s.wildcard) {
			return pattern{}, fmt.Errorf("pattern %q: the first word cannot be optional or a wildcard", src)
		}
		p.slots = append(p.slots, s)
	}
	return p, nil
}

// matchAt returns how many tokens the pattern covers starting at i, or -1.
// It tries the longest reading first.
func (p pattern) matchAt(st []string, i int) int {
	return matchSlots(p.slots, st, i)
}

func matchSlots(slots []slot, st []string, i int) int {
	if len(slots) == 0 {
		return 0
	}
	s := slots[0]
	best := -1
	try := func(used int) {
		if n := matchSlots(slots[1:], st, i+used); n >= 0 && used+n > best {
			best = used + n
		}
	}
	switch {
	case s.wildcard:
		for used := 0; used <= 3 && i+used <= len(st); used++ {
			try(used)
		}
		return best
	case i < len(st) && contains(s.alts, st[i]):
		try(1)
	}
	if s.optional {
		try(0)
	}
	return best
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// phraseSet finds the patterns of a vocabulary in a token stream.
type phraseSet struct {
	patterns []pattern
	byFirst  map[string][]int
}

// hit is one pattern found in a text: tokens [from, to) matched pattern id.
type hit struct {
	id       int
	from, to int
}

func newPhraseSet(srcs []string) (*phraseSet, error) {
	ps := &phraseSet{byFirst: map[string][]int{}}
	for _, src := range srcs {
		p, err := compilePattern(src)
		if err != nil {
			return nil, err
		}
		id := len(ps.patterns)
		ps.patterns = append(ps.patterns, p)
		for _, a := range p.slots[0].alts {
			ps.byFirst[a] = append(ps.byFirst[a], id)
		}
	}
	return ps, nil
}

// find returns non-overlapping hits, left to right, taking the longest
// pattern where several start at the same word.
func (ps *phraseSet) find(st []string) []hit {
	var out []hit
	for i := 0; i < len(st); {
		best, bestLen := -1, 0
		for _, id := range ps.byFirst[st[i]] {
			if n := ps.patterns[id].matchAt(st, i); n > bestLen {
				best, bestLen = id, n
			}
		}
		if best < 0 {
			i++
			continue
		}
		out = append(out, hit{id: best, from: i, to: i + bestLen})
		i += bestLen
	}
	return out
}

// mustPhraseSet compiles a vocabulary table at start-up; the tables are
// part of the program, so an error is a programming mistake caught by the
// package tests.
func mustPhraseSet(srcs []string) *phraseSet {
	ps, err := newPhraseSet(srcs)
	if err != nil {
		panic(fmt.Sprintf("classify: vocabulary: %v", err))
	}
	return ps
}
