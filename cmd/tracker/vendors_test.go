package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store"
)

func TestNextCrawlColumn(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		doc  store.Document
		want string
	}{
		{"never scheduled", store.Document{}, "at daemon start"},
		{"scheduled", store.Document{DueAt: now.Add(90 * time.Minute)}, "2026-03-01 13:30"},
		{"overdue", store.Document{DueAt: now.Add(-time.Minute)}, "due"},
		{"due this instant", store.Document{DueAt: now}, "due"},
		{"being crawled", store.Document{DueAt: now.Add(-time.Minute), LeaseOwner: "host:12:ab", LeaseUntil: now.Add(time.Minute)}, "now (by host:12:ab)"},
		{"lease of a dead process, expired", store.Document{DueAt: now.Add(-time.Minute), LeaseOwner: "host:12:ab", LeaseUntil: now.Add(-time.Second)}, "due"},
		{"no longer configured", store.Document{DueAt: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}, "never (not configured)"},
		{"in another zone, shown in UTC", store.Document{DueAt: now.Add(time.Hour).In(time.FixedZone("CET", 3600))}, "2026-03-01 13:00"},
	} {
		if got := nextCrawl(c.doc, now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestVendorsShowsTheNextCrawl: after a crawl, `tracker vendors` shows
// when the daemon crawls each document next, as the database has it.
func TestVendorsShowsTheNextCrawl(t *testing.T) {
	s := newSite(t)
	s.set("/ok", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "x"))
	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
host_delay: 0s
schedule: "@every 6h"
spread: 0s
vendors:
  - id: good
    name: Good
    documents:
      - {type: privacy, url: %s}
      - {type: terms, url: %s}
`, s.url("/ok"), s.url("/ok")))
	if code, out, errOut := tracker(t, "crawl", "good", "--doc", "privacy", "--config", conf); code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
	}
	st, err := store.Open(context.Background(), filepath.Join(dir, "tracker.db"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := st.Document(context.Background(), "good", "privacy")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if until := time.Until(doc.DueAt); until < 5*time.Hour || until > 6*time.Hour {
		t.Errorf("crawled document due in %s, want the next slot, 6h after the crawl", until)
	}
	_, out, _ := tracker(t, "vendors", "--config", conf)
	if !strings.Contains(out, "NEXT CRAWL (UTC)") {
		t.Fatalf("no NEXT CRAWL column:\n%s", out)
	}
	var privacy, terms string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "good/privacy"):
			privacy = line
		case strings.HasPrefix(line, "good/terms"):
			terms = line
		}
	}
	if want := doc.DueAt.UTC().Format("2006-01-02 15:04"); !strings.HasSuffix(strings.TrimSpace(privacy), want) {
		t.Errorf("crawled document: %q, want it to end with its next crawl %s", privacy, want)
	}
	if !strings.HasSuffix(strings.TrimSpace(terms), "at daemon start") {
		t.Errorf("document never crawled: %q, want 'at daemon start'", terms)
	}
}
