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
//	**            up to eight words of anything (a verb and its particle,
//	              "geben … weiter")
//	~word         a word, or a compound ending with it ("~partner" finds
//	              "Werbepartner"), for languages that glue nouns
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
	wildcard int  // how many words a wildcard may skip; 0: not a wildcard
	suffix   bool // a word may end with one of alts
}

func (v *vocab) compilePattern(src string) (pattern, error) {
	fields := strings.Fields(strings.ToLower(src))
	if len(fields) == 0 {
		return pattern{}, fmt.Errorf("pattern %q is empty", src)
	}
	p := pattern{src: src}
	for i, f := range fields {
		var s slot
		if strings.HasPrefix(f, "~") && len(f) > 1 {
			s.suffix = true
			f = f[1:]
		}
		switch {
		case f == "*":
			s.wildcard = 3
		case f == "**":
			s.wildcard = 8
		case !strings.ContainsAny(f, "|?"):
			// Words in the vocabulary go through the same tokenizer as the
			// text, so "third-party" and "don't" become two slots each.
			toks := v.tokenize(f)
			if len(toks) == 0 {
				return pattern{}, fmt.Errorf("pattern %q: %q has no word", src, f)
			}
			if s.suffix && len(toks) > 1 {
				return pattern{}, fmt.Errorf("pattern %q: %q must be one word", src, f)
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
				toks := v.tokenize(a)
				if len(toks) != 1 {
					return pattern{}, fmt.Errorf("pattern %q: alternative %q must be one word", src, a)
				}
				s.alts = append(s.alts, toks[0].stem)
			}
		}
		if i == 0 && (s.optional || s.wildcard > 0) {
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
	case s.wildcard > 0:
		for used := 0; used <= s.wildcard && i+used <= len(st); used++ {
			try(used)
		}
		return best
	case i < len(st) && (contains(s.alts, st[i]) || s.suffix && endsWithAny(st[i], s.alts)):
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

func endsWithAny(s string, alts []string) bool {
	for _, a := range alts {
		if len(s) > len(a) && strings.HasSuffix(s, a) {
			return true
		}
	}
	return false
}

// phraseSet finds the patterns of a vocabulary in a token stream.
type phraseSet struct {
	patterns []pattern
	byFirst  map[string][]int
	suffixed []int // patterns whose first word may end a compound
}

// hit is one pattern found in a text: tokens [from, to) matched pattern id.
type hit struct {
	id       int
	from, to int
}

func (v *vocab) newPhraseSet(srcs []string) (*phraseSet, error) {
	ps := &phraseSet{byFirst: map[string][]int{}}
	for _, src := range srcs {
		p, err := v.compilePattern(src)
		if err != nil {
			return nil, err
		}
		id := len(ps.patterns)
		ps.patterns = append(ps.patterns, p)
		for _, a := range p.slots[0].alts {
			ps.byFirst[a] = append(ps.byFirst[a], id)
		}
		if p.slots[0].suffix {
			ps.suffixed = append(ps.suffixed, id)
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
		for _, id := range ps.suffixed {
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
