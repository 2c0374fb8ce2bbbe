package classify

import "tracker/diff"

// Build classifies every change of a diff and sums them up. Changes that
// only alter typography are dropped: they are no change at all. The
// returned slices are never nil, so the JSON reads [] rather than null.
func Build(r *diff.Result) Report {
	rep := Report{
		Summary: Summary{Categories: []string{}},
		Changes: []Change{},
	}
	if r == nil {
		return rep
	}
	cats := map[string]bool{}
	for _, dc := range r.Changes {
		if dc.Kind == diff.Modified && foldForCompare(dc.OldText) == foldForCompare(dc.NewText) {
			continue
		}
		c := ClassifyChange(dc)
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
	rep.Summary.Material = rep.Summary.MaxSeverity >= Medium
	rep.Summary.Categories = ordered(cats)
	return rep
}
