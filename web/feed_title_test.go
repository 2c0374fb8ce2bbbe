package web

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
)

func TestEntryHeadline(t *testing.T) {
	for _, tt := range []struct{ reason, want string }{
		{`retention extended: "five years" → "ten years"`, "retention extended (five years → ten years)"},
		{`recipient added: "advertising partners"`, "recipient added (advertising partners)"},
		{`negation removed: "do not sell" → "sell"`, "negation removed (do not sell → sell)"},
		{"a new section", "a new section"},
	} {
		if got := reasonHeadline(tt.reason); got != tt.want {
			t.Errorf("reasonHeadline(%q) = %q, want %q", tt.reason, got, tt.want)
		}
	}
	r := &classify.Report{Changes: []classify.Change{
		{Severity: classify.Low, Reasons: []string{`date changed: "january 5" → "march 2"`}},
		{Severity: classify.High, Reasons: []string{`retention extended: "five years" → "ten years"`, "other"}},
		{Severity: classify.Medium},
	}}
	if got, want := entryHeadline(classify.Summary{}, r), "retention extended (five years → ten years) and 2 more changes"; got != want {
		t.Errorf("entryHeadline = %q, want %q", got, want)
	}
	if got := entryHeadline(classify.Summary{Modified: 1, MaxSeverity: classify.Low}, nil); got != "1 modified (low)" {
		t.Errorf("entryHeadline without a report = %q", got)
	}
}

// TestFeedSeverityDefault: a feed carries medium and above unless
// ?severity= says otherwise.
func TestFeedSeverityDefault(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	entries := func(query string) int {
		_, body := f.do(t, "GET", "/feed.atom"+query)
		var feed atomFeed
		if err := xml.Unmarshal([]byte(body), &feed); err != nil {
			t.Fatalf("%s: %v\n%s", query, err, body)
		}
		return len(feed.Entries)
	}
	// The fixture's change is high: in every feed but one asking for more.
	if entries("") != 1 || entries("?severity=none") != 1 {
		t.Errorf("default or none: %d, %d entries", entries(""), entries("?severity=none"))
	}
	// A change of the policy's date alone is in the feed only when asked for.
	page := strings.Replace(string(readTestdata(t, "policy-v2.html")), "<h1>Privacy Policy</h1>", "<h1>Privacy Policy</h1><p>Last updated: March 2, 2026.</p>", 1)
	f.site.set([]byte(page))
	targets, _ := f.app.Select([]string{"acme"}, "")
	if outs, err := f.app.Crawl(context.Background(), targets); err != nil || outs[0].Status != pipeline.StatusChanged || outs[0].Summary.Material {
		t.Fatalf("crawl of the new date: %v %+v", err, outs)
	}
	if all, def := entries("?severity=none"), entries(""); all != 2 || def != 1 {
		t.Errorf("after a date-only change: %d entries with severity=none, %d by default; want 2 and 1", all, def)
	}
}
