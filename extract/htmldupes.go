package extract

import (
	"slices"
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// span is the run of blocks written from one part.
type span struct {
	head       int  // the block its control was written as, or -1
	start, end int  // its panel's blocks
	hidden     bool // the page hid the panel in its markup
	opened     string
}

// minDuplicate is the size (in bytes of text) from which a hidden part that
// repeats other text is taken for a copy: short answers ("Yes.") may
// repeat on purpose.
const minDuplicate = 150

// settleParts drops the hidden parts whose text the page also holds
// elsewhere, and returns what was opened, in document order. Pages carry
// the same text twice for different screens (tabs on a desktop, an
// accordion on a phone), one copy hidden; opening both would double it,
// and rotating which copy is hidden would make it flap. A hidden part is
// a copy when its blocks occur, whole, among the blocks outside hidden
// parts, or earlier in the page.
func (b *builder) settleParts() []string {
	if len(b.spans) == 0 {
		return nil
	}
	slices.SortFunc(b.spans, func(x, y span) int { return x.start - y.start })
	if !slices.ContainsFunc(b.spans, b.mayCopy) {
		return b.openedParts(nil)
	}
	drop := make([]bool, len(b.blocks))
	// The whole text once, with where each block starts in it: a copy
	// of a copy is a copy of the first, so dropped blocks may stay in.
	var all strings.Builder
	offsets := make([]int, len(b.blocks)+1)
	all.WriteByte('\n')
	for i, bl := range b.blocks {
		offsets[i] = all.Len()
		all.WriteString(bl.Text)
		all.WriteByte('\n')
	}
	offsets[len(b.blocks)] = all.Len()
	full := all.String()
	visible := ""
	for _, sp := range b.spans {
		if !b.mayCopy(sp) || drop[sp.start] {
			continue
		}
		text := full[offsets[sp.start]-1 : offsets[sp.end]] // with the newline before
		if visible == "" {
			inHidden := make([]bool, len(b.blocks))
			for _, h := range b.spans {
				if h.hidden {
					for i := h.start; i < h.end; i++ {
						inHidden[i] = true
					}
				}
			}
			visible = joinBlocks(b.blocks, inHidden)
		}
		if strings.Contains(visible, text) || strings.Contains(full[:offsets[sp.start]], text) {
			for i := sp.start; i < sp.end; i++ {
				drop[i] = true
			}
			if sp.head >= 0 {
				drop[sp.head] = true
			}
		}
	}
	opened := b.openedParts(drop)
	kept := b.blocks[:0]
	for i, bl := range b.blocks {
		if !drop[i] {
			kept = append(kept, bl)
		}
	}
	b.blocks = kept
	return opened
}

// mayCopy reports a part that could be a hidden copy: hidden in the
// markup, and long enough.
func (b *builder) mayCopy(sp span) bool {
	if !sp.hidden {
		return false
	}
	size := 0
	for _, bl := range b.blocks[sp.start:sp.end] {
		size += len(bl.Text) + 1
	}
	return size >= minDuplicate
}

// openedParts names the collapsed parts that kept their text.
func (b *builder) openedParts(drop []bool) []string {
	var opened []string
	for _, sp := range b.spans {
		if sp.opened != "" && (drop == nil || !drop[sp.start]) {
			opened = append(opened, sp.opened)
		}
	}
	return opened
}

// joinBlocks writes blocks one a line, each line closed, so that a run of
// whole blocks is found only as whole blocks.
func joinBlocks(blocks []doc.Block, skip []bool) string {
	var sb strings.Builder
	sb.WriteByte('\n')
	for i, bl := range blocks {
		if skip != nil && skip[i] {
			continue
		}
		sb.WriteString(bl.Text)
		sb.WriteByte('\n')
	}
	return sb.String()
}
