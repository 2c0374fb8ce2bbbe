package classify

import (
	"testing"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/internal/fuzztime"
)

// FuzzClassifyChange checks that any pair of texts classifies without
// panicking and always yields a valid, non-nil verdict.
func FuzzClassifyChange(f *testing.F) {
	seeds := [][2]string{
		{"", ""},
		{"not", "except"},
		{"We do not share data, except", "unless; but: which"},
		{"(10) years", "ten ( years"},
		{"under the age of", "age of 13 years of"},
		{"….", "“”’"},
		{"This email address is being protected from spambots.", "a@b.co"},
		{"We will retain data for no longer than necessary.", "We retain it indefinitely, e.g. forever."},
		{"1,000,000 days", "one hundred and"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, nw string) {
		fuzztime.Within(t, func() {
			for _, kind := range []diff.Kind{diff.Modified, diff.Added, diff.Removed, diff.Moved} {
				c := ClassifyChange(diff.Change{Kind: kind, Section: old, OldText: old, NewText: nw})
				if c.Severity < None || c.Severity > High {
					t.Fatalf("severity %d out of range", c.Severity)
				}
				if c.Categories == nil || c.Reasons == nil {
					t.Fatal("nil categories or reasons")
				}
				if kind == diff.Moved && c.Severity > Low {
					t.Fatalf("moved change rated %s", c.Severity)
				}
			}
		})
	})
}
