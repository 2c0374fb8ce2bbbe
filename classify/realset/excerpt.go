package realset

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Excerpt cuts two versions of a Markdown document down to what changed:
// every block (paragraph, list, table or heading, as blank lines separate
// them) that differs, the blocks right before and after it, and the
// headings it stands under. Unchanged blocks are kept from both versions
// alike, so the excerpts differ exactly where the documents do, and each
// changed clause keeps its section and neighbours.
func Excerpt(oldText, newText string) (string, string) {
	ob, nb := blocks(oldText), blocks(newText)
	ops := diffBlocks(ob, nb)

	keep := make([]bool, len(ops))
	for i, op := range ops {
		if op.kind == equal {
			continue
		}
		keep[i] = true
		// Neighbours: the nearest unchanged block on each side.
		for j := i - 1; j >= 0; j-- {
			if ops[j].kind == equal {
				keep[j] = true
				break
			}
		}
		for j := i + 1; j < len(ops); j++ {
			if ops[j].kind == equal {
				keep[j] = true
				break
			}
		}
		// Headings above it, one per level, up to the top.
		level := 7
		for j := i - 1; j >= 0 && level > 1; j-- {
			b := ops[j].block(ob, nb)
			if l := headingLevel(b); l > 0 && l < level {
				if ops[j].kind == equal || ops[j].kind == op.kind {
					keep[j] = true
				}
				level = l
			}
		}
	}
	keepTwins(ops, keep, ob, nb)
	var o, n []string
	for i, op := range ops {
		if !keep[i] {
			continue
		}
		if op.kind != insert {
			o = append(o, ob[op.old])
		}
		if op.kind != remove {
			n = append(n, nb[op.new])
		}
	}
	return strings.Join(o, "\n\n") + "\n", strings.Join(n, "\n\n") + "\n"
}

// blocks splits Markdown into runs of non-blank lines.
func blocks(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}

// headingLevel reads an ATX ("## Title") or setext ("Title\n=====")
// heading; 0 when the block is not one.
func headingLevel(b string) int {
	if strings.HasPrefix(b, "#") {
		n := len(b) - len(strings.TrimLeft(b, "#"))
		if n <= 6 && (len(b) == n || b[n] == ' ') {
			return n
		}
		return 0
	}
	lines := strings.Split(b, "\n")
	if len(lines) == 2 {
		u := strings.TrimSpace(lines[1])
		switch {
		case u != "" && strings.Trim(u, "=") == "":
			return 1
		case len(u) > 1 && strings.Trim(u, "-") == "":
			return 2
		}
	}
	return 0
}

type opKind int

const (
	equal opKind = iota
	remove
	insert
)

// blockOp is one step of the block-level edit script: a block kept
// (old and new index), removed (old) or inserted (new).
type blockOp struct {
	kind     opKind
	old, new int
}

func (op blockOp) block(ob, nb []string) string {
	if op.kind == insert {
		return nb[op.new]
	}
	return ob[op.old]
}

// diffBlocks diffs two block lists, each block as one symbol.
func diffBlocks(ob, nb []string) []blockOp {
	ids := map[string]rune{}
	runes := func(bs []string) []rune {
		out := make([]rune, len(bs))
		for i, b := range bs {
			id, ok := ids[b]
			if !ok {
				// Skip the surrogate range, which is no valid rune.
				id = rune(len(ids) + 1)
				if id >= 0xD800 {
					id += 0x800
				}
				ids[b] = id
			}
			out[i] = id
		}
		return out
	}
	ra, rb := runes(ob), runes(nb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var ops []blockOp
	i, j := 0, 0
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		n := len([]rune(d.Text))
		for k := 0; k < n; k++ {
			switch d.Type {
			case diffmatchpatch.DiffEqual:
				ops = append(ops, blockOp{equal, i, j})
				i++
				j++
			case diffmatchpatch.DiffDelete:
				ops = append(ops, blockOp{remove, i, -1})
				i++
			case diffmatchpatch.DiffInsert:
				ops = append(ops, blockOp{insert, -1, j})
				j++
			}
		}
	}
	return ops
}

// keepTwins keeps the unchanged blocks that a changed block nearly
// repeats (a page that shows a reworded copy of a passage beside the old
// one): tracker compares a clause with its near copy elsewhere in the
// other version, so the excerpt must hold both.
func keepTwins(ops []blockOp, keep []bool, ob, nb []string) {
	changed := 0
	for _, op := range ops {
		if op.kind != equal {
			changed++
		}
	}
	if changed == 0 || changed > 400 {
		return
	}
	words := func(b string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(b), func(r rune) bool { return !unicode.IsLetter(r) }) {
			m[w] = true
		}
		return m
	}
	type entry struct {
		at    int
		words map[string]bool
	}
	var same []entry
	for i, op := range ops {
		if op.kind == equal {
			same = append(same, entry{i, words(ob[op.old])})
		}
	}
	for _, op := range ops {
		if op.kind == equal {
			continue
		}
		w := words(op.block(ob, nb))
		if len(w) < 5 {
			continue
		}
		for _, e := range same {
			if !keep[e.at] && jaccard(w, e.words) >= 0.5 {
				keep[e.at] = true
			}
		}
	}
}

func jaccard(a, b map[string]bool) float64 {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}
