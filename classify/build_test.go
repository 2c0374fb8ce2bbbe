package classify

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/diff"
)

func TestBuildSummary(t *testing.T) {
	r := &diff.Result{Changes: []diff.Change{
		{Kind: diff.Modified, Section: "Updates", OldText: "Last updated: May 2, 2023", NewText: "Last updated: June 9, 2024"},
		{Kind: diff.Modified, Section: "Sharing", OldText: "We do not sell your data.", NewText: "We may sell your data."},
		{Kind: diff.Added, Section: "Transfers", NewText: "Your data may be transferred to servers in Canada and India."},
		{Kind: diff.Removed, Section: "Security", OldText: "All backups are encrypted."},
		{Kind: diff.Moved, Section: "Contact", OldSection: "Contact", OldText: "Write to us.", NewText: "Write to us."},
		// Typography only: no change at all, so not listed.
		{Kind: diff.Modified, Section: "Sharing", OldText: "We don’t rent data.", NewText: "We don't rent data."},
	}}
	rep := Build(r)
	s := rep.Summary
	if len(rep.Changes) != 5 {
		t.Fatalf("got %d changes, want 5 (typography dropped)", len(rep.Changes))
	}
	if s.Added != 1 || s.Removed != 1 || s.Modified != 2 || s.Moved != 1 {
		t.Errorf("counts added=%d removed=%d modified=%d moved=%d, want 1 1 2 1", s.Added, s.Removed, s.Modified, s.Moved)
	}
	if !s.Material || s.MaxSeverity != High {
		t.Errorf("material=%v max=%s, want true high", s.Material, s.MaxSeverity)
	}
	for _, want := range []string{Sharing, Transfer, Security} {
		if !slices.Contains(s.Categories, want) {
			t.Errorf("summary categories %v lack %s", s.Categories, want)
		}
	}
	// Categories follow the contract's order, whatever order changes come in.
	idx := func(c string) int { return slices.Index(categoryOrder, c) }
	if !slices.IsSortedFunc(s.Categories, func(a, b string) int { return idx(a) - idx(b) }) {
		t.Errorf("summary categories %v not in canonical order", s.Categories)
	}
	if rep.Changes[0].Severity != None {
		t.Errorf("date change rated %s, want none", rep.Changes[0].Severity)
	}
}

func TestBuildNotMaterial(t *testing.T) {
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Modified, OldText: "4. Aditional Information.", NewText: "4. Additional Information."},
	}})
	if rep.Summary.Material || rep.Summary.MaxSeverity != None {
		t.Errorf("typo fix reported material=%v max=%s", rep.Summary.Material, rep.Summary.MaxSeverity)
	}
}

func TestBuildEmptyIsNotNull(t *testing.T) {
	for name, r := range map[string]*diff.Result{"nil": nil, "empty": {}} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(Build(r))
			if err != nil {
				t.Fatal(err)
			}
			js := string(b)
			if !strings.Contains(js, `"changes":[]`) || !strings.Contains(js, `"categories":[]`) || !strings.Contains(js, `"material":false`) {
				t.Errorf("JSON %s: want empty lists, not null", js)
			}
		})
	}
}

func TestReportJSONShape(t *testing.T) {
	rep := Build(&diff.Result{Changes: []diff.Change{
		{Kind: diff.Modified, Section: "Sharing", OldText: "We do not sell your data.", NewText: "We may sell your data."},
	}})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Summary struct {
			Material    bool     `json:"material"`
			MaxSeverity string   `json:"max_severity"`
			Categories  []string `json:"categories"`
		} `json:"summary"`
		Changes []struct {
			Kind     string   `json:"kind"`
			Severity string   `json:"severity"`
			Reasons  []string `json:"reasons"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Summary.MaxSeverity != "high" || back.Changes[0].Severity != "high" || back.Changes[0].Kind != "modified" {
		t.Errorf("unexpected JSON %s", b)
	}
	if len(back.Changes[0].Reasons) == 0 || !strings.Contains(back.Changes[0].Reasons[0], "negation removed") {
		t.Errorf("reasons %q", back.Changes[0].Reasons)
	}
}

// A paragraph split by the new version: the part that became its own
// clause permits nothing new, so it must not read as a new practice.
func TestBuildNetsClausesSplitApart(t *testing.T) {
	split := []diff.Change{
		{Kind: diff.Modified, Section: "Sharing",
			OldText: "We share order data with couriers and with marketing partners who send you offers.",
			NewText: "We share order data with couriers."},
		{Kind: diff.Added, Section: "Sharing", NewText: "We also share order data with marketing partners who send you offers."},
	}
	rep := Build(&diff.Result{Changes: split})
	if rep.Summary.Material {
		t.Errorf("split paragraph reported material: %+v", rep.Changes)
	}
	alone := Build(&diff.Result{Changes: split[1:]})
	if !alone.Summary.Material {
		t.Errorf("the added clause alone must be material: %+v", alone.Changes)
	}
	// A real widening next to the split still counts.
	widened := append(split, diff.Change{Kind: diff.Added, Section: "Sharing", NewText: "We may sell order data to data brokers."})
	if rep := Build(&diff.Result{Changes: widened}); rep.Summary.MaxSeverity != High {
		t.Errorf("new sale hidden by netting: max %s", rep.Summary.MaxSeverity)
	}
}
