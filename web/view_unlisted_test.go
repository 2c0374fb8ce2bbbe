package web

import (
	"testing"

	"github.com/tracker-dev/tracker/classify"
)

// A report that counts changes it does not list says so in its summary.
func TestSummaryNamesUnlistedChanges(t *testing.T) {
	for _, tt := range []struct {
		s    classify.Summary
		want string
	}{
		{classify.Summary{Added: 1, Modified: 2}, "1 added, 2 modified"},
		{classify.Summary{Removed: 2, Modified: 6612, Unlisted: 5204}, "2 removed, 6612 modified, 5204 minor ones not listed"},
		{classify.Summary{}, "no clause changes"},
	} {
		if got := countWords(tt.s); got != tt.want {
			t.Errorf("countWords(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
