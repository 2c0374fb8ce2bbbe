package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// WordDiff is the word-level diff of two clauses. Edits cover whole words:
// the texts are cut into tokens (a word or a punctuation mark, each with the
// spaces after it), the token sequences are diffed, and small equal runs
// caught between two edits are folded into them so the result reads as
// phrases. Equal+Delete ops rebuild old, Equal+Insert ops rebuild new.
func WordDiff(old, new string) []Op {
	unlimited := -1
	return wordDiff(old, new, &unlimited)
}

// wordDiff is WordDiff drawing on a budget of token pairs shared by all
// the clauses of one comparison (negative: none). Diffing two clauses costs
// up to the product of their lengths in tokens; a clause pair the budget
// no longer covers is shown as its old text deleted and its new text
// inserted. Real documents never come near the budget: it bounds pages
// built to make thousands of long, reworded clauses.
func wordDiff(old, new string, budget *int) []Op {
	if old == new {
		if old == "" {
			return nil
		}
		return []Op{{Type: Equal, Text: old}}
	}
	ta, tb := tokenize(old), tokenize(new)
	if *budget >= 0 {
		cost := len(ta) * len(tb)
		if cost > *budget {
			return tidy(old, new, []Op{{Type: Delete, Text: old}, {Type: Insert, Text: new}})
		}
		*budget -= cost
	}
	var tab tokenTable
	a := tab.runes(ta)
	b := tab.runes(tb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact: the inputs are clause-sized
	// Each op's text is cut from old or new, not rebuilt from its tokens:
	// tokens cut a text whole, so kept and deleted runs follow each other
	// through old, kept and inserted ones through new.
	var ops []Op
	o, n := 0, 0
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		size := tab.size(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			ops = append(ops, Op{Type: Equal, Text: old[o : o+size]})
			o += size
			n += size
		case diffmatchpatch.DiffDelete:
			ops = append(ops, Op{Type: Delete, Text: old[o : o+size]})
			o += size
		case diffmatchpatch.DiffInsert:
			ops = append(ops, Op{Type: Insert, Text: new[n : n+size]})
			n += size
		}
	}
	return tidy(old, new, ops)
}

// tokenize cuts s into words and punctuation marks, each keeping the
// whitespace that follows it. A word holds letters and digits and the
// joiners inside it ("third-party", "don't", "2.5", "privacy@acme.com").
func tokenize(s string) []string {
	toks := make([]string, 0, len(s)/5+1)
	i := 0
	if lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace)); lead > 0 {
		toks = append(toks, s[:lead])
		i = lead
	}
	for i < len(s) {
		start := i
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if wordRune(r) {
			for i < len(s) {
				r, size = utf8.DecodeRuneInString(s[i:])
				if wordRune(r) {
					i += size
					continue
				}
				if strings.ContainsRune("-'.@/_", r) && i+size < len(s) {
					if n, _ := utf8.DecodeRuneInString(s[i+size:]); wordRune(n) {
						i += size
						continue
					}
				}
				break
			}
		}
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		toks = append(toks, s[start:i])
	}
	return toks
}

func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenTable maps distinct strings to runes so that diffmatchpatch can diff
// sequences of tokens (or clauses) as if they were characters.
type tokenTable struct {
	ids   map[string]rune
	names []string
}

// runeFor gives the n-th table entry a valid rune, skipping the surrogate
// range, which diffmatchpatch would turn into U+FFFD when building strings.
func runeFor(n int) rune {
	r := rune(n + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func indexOf(r rune) int {
	if r >= 0xD800+0x800 {
		r -= 0x800
	}
	return int(r) - 1
}

func (t *tokenTable) runes(items []string) []rune {
	if t.ids == nil {
		t.ids = make(map[string]rune, len(items))
	}
	out := make([]rune, len(items))
	for i, s := range items {
		r, ok := t.ids[s]
		if !ok {
			r = runeFor(len(t.names))
			t.ids[s] = r
			t.names = append(t.names, s)
		}
		out[i] = r
	}
	return out
}

// size is the length in bytes of the tokens a run of table runes stands
// for.
func (t *tokenTable) size(s string) int {
	n := 0
	for _, r := range s {
		n += len(t.names[indexOf(r)])
	}
	return n
}

// tidy merges ops into alternating runs of kept text and edits, with each
// edit's deletion before its insertion, and folds into the edits around it
// any kept run too slight to stand alone (see foldable). ops rebuild old
// (Equal and Delete) and new (Equal and Insert) in order, so an edit's
// deleted text, folded kept runs included, is one stretch of old and its
// inserted text one of new: every text returned is cut from old or new.
// A page rewritten made a word diff per clause; copied, they were the
// page's two texts again.
func tidy(old, new string, ops []Op) []Op {
	type group struct {
		equal    bool
		eq       string
		del, ins [2]int // the edit's stretches of old and new
	}
	editWords := func(g *group) int {
		return max(countWords(old[g.del[0]:g.del[1]]), countWords(new[g.ins[0]:g.ins[1]]))
	}
	var gs []*group
	o, n := 0, 0 // offsets in old and new
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		if op.Type == Equal {
			gs = append(gs, &group{equal: true, eq: op.Text})
			o += len(op.Text)
			n += len(op.Text)
			continue
		}
		if len(gs) == 0 || gs[len(gs)-1].equal {
			gs = append(gs, &group{del: [2]int{o, o}, ins: [2]int{n, n}})
		}
		g := gs[len(gs)-1]
		if op.Type == Delete {
			o += len(op.Text)
			g.del[1] = o
		} else {
			n += len(op.Text)
			g.ins[1] = n
		}
	}
	// Fold small kept runs sitting between two edits.
	var merged []*group
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if g.equal && len(merged) > 0 && !merged[len(merged)-1].equal &&
			i+1 < len(gs) && !gs[i+1].equal &&
			foldable(g.eq, editWords(merged[len(merged)-1]), editWords(gs[i+1])) {
			prev, next := merged[len(merged)-1], gs[i+1]
			prev.del[1], prev.ins[1] = next.del[1], next.ins[1]
			i++
			continue
		}
		merged = append(merged, g)
	}
	var out []Op
	for _, g := range merged {
		if g.equal {
			out = append(out, Op{Type: Equal, Text: g.eq})
			continue
		}
		if g.del[1] > g.del[0] {
			out = append(out, Op{Type: Delete, Text: old[g.del[0]:g.del[1]]})
		}
		if g.ins[1] > g.ins[0] {
			out = append(out, Op{Type: Insert, Text: new[g.ins[0]:g.ins[1]]})
		}
	}
	return out
}

// foldable reports whether a kept run is too slight to stand between two
// edits of before and after words: no word at all, a single short word
// ("and", "of"), or fewer words than either edit rewrites, which would
// otherwise chop one rewritten phrase into pieces.
func foldable(s string, before, after int) bool {
	switch words := countWords(s); {
	case words == 0:
		return true
	case words == 1 && utf8.RuneCountInString(strings.TrimSpace(s)) <= 3:
		return true
	default:
		return words < before && words < after
	}
}

// countWords counts the tokens of s that hold a letter or digit.
func countWords(s string) int {
	n := 0
	for _, tok := range strings.Fields(s) {
		if strings.IndexFunc(tok, wordRune) >= 0 {
			n++
		}
	}
	return n
}
