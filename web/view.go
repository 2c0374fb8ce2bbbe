package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

// categories are the classifier's categories, for the pages' filters.
var categories = []string{
	classify.Sharing, classify.Retention, classify.Collection, classify.Tracking,
	classify.Rights, classify.Security, classify.Transfer, classify.Children,
	classify.AI, classify.Disputes, classify.Liability, classify.License,
	classify.Account, classify.Payment, classify.PolicyChange, classify.Contact, classify.Other,
}

var severities = []string{"low", "medium", "high"}

func documentPath(vendor, docType string) string {
	return "/vendors/" + url.PathEscape(vendor) + "/" + url.PathEscape(docType)
}

func vendorPath(vendor string) string { return "/vendors/" + url.PathEscape(vendor) }

func vendorFeedPath(vendor string) string {
	return "/vendors/" + url.PathEscape(vendor) + "/feed.atom"
}

// diffPath links two versions; view is left out when it is the default.
func diffPath(vendor, docType string, from, to int64, view string) string {
	q := url.Values{}
	q.Set("from", strconv.FormatInt(from, 10))
	q.Set("to", strconv.FormatInt(to, 10))
	if view != "" && view != viewSide {
		q.Set("view", view)
	}
	return documentPath(vendor, docType) + "/diff?" + q.Encode()
}

// summaryView is a change summary ready to print.
type summaryView struct {
	Severity   string
	Material   bool
	Words      string // "1 added, 1 modified"
	Categories []string
}

func newSummaryView(s classify.Summary) summaryView {
	return summaryView{
		Severity:   s.MaxSeverity.String(),
		Material:   s.Material,
		Words:      countWords(s),
		Categories: clean(s.Categories),
	}
}

// counts spells the numbers of a change like the feed titles: +added
// -removed ~modified, and >moved only when something moved.
func counts(s classify.Summary) string {
	c := fmt.Sprintf("+%d -%d ~%d", s.Added, s.Removed, s.Modified)
	if s.Moved > 0 {
		c += fmt.Sprintf(" >%d", s.Moved)
	}
	return c
}

// countWords spells the counts of a change, leaving out zeros.
func countWords(s classify.Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{s.Added, "added"}, {s.Removed, "removed"}, {s.Modified, "modified"}, {s.Moved, "moved"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.word))
		}
	}
	if len(parts) == 0 {
		return "no clause changes"
	}
	if s.Unlisted > 0 { // a page rewritten at large: its minor changes are counted, not listed
		parts = append(parts, fmt.Sprintf("%d minor ones not listed", s.Unlisted))
	}
	return strings.Join(parts, ", ")
}

// versionView is one stored version as pages show it.
type versionView struct {
	ID       int64
	Captured time.Time
	Source   string
	URL      string
	Label    string
	Archived bool   // a Wayback Machine capture rather than a live fetch
	Link     string // its page, set by pages that know the document
}

func newVersionView(v store.Version) versionView {
	return versionView{
		ID: v.ID, Captured: v.CapturedAt, Source: v.Source, URL: render.Sanitize(v.URL),
		Label:    fmt.Sprintf("#%d · %s · %s", v.ID, when(v.CapturedAt), sourceName(v.Source)),
		Archived: v.Source == "wayback",
	}
}

func sourceName(source string) string {
	if source == "wayback" {
		return "archived"
	}
	return source
}

// clean sanitizes page text for display; html/template escapes it after.
func clean(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = render.Sanitize(s)
	}
	return out
}

// filter is the pages' and feeds' choice of changes: at least a severity,
// and optionally one category, one vendor and a first day.
type filter struct {
	Severity    string // "" for any
	Category    string // "" for any
	Vendor      string // "" for all; checked against the configuration by the page
	Since       string // YYYY-MM-DD, "" for any time
	minSeverity classify.Severity
	since       time.Time
}

func parseFilter(q url.Values) (filter, error) {
	f := filter{
		Severity: strings.TrimSpace(q.Get("severity")), Category: strings.TrimSpace(q.Get("category")),
		Vendor: strings.TrimSpace(q.Get("vendor")), Since: strings.TrimSpace(q.Get("since")),
	}
	if f.Severity != "" {
		s, err := classify.ParseSeverity(f.Severity)
		if err != nil {
			return f, fmt.Errorf("severity: %w", err)
		}
		f.Severity, f.minSeverity = s.String(), s
	}
	if f.Category != "" && !slices.Contains(categories, f.Category) {
		return f, fmt.Errorf("category %q is not one of: %s", f.Category, strings.Join(categories, ", "))
	}
	if f.Since != "" {
		day, err := time.Parse(time.DateOnly, f.Since)
		if err != nil {
			return f, fmt.Errorf("since %q: give a day as YYYY-MM-DD", f.Since)
		}
		f.since = day
	}
	return f, nil
}

// Active reports whether the filter excludes anything.
func (f filter) Active() bool {
	return f.Severity != "" || f.Category != "" || f.Vendor != "" || f.Since != ""
}

// query is the page's address (path) with this filter, in a format.
func (f filter) query(path, format string) string {
	q := url.Values{}
	for k, v := range map[string]string{"severity": f.Severity, "category": f.Category, "vendor": f.Vendor, "since": f.Since, "format": format} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return path + "?" + q.Encode()
}

// match reports whether a change passes the filter's severity and
// category; a document without changes passes only when they are not set.
// A technical change (tracker's re-extraction, not the vendor's edit)
// passes only when every severity is asked for.
func (f filter) match(s *classify.Summary, technical bool) bool {
	if f.Severity == "" && f.Category == "" {
		return true
	}
	if s == nil || s.MaxSeverity < f.minSeverity || (technical && f.minSeverity > classify.None) {
		return false
	}
	return f.Category == "" || slices.Contains(s.Categories, f.Category)
}

// matchTime reports whether a change made at t passes the filter's day.
func (f filter) matchTime(t time.Time) bool {
	return f.Since == "" || !t.Before(f.since)
}

// lastChange is the newest entry of a history that has a change.
func lastChange(h []pipeline.HistoryEntry) (pipeline.HistoryEntry, bool) {
	if n := len(h); n > 1 && h[n-1].Summary != nil {
		return h[n-1], true
	}
	return pipeline.HistoryEntry{}, false
}
