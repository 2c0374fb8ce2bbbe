package render

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

// movedFrom is the section a moved clause came from, or "" when that says
// nothing new (unknown, or a reorder within the same section).
func movedFrom(c classify.Change) string {
	if c.Kind != diff.Moved || c.OldSection == "" || c.OldSection == c.Section {
		return ""
	}
	return c.OldSection
}

// shownText is the clause text a change is about: the new text unless the
// clause is gone.
func shownText(c classify.Change) string {
	if c.Kind == diff.Removed || c.NewText == "" {
		return c.OldText
	}
	return c.NewText
}

// hasWords reports whether a modified change carries a word-level diff worth
// showing inline.
func hasWords(c classify.Change) bool {
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

// splitSpace cuts s into its leading space, its core and its trailing
// space, so highlight markers can hug the words: "~~ do not ~~" does not
// render in Markdown and "[- do not -]" reads poorly.
func splitSpace(s string) (lead, core, trail string) {
	core = strings.TrimLeftFunc(s, unicode.IsSpace)
	lead = s[:len(s)-len(core)]
	trimmed := strings.TrimRightFunc(core, unicode.IsSpace)
	trail = core[len(trimmed):]
	return lead, trimmed, trail
}

// materialWord spells summary.material for people.
// unlistedNote says how many minor changes a report counts but does not
// list (a page rewritten whole), "" when it lists them all.
func unlistedNote(s classify.Summary) string {
	if s.Unlisted <= 0 {
		return ""
	}
	return fmt.Sprintf("%d minor changes (none or low) are counted but not listed: the page was rewritten at large; every medium and high change is listed", s.Unlisted)
}

func materialWord(s classify.Summary) string {
	if s.Material {
		return "yes"
	}
	return "no"
}
