package pipeline

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/diff"
)

// A page rewritten whole (thousands of changed clauses) makes a report that
// lists every material change, but only the first minor ones: the others
// are counted in the summary and Unlisted, and the report's size is bounded
// by the material clauses, not by the page.
func TestLargeReportListsMaterialChanges(t *testing.T) {
	var changes []diff.Change
	material := map[string]bool{}
	size := 0
	for i := 0; size <= 6*minorListed; i++ {
		c := diff.Change{Kind: diff.Modified, Section: "Office hours",
			OldText: fmt.Sprintf("Our offices in Lyon are painted blue (note %d). %s", i, strings.Repeat("Visitors are welcome to the reception on the ground floor. ", 6)),
			NewText: fmt.Sprintf("Our offices in Lyon are painted green (note %d). %s", i, strings.Repeat("Visitors are welcome to the reception on the ground floor. ", 6))}
		if i%25 == 0 {
			c = diff.Change{Kind: diff.Modified, Section: "Sharing",
				OldText: fmt.Sprintf("We do not sell your personal information (clause %d). %s", i, strings.Repeat("Padding words here. ", 20)),
				NewText: fmt.Sprintf("We may sell your personal information to data brokers (clause %d). %s", i, strings.Repeat("Padding words here. ", 20))}
			material[c.NewText] = true
		}
		size += len(c.OldText) + len(c.NewText)
		changes = append(changes, c)
	}
	n := len(changes)
	r, err := classifyBounded(context.Background(), &diff.Result{Changes: changes}, "", strings.Repeat("We collect data. ", 20))
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary.Modified != n {
		t.Errorf("summary counts %d modified, want %d", r.Summary.Modified, n)
	}
	if !r.Summary.Material || r.Summary.MaxSeverity != classify.High {
		t.Errorf("summary %+v: want material, high", r.Summary)
	}
	listed, minor, minorBytes := 0, 0, 0
	for _, c := range r.Changes {
		if c.Severity >= classify.Medium {
			if !material[c.NewText] {
				t.Errorf("%q rated %s", c.NewText, c.Severity)
			}
			listed++
			continue
		}
		if material[c.NewText] {
			t.Errorf("material change %q rated %s", c.NewText, c.Severity)
		}
		minor++
		minorBytes += len(c.OldText) + len(c.NewText)
	}
	if listed != len(material) {
		t.Errorf("%d material changes listed, want all %d", listed, len(material))
	}
	if minor == 0 || minorBytes > minorListed+2<<10 {
		t.Errorf("%d minor changes listed (%d bytes), want some, up to %d bytes", minor, minorBytes, minorListed)
	}
	if got := len(r.Changes) + r.Summary.Unlisted; got != n {
		t.Errorf("%d listed + %d unlisted = %d, want %d", len(r.Changes), r.Summary.Unlisted, got, n)
	}
	raw, err := encodeReport(r)
	if err != nil {
		t.Fatal(err)
	}
	if limit := 2*minorListed + wordsListed + 2*size/25; len(raw) > limit {
		t.Errorf("report of %d bytes, want at most %d", len(raw), limit)
	}
	if !strings.Contains(string(raw), fmt.Sprintf(`"unlisted":%d`, r.Summary.Unlisted)) {
		t.Errorf("the stored report does not say how many changes it leaves out")
	}
}
