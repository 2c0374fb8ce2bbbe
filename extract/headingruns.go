package extract

import (
	"strings"

	"github.com/tracker-dev/tracker/doc"
)

// minEmptyRun: this many short headings in a row, of one level and with
// nothing under them, are a list set as headings (the dates of a changelog's
// versions, a picker's entries), not sections of the text.
const minEmptyRun = 3

// dropEmptyHeadingRuns leaves out runs of empty headings. A reader learns
// nothing from them, and they are what pages render differently from visit
// to visit (a changelog's dates in the visitor's time zone). A heading of
// such a run that has text under it stays.
func dropEmptyHeadingRuns(blocks []doc.Block) []doc.Block {
	out := blocks[:0:0]
	for i := 0; i < len(blocks); {
		bl := blocks[i]
		if bl.Kind != doc.Heading {
			out = append(out, bl)
			i++
			continue
		}
		// The empty headings from i on: each followed by a heading of its
		// own level or higher.
		j := i
		for j < len(blocks) && blocks[j].Kind == doc.Heading && blocks[j].Level == bl.Level && empty(blocks, j) && label(blocks[j].Text) {
			j++
		}
		// The list's last entry may have the list's own control under it
		// ("Show older"): it goes with the others.
		end := j
		if j > i && j < len(blocks) && blocks[j].Kind == doc.Heading && blocks[j].Level == bl.Level && label(blocks[j].Text) && shortTail(blocks, j) {
			end++
		}
		if end-i >= minEmptyRun {
			i = end
			continue
		}
		out = append(out, blocks[i:max(j, i+1)]...)
		i = max(j, i+1)
	}
	return out
}

// shortTail reports whether the heading at i has one label under it (a
// control's: "See older"), then a heading of a higher level.
func shortTail(blocks []doc.Block, i int) bool {
	if i+2 >= len(blocks) || blocks[i+1].Kind == doc.Heading || !label(blocks[i+1].Text) {
		return false
	}
	return blocks[i+2].Kind == doc.Heading && blocks[i+2].Level < blocks[i].Level
}

// label reports a heading's text that is a label (a date, a name), not a
// sentence: pages set sentences as headings too, and those are text.
func label(text string) bool {
	return len(strings.Fields(text)) <= maxLabelWords && !strings.HasSuffix(text, ".")
}

const maxLabelWords = 5

// empty reports whether the heading at i has nothing under it: the next
// block is a heading of the same level or higher, or there is none.
func empty(blocks []doc.Block, i int) bool {
	return i+1 == len(blocks) || (blocks[i+1].Kind == doc.Heading && blocks[i+1].Level <= blocks[i].Level)
}
