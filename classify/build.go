package classify

import "github.com/tracker-dev/tracker/diff"

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
	var changes []diff.Change
	for _, dc := range r.Changes {
		if dc.Kind == diff.Modified && foldForCompare(dc.OldText) == foldForCompare(dc.NewText) {
			continue
		}
		changes = append(changes, dc)
	}
	pool := poolOf(changes)
	cats := map[string]bool{}
	for _, dc := range changes {
		c := classifyIn(dc, pool)
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

// poolOf reads the old and new sides of the changed clauses. Moved clauses
// keep their wording, so they are left out. A report of one change needs
// no pool.
func poolOf(changes []diff.Change) *carryOver {
	if len(changes) < 2 {
		return nil
	}
	p := newCarryOver()
	for _, c := range changes {
		if c.Kind == diff.Moved {
			continue
		}
		oldSection := c.OldSection
		if oldSection == "" {
			oldSection = c.Section
		}
		if c.OldText != "" {
			p.count(p.read(c.OldText, oldSection), p.old)
		}
		if c.NewText != "" {
			p.count(p.read(c.NewText, c.Section), p.new)
		}
	}
	return p
}
