package web

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/render"
)

// sectionGroup is either a section with its changes or a run of sections
// without changes, which the page folds away.
type sectionGroup struct {
	Heading string
	Gone    bool // the section is not in the new version (its clauses were removed or moved away)
	Changes []changeBlock
	Folded  []foldedSection
}

type foldedSection struct {
	Heading string
	Clauses []string
}

// FoldedNames lists the headings of a folded run for its summary line,
// up to a few.
func (g sectionGroup) FoldedNames() string {
	const most = 3
	var names []string
	for i, f := range g.Folded {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(g.Folded)-most))
			break
		}
		names = append(names, f.Heading)
	}
	return strings.Join(names, " · ")
}

// changeBlock is one classified change, ready for either view.
type changeBlock struct {
	Kind       string
	Severity   string
	Categories []string
	Reasons    []string
	MovedFrom  string
	Old, New   []seg // side by side; nil prints an empty cell
	Unified    []seg
}

// seg is a run of text; Mark is "", "del" or "ins".
type seg struct {
	Text string
	Mark string
}

// noHeading names the text before a document's first heading.
const noHeading = "Before the first heading"

// groupBySection walks the new version's sections in order and attaches
// each change to the section it names. Runs of sections with no change
// fold into one group; changes whose section is gone from the new version
// (removed sections) follow at the end, in report order.
func groupBySection(sections []diff.Section, changes []classify.Change) []sectionGroup {
	placed := make([]bool, len(changes))
	var out []sectionGroup
	var folded []foldedSection
	flush := func() {
		if len(folded) > 0 {
			out = append(out, sectionGroup{Folded: folded})
			folded = nil
		}
	}
	for _, sec := range sections {
		var mine []changeBlock
		for i, c := range changes {
			if !placed[i] && c.Section == sec.Heading {
				placed[i] = true
				mine = append(mine, newChangeBlock(c))
			}
		}
		if len(mine) == 0 {
			// A heading with nothing under it, such as the page title
			// above the first section, has nothing to unfold.
			if len(sec.Clauses) > 0 {
				folded = append(folded, newFoldedSection(sec))
			}
			continue
		}
		flush()
		out = append(out, sectionGroup{Heading: headingText(sec.Heading), Changes: mine})
	}
	flush()
	gone := map[string]int{} // heading → index in out
	for i, c := range changes {
		if placed[i] {
			continue
		}
		j, ok := gone[c.Section]
		if !ok {
			j = len(out)
			gone[c.Section] = j
			out = append(out, sectionGroup{Heading: headingText(c.Section), Gone: true})
		}
		out[j].Changes = append(out[j].Changes, newChangeBlock(c))
	}
	return out
}

func headingText(h string) string {
	if h == "" {
		return noHeading
	}
	return render.Sanitize(h)
}

func newFoldedSection(sec diff.Section) foldedSection {
	f := foldedSection{Heading: headingText(sec.Heading)}
	for _, c := range sec.Clauses {
		f.Clauses = append(f.Clauses, render.Sanitize(c.Text))
	}
	return f
}

func newChangeBlock(c classify.Change) changeBlock {
	b := changeBlock{
		Kind:       string(c.Kind),
		Severity:   c.Severity.String(),
		Categories: clean(c.Categories),
		Reasons:    clean(c.Reasons),
	}
	if c.Kind == diff.Moved && c.OldSection != "" && c.OldSection != c.Section {
		b.MovedFrom = headingText(c.OldSection)
	}
	old, nw := render.Sanitize(c.OldText), render.Sanitize(c.NewText)
	switch {
	case wordLevel(c):
		for _, op := range c.Words {
			text := render.Sanitize(op.Text)
			switch op.Type {
			case diff.Equal:
				b.Old = append(b.Old, seg{Text: text})
				b.New = append(b.New, seg{Text: text})
				b.Unified = append(b.Unified, seg{Text: text})
			case diff.Delete:
				b.Old = appendMarked(b.Old, text, "del")
				b.Unified = appendMarked(b.Unified, text, "del")
			case diff.Insert:
				b.New = appendMarked(b.New, text, "ins")
				b.Unified = appendMarked(b.Unified, text, "ins")
			}
		}
	case c.Kind == diff.Added:
		b.New = []seg{{Text: nw, Mark: "ins"}}
		b.Unified = b.New
	case c.Kind == diff.Removed:
		b.Old = []seg{{Text: old, Mark: "del"}}
		b.Unified = b.Old
	case c.Kind == diff.Modified:
		b.Old = []seg{{Text: old, Mark: "del"}}
		b.New = []seg{{Text: nw, Mark: "ins"}}
		b.Unified = []seg{{Text: old, Mark: "del"}, {Text: " "}, {Text: nw, Mark: "ins"}}
	default: // moved: the clause as it stood and as it stands
		if nw == "" {
			nw = old
		}
		b.Old = []seg{{Text: old}}
		b.New = []seg{{Text: nw}}
		b.Unified = b.New
	}
	return b
}

// appendMarked adds a highlighted run, leaving its surrounding spaces
// outside the highlight so the marks hug the words.
func appendMarked(segs []seg, text, mark string) []seg {
	core := strings.TrimLeftFunc(text, unicode.IsSpace)
	lead := text[:len(text)-len(core)]
	trimmed := strings.TrimRightFunc(core, unicode.IsSpace)
	trail := core[len(trimmed):]
	if lead != "" {
		segs = append(segs, seg{Text: lead})
	}
	if trimmed != "" {
		segs = append(segs, seg{Text: trimmed, Mark: mark})
	}
	if trail != "" {
		segs = append(segs, seg{Text: trail})
	}
	return segs
}

// wordLevel reports whether a modified change carries a word diff with
// something in it to highlight.
func wordLevel(c classify.Change) bool {
	if c.Kind != diff.Modified {
		return false
	}
	for _, op := range c.Words {
		if op.Type != diff.Equal && op.Text != "" {
			return true
		}
	}
	return false
}
