package web

import (
	"reflect"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

func TestGroupBySection(t *testing.T) {
	sections := []diff.Section{
		{Heading: "Policy title", Level: 1}, // a heading alone is never listed as unchanged
		{Heading: "", Clauses: []diff.Clause{{Text: "Intro."}}},
		{Heading: "Sharing", Clauses: []diff.Clause{{Text: "We share."}}},
		{Heading: "Retention", Clauses: []diff.Clause{{Text: "We keep."}}},
		{Heading: "Rights", Clauses: []diff.Clause{{Text: "You may ask."}}},
		{Heading: "Contact", Clauses: []diff.Clause{{Text: "Write to us."}}},
	}
	added := classify.Change{Kind: diff.Added, Section: "Sharing", NewText: "We sell data.", Severity: classify.High}
	removed := classify.Change{Kind: diff.Removed, Section: "Old section", OldText: "Gone.", Severity: classify.Low}
	moved := classify.Change{Kind: diff.Moved, Section: "Contact", OldSection: "Rights", OldText: "Ask.", NewText: "Ask."}
	// shape is what a test compares: headings of changed groups, "~n" for a
	// run of n folded sections, "-" suffix for sections gone.
	shape := func(gs []sectionGroup) []string {
		var out []string
		for _, g := range gs {
			switch {
			case len(g.Folded) > 0:
				out = append(out, "~"+string(rune('0'+len(g.Folded))))
			case g.Gone:
				out = append(out, g.Heading+"-")
			default:
				out = append(out, g.Heading)
			}
		}
		return out
	}
	tests := []struct {
		name    string
		changes []classify.Change
		want    []string
	}{
		{"no changes", nil, []string{"~5"}},
		{"one section", []classify.Change{added}, []string{"~1", "Sharing", "~3"}},
		{"moved and added", []classify.Change{added, moved}, []string{"~1", "Sharing", "~2", "Contact"}},
		{"removed section last", []classify.Change{removed, added}, []string{"~1", "Sharing", "~3", "Old section-"}},
		{"preamble", []classify.Change{{Kind: diff.Added, NewText: "Hi."}}, []string{noHeading, "~4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupBySection(sections, tt.changes)
			if s := shape(got); !reflect.DeepEqual(s, tt.want) {
				t.Errorf("groups %q, want %q", s, tt.want)
			}
			n := 0
			for _, g := range got {
				n += len(g.Changes)
			}
			if n != len(tt.changes) {
				t.Errorf("%d changes placed, want %d", n, len(tt.changes))
			}
		})
	}
}

func TestChangeBlockSegments(t *testing.T) {
	words := []diff.Op{{Type: diff.Equal, Text: "We "}, {Type: diff.Delete, Text: "do not sell"}, {Type: diff.Insert, Text: "sell"}, {Type: diff.Equal, Text: " data."}}
	tests := []struct {
		name              string
		c                 classify.Change
		old, new, unified []seg
		movedFrom         string
	}{
		{"word diff", classify.Change{Kind: diff.Modified, OldText: "We do not sell data.", NewText: "We sell data.", Words: words},
			[]seg{{"We ", ""}, {"do not sell", "del"}, {" data.", ""}},
			[]seg{{"We ", ""}, {"sell", "ins"}, {" data.", ""}},
			[]seg{{"We ", ""}, {"do not sell", "del"}, {"sell", "ins"}, {" data.", ""}}, ""},
		{"added", classify.Change{Kind: diff.Added, NewText: "New."},
			nil, []seg{{"New.", "ins"}}, []seg{{"New.", "ins"}}, ""},
		{"removed", classify.Change{Kind: diff.Removed, OldText: "Old."},
			[]seg{{"Old.", "del"}}, nil, []seg{{"Old.", "del"}}, ""},
		{"modified without words", classify.Change{Kind: diff.Modified, OldText: "A.", NewText: "B."},
			[]seg{{"A.", "del"}}, []seg{{"B.", "ins"}}, []seg{{"A.", "del"}, {" ", ""}, {"B.", "ins"}}, ""},
		{"spaces stay outside marks", classify.Change{Kind: diff.Modified, Words: []diff.Op{{Type: diff.Equal, Text: "Keep"}, {Type: diff.Delete, Text: " 30 days "}, {Type: diff.Insert, Text: " 5 years "}, {Type: diff.Equal, Text: "at most."}}},
			[]seg{{"Keep", ""}, {" ", ""}, {"30 days", "del"}, {" ", ""}, {"at most.", ""}},
			[]seg{{"Keep", ""}, {" ", ""}, {"5 years", "ins"}, {" ", ""}, {"at most.", ""}},
			[]seg{{"Keep", ""}, {" ", ""}, {"30 days", "del"}, {" ", ""}, {" ", ""}, {"5 years", "ins"}, {" ", ""}, {"at most.", ""}}, ""},
		{"moved", classify.Change{Kind: diff.Moved, Section: "B", OldSection: "A", OldText: "X.", NewText: "X."},
			[]seg{{"X.", ""}}, []seg{{"X.", ""}}, []seg{{"X.", ""}}, "A"},
		{"control characters removed", classify.Change{Kind: diff.Added, NewText: "a\u202eb\x1b[31mc"},
			nil, []seg{{"abc", "ins"}}, []seg{{"abc", "ins"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newChangeBlock(tt.c)
			if !reflect.DeepEqual(b.Old, tt.old) || !reflect.DeepEqual(b.New, tt.new) || !reflect.DeepEqual(b.Unified, tt.unified) {
				t.Errorf("old %q new %q unified %q\nwant %q %q %q", b.Old, b.New, b.Unified, tt.old, tt.new, tt.unified)
			}
			if b.MovedFrom != tt.movedFrom {
				t.Errorf("moved from %q, want %q", b.MovedFrom, tt.movedFrom)
			}
		})
	}
}
