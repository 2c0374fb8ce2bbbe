package classify

import (
	"context"
	"fmt"
	"strings"

	"github.com/tracker-dev/tracker/diff"
)

// Build classifies every change of a diff and sums them up, in the
// language the changed clauses are written in. Changes that only alter
// typography are dropped: they are no change at all. The returned slices
// are never nil, so the JSON reads [] rather than null.
func Build(r *diff.Result) Report {
	if r == nil {
		return BuildIn(r, Language{Code: "en"})
	}
	rep, _ := build(context.Background(), r, detectChanges(r.Changes), nil)
	return rep
}

// BuildDocuments classifies a diff of two versions whose texts are known:
// the language is told from the whole new text (the old one when the new
// is empty), which is surer than from the changed clauses alone.
func BuildDocuments(r *diff.Result, oldText, newText string) Report {
	rep, _ := BuildDocumentsContext(context.Background(), r, oldText, newText)
	return rep
}

// BuildDocumentsContext is BuildDocuments under ctx: when ctx ends first
// it stops between two changes and returns an error wrapping ctx's cause.
func BuildDocumentsContext(ctx context.Context, r *diff.Result, oldText, newText string) (Report, error) {
	text := newText
	if len(text) < 200 {
		text += "\n" + oldText
	}
	return build(ctx, r, Detect(text), []string{oldText, newText})
}

// BuildIn classifies a diff whose language is known. A language the
// classifier does not read is still reported, every change at low with a
// note that it was not rated.
func BuildIn(r *diff.Result, lang Language) Report {
	rep, _ := build(context.Background(), r, lang, nil)
	return rep
}

// BuildInContext is BuildIn under ctx, as BuildDocumentsContext.
func BuildInContext(ctx context.Context, r *diff.Result, lang Language) (Report, error) {
	return build(ctx, r, lang, nil)
}

// build classifies a diff; texts are the two documents when known, for
// telling a typo from the word it misspells. Each change costs a bounded
// time (clauses are bounded by the diff), so ctx is looked at between two.
func build(ctx context.Context, r *diff.Result, lang Language, texts []string) (Report, error) {
	rep := Report{
		Summary: Summary{Categories: []string{}, Language: lang.Code},
		Changes: []Change{},
	}
	if r == nil {
		return rep, nil
	}
	var changes []diff.Change
	for _, dc := range r.Changes {
		if dc.Kind == diff.Modified && foldForCompare(dc.OldText) == foldForCompare(dc.NewText) {
			continue
		}
		changes = append(changes, dc)
	}
	rd := newReader(lang, poolOf(changes))
	rd.garbled = garbledPairs(changes)
	rd.texts = texts
	rd.docs = len(texts) == 2
	if texts == nil {
		for _, c := range changes {
			rd.texts = append(rd.texts, c.OldText, c.NewText)
		}
	}
	if len(texts) == 2 && len(changes) > 0 {
		rd.furniture = rd.findFurniture(texts[0], texts[1])
		rd.toc = tocTexts(texts[0], texts[1])
		rd.docsRead = true
	}
	if err := rd.fill(ctx, rd.pool, changes); err != nil {
		return Report{}, err
	}
	cats := map[string]bool{}
	var documents, translated map[int]string
	if lang.Rated() {
		documents = rd.removedDocuments(changes)
		translated = rd.translatedPairs(changes)
	}
	for i, dc := range changes {
		if err := stopped(ctx); err != nil {
			return Report{}, err
		}
		c := rd.rate(dc)
		if title, ok := documents[i]; ok && c.Severity > Low {
			c.Severity = Low
			c.Reasons = append(c.Reasons, fmt.Sprintf("removed with %q, a whole document this page no longer holds", title))
		}
		if j := introducer(changes, i); j >= 0 && c.Severity > Low && rd.banner(changes[j].NewText, changes[j].Section) {
			// "We've updated our terms. The changes take effect:" then
			// the items it introduces: still the notice, not terms.
			c.Severity = Low
			c.Reasons = append(c.Reasons, "part of the notice of the update before it")
		}
		if other, ok := translated[i]; ok && c.Severity > Low {
			c.Severity = Low
			c.Reasons = append(c.Reasons, fmt.Sprintf("the same clause in another language (%s), not compared word by word", languageOf(other).Name))
		}
		rep.Changes = append(rep.Changes, c)
		switch c.Kind {
		case diff.Added:
			rep.Summary.Added++
		case diff.Removed:
			rep.Summary.Removed++
		case diff.Modified:
			rep.Summary.Modified++
		case diff.Moved:
			rep.Summary.Moved++
		}
		rep.Summary.MaxSeverity = max(rep.Summary.MaxSeverity, c.Severity)
		for _, cat := range c.Categories {
			cats[cat] = true
		}
	}
	if !lang.Rated() && len(rep.Changes) > 0 {
		rep.Summary.Note = unratedNote(lang)
	}
	rep.Summary.Material = rep.Summary.MaxSeverity >= Medium
	rep.Summary.Categories = ordered(cats)
	return rep, nil
}

// introducer returns the index of the added clause ending in a colon that
// introduces change i, a short added clause, directly or through the
// items before it; -1 when there is none.
func introducer(changes []diff.Change, i int) int {
	if changes[i].Kind != diff.Added || len(changes[i].NewText) > 300 {
		return -1
	}
	for k := i - 1; k >= 0 && i-k <= 5 && changes[k].Kind == diff.Added; k-- {
		if strings.HasSuffix(strings.TrimSpace(changes[k].NewText), ":") {
			return k
		}
		if len(changes[k].NewText) > 300 {
			return -1
		}
	}
	return -1
}

func stopped(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("classify: stopped: %w", context.Cause(ctx))
	}
	return nil
}

// poolOf returns the pool the changed clauses of a report are counted in,
// or nil when there is one change: it has no other clause to net against.
func poolOf(changes []diff.Change) *carryOver {
	if len(changes) < 2 {
		return nil
	}
	return newCarryOver()
}

// fill reads the old and new sides of the changed clauses into the pool.
// Moved clauses keep their wording, so they are left out.
func (r *reader) fill(ctx context.Context, p *carryOver, changes []diff.Change) error {
	if p == nil {
		return nil
	}
	for _, c := range changes {
		if c.Kind == diff.Moved {
			continue
		}
		if err := stopped(ctx); err != nil {
			return err
		}
		oldSection := c.OldSection
		if oldSection == "" {
			oldSection = c.Section
		}
		if c.OldText != "" {
			p.count(r.read(c.OldText, oldSection), p.old)
		}
		if c.NewText != "" {
			p.count(r.read(c.NewText, c.Section), p.new)
		}
	}
	return nil
}

// garbledPairs finds an added and a removed clause that are the same text
// read in two character sets ("één" → "??n"), which the diff could not
// pair as one modified clause.
func garbledPairs(changes []diff.Change) map[string]bool {
	suspect := false
	for _, c := range changes {
		if strings.ContainsAny(c.OldText+c.NewText, "?\ufffd") {
			suspect = true
			break
		}
	}
	if !suspect {
		return nil
	}
	removed := map[string]string{}
	for _, c := range changes {
		if c.Kind == diff.Removed {
			removed[degrade(c.OldText)] = c.OldText
		}
	}
	var out map[string]bool
	for _, c := range changes {
		if c.Kind != diff.Added {
			continue
		}
		if old, ok := removed[degrade(c.NewText)]; ok && old != c.NewText {
			if out == nil {
				out = map[string]bool{}
			}
			out[c.NewText+"\x00"] = true
			out["\x00"+old] = true
		}
	}
	return out
}
