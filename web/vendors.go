package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

// vendorsPage lists the vendors with their documents (/vendors), or one
// vendor's documents (/vendors/ID).
type vendorsPage struct {
	Title      string
	Self       string // this page's path: /vendors or a vendor's page
	Changes    string // a vendor's changes on the home page, "" for the list
	Vendors    []vendorRow
	Filter     filter
	Severities []string
	Categories []string
	JSONLink   string
	Total      int // documents configured
	Shown      int // documents that pass the filter
	// Pages of vendorsPageSize documents: thousands of documents make a
	// page no one reads and no browser renders quickly.
	Page, Pages        int
	PrevLink, NextLink string
}

// vendorsPageSize is how many documents one page of the list shows.
const vendorsPageSize = 200

type vendorRow struct {
	ID, Name string
	Link     string // first document, the vendor's "page"
	Feed     string
	Docs     []docRow
}

type docRow struct {
	Type, URL, Link string
	Versions        int
	LastCheck       time.Time
	Outcome         string
	Error           string
	Failures        int
	Change          *changeView // the latest change, nil when none yet
}

// changeView is a change as the home and document pages list it.
type changeView struct {
	At      time.Time
	Summary summaryView
	Diff    string
}

// docStatus is everything the lists know about one document: its summary,
// never its history (thousands of documents load in one query).
type docStatus struct {
	pipeline.DocumentStatus
}

func (s *server) vendors(w http.ResponseWriter, r *http.Request) {
	asJSON, err := wantJSON(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	// A vendor's page (/vendors/ID) is this page for its documents only.
	vendor := r.PathValue("vendor")
	if vendor == "" {
		vendor = f.Vendor
	}
	title := "Vendors"
	if vendor != "" {
		v, ok := s.app.Config().Vendor(vendor)
		if !ok {
			err := &pipeline.UnknownVendorError{ID: vendor, Known: s.app.Config().VendorIDs()}
			s.fail(w, r, http.StatusNotFound, err.Error())
			return
		}
		title = render.Sanitize(v.Name)
	}
	var only []string
	if vendor != "" {
		only = []string{vendor}
	}
	targets, err := s.app.Select(only, "")
	if err != nil {
		s.internal(w, r, fmt.Errorf("web: list documents: %w", err))
		return
	}
	// Without a filter, a page reads the summaries of its own documents
	// only; a filter (or the JSON list) needs them all.
	filtered := asJSON || f.Severity != "" || f.Category != "" || f.Since != ""
	var shown []docStatus
	if filtered {
		docs, err := s.statuses(r.Context(), targets)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		for _, d := range docs {
			if f.matchStatus(d) {
				shown = append(shown, d)
			}
		}
	}
	if asJSON {
		s.json(w, r, homeJSON(shown))
		return
	}
	n := len(targets)
	if filtered {
		n = len(shown)
	}
	page := vendorsPage{
		Title: title, Filter: f, Severities: severities, Categories: categories,
		Total: len(targets), Shown: n, JSONLink: f.query(r.URL.Path, "json"), Self: r.URL.Path,
		Page: 1, Pages: max(1, (n+vendorsPageSize-1)/vendorsPageSize),
	}
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > page.Pages {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("page %q: there are pages 1 to %d", p, page.Pages))
			return
		}
		page.Page = n
	}
	if page.Page > 1 {
		page.PrevLink = f.query(r.URL.Path, "") + "&page=" + strconv.Itoa(page.Page-1)
	}
	if page.Page < page.Pages {
		page.NextLink = f.query(r.URL.Path, "") + "&page=" + strconv.Itoa(page.Page+1)
	}
	from, to := (page.Page-1)*vendorsPageSize, min(n, page.Page*vendorsPageSize)
	if filtered {
		shown = shown[from:to]
	} else if shown, err = s.statuses(r.Context(), targets[from:to]); err != nil {
		s.internal(w, r, err)
		return
	}
	for _, d := range shown {
		v := d.Target.Vendor
		if n := len(page.Vendors); n == 0 || page.Vendors[n-1].ID != v.ID {
			page.Vendors = append(page.Vendors, vendorRow{
				ID: v.ID, Name: render.Sanitize(v.Name),
				Link: vendorPath(v.ID), Feed: vendorFeedPath(v.ID),
			})
		}
		row := &page.Vendors[len(page.Vendors)-1]
		row.Docs = append(row.Docs, newDocRow(d))
	}
	if vendor != "" {
		page.Changes = "/?vendor=" + url.QueryEscape(vendor)
	}
	s.html(w, r, http.StatusOK, "vendors", page)
}

// matchStatus reports whether a document's latest change passes the filter.
func (f filter) matchStatus(d docStatus) bool {
	technical := d.Latest != nil && d.Latest.Technical
	if !f.match(d.LastChange, technical) {
		return false
	}
	return f.Since == "" || (d.LastChange != nil && f.matchTime(d.Latest.CapturedAt))
}

// statuses reads the summaries of targets, in their order.
func (s *server) statuses(ctx context.Context, targets []pipeline.Target) ([]docStatus, error) {
	st, err := s.app.Status(ctx, targets)
	if err != nil {
		return nil, err
	}
	out := make([]docStatus, len(st))
	for i, d := range st {
		out[i] = docStatus{DocumentStatus: d}
	}
	return out, nil
}

func newDocRow(d docStatus) docRow {
	t := d.Target
	row := docRow{
		Type: t.Doc.Type, URL: render.Sanitize(t.Doc.URL), Link: documentPath(t.Vendor.ID, t.Doc.Type),
		Versions: d.Versions, LastCheck: d.LastFetch.StartedAt, Outcome: outcomeLabel(d.LastFetch.Outcome),
		Error: render.Sanitize(d.LastFetch.Error), Failures: t.Stored.FailCount,
	}
	if d.LastChange != nil && d.Latest != nil {
		row.Change = &changeView{
			At: d.Latest.CapturedAt, Summary: newSummaryView(*d.LastChange),
			Diff: diffPath(t.Vendor.ID, t.Doc.Type, d.PreviousID, d.Latest.ID, ""),
		}
	}
	return row
}

// homeStatusJSON is one document in the vendor list's JSON.
type homeStatusJSON struct {
	Vendor     string                `json:"vendor"`
	Name       string                `json:"name"`
	Document   string                `json:"document"`
	URL        string                `json:"url"`
	Versions   int                   `json:"versions"`
	LastFetch  *fetchJSON            `json:"last_fetch"`
	Latest     *pipeline.HistoryJSON `json:"latest"`
	LastChange *classify.Summary     `json:"last_change"`
	Failures   int                   `json:"failures"`
}

type fetchJSON struct {
	StartedAt string `json:"started_at"`
	Outcome   string `json:"outcome"`
	Status    int    `json:"status"`
	Error     string `json:"error,omitempty"`
}

func homeJSON(docs []docStatus) []homeStatusJSON {
	out := make([]homeStatusJSON, len(docs))
	for i, d := range docs {
		t := d.Target
		j := homeStatusJSON{
			Vendor: t.Vendor.ID, Name: t.Vendor.Name, Document: t.Doc.Type, URL: t.Doc.URL,
			Versions: d.Versions, Failures: t.Stored.FailCount,
		}
		if f := d.LastFetch; !f.StartedAt.IsZero() {
			j.LastFetch = &fetchJSON{StartedAt: f.StartedAt.UTC().Format(time.RFC3339), Outcome: f.Outcome, Status: f.Status, Error: f.Error}
		}
		if d.Latest != nil {
			h := pipeline.HistoryEntry{Version: *d.Latest, Summary: d.LastChange}.JSON(t)
			j.Latest = &h
			j.LastChange = d.LastChange
		}
		out[i] = j
	}
	return out
}
