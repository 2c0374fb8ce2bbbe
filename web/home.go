package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

// homePage is the latest changes across all vendors: every stored change
// of every configured document (not only each one's latest), the vendor's
// material changes first, then the others, each newest first. The store
// lists them a page at a time with the filter in its query (a walk of the
// versions by capture time that stops at the page's end), so the page costs
// the same over thousands of documents and years of history; the counts of
// documents come from their summary rows (one table).
type homePage struct {
	Title      string
	Filter     filter
	Severities []string
	Categories []string
	// Vendors fill the vendor filter's list; with more than
	// vendorChoiceLimit vendors the filter is a text field instead.
	Vendors     []vendorChoice
	VendorField bool
	Changes     []changeRow
	Documents   int // documents configured
	Unchanged   int // documents without a change yet
	Failing     int // documents whose last check failed
	Held        int // documents whose last text is held as suspect
	JSONLink    string
	Later       bool   // a page after the first
	FirstLink   string // the first page, with the filter
	NextLink    string // the page after this one, "" for the last
	PrevLink    string // the page before this one, "" for the first
	// SearchedTo is how far back a page that ends short (a filter few
	// changes pass) looked; the next page looks further. Zero otherwise.
	SearchedTo time.Time
}

type vendorChoice struct{ ID, Name string }

// vendorChoiceLimit is the most vendors listed in the filter's menu.
const vendorChoiceLimit = 300

// homePageSize is how many changes one page of the home page lists.
const homePageSize = 100

// changeRow is one document's latest change.
type changeRow struct {
	VendorID, VendorName string
	VendorLink           string
	Type, DocLink        string
	At                   time.Time
	Archived             bool
	Technical            bool // tracker's re-extraction, not the vendor's edit
	Material             bool // a material change of the vendor's
	Summary              summaryView
	Diff                 string
	Version              string // the new version's page
	VersionID            int64
}

// homeChangeJSON is one change in the home page's JSON: the new version as
// `tracker history --format json` prints it, with the version before it.
type homeChangeJSON struct {
	pipeline.HistoryJSON
	Name        string `json:"name"`
	FromVersion int64  `json:"from_version"`
	Diff        string `json:"diff"` // the diff page's path
}

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	asJSON, err := wantJSON(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	f, err := parseFilter(q)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	after, err := parseCursor(q.Get("after"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	before, err := parseCursor(q.Get("before"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, strings.Replace(err.Error(), "after", "before", 1))
		return
	}
	if after != nil && before != nil {
		s.fail(w, r, http.StatusBadRequest, "after and before: give one of them (follow the page's links, or start at /)")
		return
	}
	cfg := s.app.Config()
	if f.Vendor != "" {
		if _, ok := cfg.Vendor(f.Vendor); !ok {
			err := &pipeline.UnknownVendorError{ID: f.Vendor, Known: cfg.VendorIDs()}
			s.fail(w, r, http.StatusBadRequest, "vendor: "+err.Error())
			return
		}
	}
	targets, err := s.app.Select(nil, "")
	if err != nil {
		s.internal(w, r, fmt.Errorf("web: list documents: %w", err))
		return
	}
	// A page follows the cursor it was asked after, or ends just before
	// the one it was asked before ("previous page").
	var changes []recentChange
	var next, prev *store.ChangeCursor
	if before != nil {
		changes, prev, err = s.recentChanges(r.Context(), f, before, true, targets)
		if len(changes) > 0 {
			c := changes[len(changes)-1].Cursor()
			next = &c
		}
	} else {
		changes, next, err = s.recentChanges(r.Context(), f, after, false, targets)
		if after != nil && len(changes) > 0 {
			c := changes[0].Cursor()
			prev = &c
		}
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	format := ""
	if asJSON {
		format = "json"
	}
	nextLink, prevLink := "", ""
	if next != nil {
		nextLink = f.query("/", format) + "&after=" + cursorParam(*next)
	}
	if prev != nil {
		prevLink = f.query("/", format) + "&before=" + cursorParam(*prev)
	}
	if asJSON {
		var links []string
		if nextLink != "" {
			links = append(links, "<"+nextLink+`>; rel="next"`)
		}
		if prevLink != "" {
			links = append(links, "<"+prevLink+`>; rel="prev"`)
		}
		if len(links) > 0 {
			w.Header().Set("Link", strings.Join(links, ", "))
		}
		out := make([]homeChangeJSON, len(changes))
		for i, c := range changes {
			out[i] = homeChangeJSON{
				HistoryJSON: pipeline.HistoryEntry{Version: c.Version, Summary: &c.summary}.JSON(c.target),
				Name:        c.target.Vendor.Name, FromVersion: c.FromVersion,
				Diff: diffPath(c.target.Vendor.ID, c.target.Doc.Type, c.FromVersion, c.Version.ID, ""),
			}
		}
		s.json(w, r, out)
		return
	}
	states, err := s.app.Store().DocumentStates(r.Context())
	if err != nil {
		s.internal(w, r, fmt.Errorf("web: count documents: %w", err))
		return
	}
	page := homePage{
		Title: "Latest changes", Filter: f, Severities: severities, Categories: categories,
		Documents: len(targets), JSONLink: f.query("/", "json"),
		Later: after != nil || prev != nil, FirstLink: f.query("/", ""), NextLink: nextLink, PrevLink: prevLink,
	}
	configured := make(map[int64]bool, len(targets))
	for _, t := range targets {
		configured[t.Stored.ID] = true
	}
	// A configured document not stored yet has never been fetched.
	page.Unchanged = len(targets)
	for _, d := range states {
		if !configured[d.ID] {
			continue
		}
		switch d.LastOutcome {
		case "error":
			page.Failing++
		case "suspect":
			page.Held++
		}
		if d.Changed {
			page.Unchanged--
		}
	}
	if next != nil && len(changes) < homePageSize && before == nil {
		page.SearchedTo = next.CapturedAt
	}
	for _, c := range changes {
		page.Changes = append(page.Changes, newChangeRow(c))
	}
	if len(cfg.Vendors) > vendorChoiceLimit {
		page.VendorField = true
	} else {
		for _, v := range cfg.Vendors {
			page.Vendors = append(page.Vendors, vendorChoice{ID: v.ID, Name: render.Sanitize(v.Name)})
		}
	}
	s.html(w, r, http.StatusOK, "home", page)
}

// recentChange is a stored change of a configured document.
type recentChange struct {
	store.RecentChange
	target  pipeline.Target
	summary classify.Summary
}

// homeReads bounds the store reads of one page: changes of documents no
// longer configured are skipped, each read looks at a bounded window of
// versions (store.RecentChanges), and a page that found too few changes
// in homeReads windows ends short, its next link going on from where it
// stopped.
const homeReads = 4

// recentChanges is one page of the changes f lets through, after the
// cursor (or, back, just before it), and the cursor of the page after it
// (before it, back; nil at the end of the list).
func (s *server) recentChanges(ctx context.Context, f filter, at *store.ChangeCursor, back bool, targets []pipeline.Target) ([]recentChange, *store.ChangeCursor, error) {
	byID := make(map[int64]pipeline.Target, len(targets))
	for _, t := range targets {
		byID[t.Stored.ID] = t
	}
	sf := store.RecentFilter{Category: f.Category, Vendor: f.Vendor, Since: f.since}
	if f.Severity != "" {
		for sev := f.minSeverity; sev <= classify.High; sev++ {
			sf.Severities = append(sf.Severities, sev.String())
		}
		// tracker's re-extractions pass only when every severity is asked.
		sf.NoTechnical = f.minSeverity > classify.None
	}
	read := func(at *store.ChangeCursor, limit int) ([]store.RecentChange, *store.ChangeCursor, error) {
		if back {
			return s.app.Store().RecentChangesBefore(ctx, sf, *at, limit)
		}
		return s.app.Store().RecentChanges(ctx, sf, at, limit)
	}
	var out []recentChange
	for range homeReads {
		got, next, err := read(at, homePageSize-len(out))
		if err != nil {
			return nil, nil, fmt.Errorf("web: latest changes: %w", err)
		}
		var page []recentChange
		for _, c := range got {
			t, ok := byID[c.Version.DocumentID]
			if !ok {
				continue
			}
			rc := recentChange{RecentChange: c, target: t}
			if c.Summary == nil || json.Unmarshal(c.Summary, &rc.summary) != nil {
				// An old row without a summary: what its columns say.
				rc.summary = classify.Summary{Material: c.Material}
				rc.summary.MaxSeverity, _ = classify.ParseSeverity(c.MaxSeverity)
			}
			page = append(page, rc)
		}
		if back {
			out = append(page, out...) // each read is of changes earlier in the list
		} else {
			out = append(out, page...)
		}
		if next == nil {
			return out, nil, nil
		}
		at = next
		if len(out) == homePageSize {
			break
		}
	}
	return out, at, nil
}

func newChangeRow(c recentChange) changeRow {
	t, v := c.target, c.Version
	return changeRow{
		VendorID: t.Vendor.ID, VendorName: render.Sanitize(t.Vendor.Name), VendorLink: vendorPath(t.Vendor.ID),
		Type: t.Doc.Type, DocLink: documentPath(t.Vendor.ID, t.Doc.Type),
		At: v.CapturedAt, Archived: v.Source == "wayback", Technical: v.Technical, Material: c.Material,
		Summary: newSummaryView(c.summary),
		Diff:    diffPath(t.Vendor.ID, t.Doc.Type, c.FromVersion, v.ID, ""),
		Version: versionPath(t.Vendor.ID, t.Doc.Type, v.ID), VersionID: v.ID,
	}
}

// cursorParam is a page's end in the home page's `after` parameter:
// "m" (a material change) or "o" (another), the capture time in Unix
// nanoseconds and the version's id.
func cursorParam(c store.ChangeCursor) string {
	part := "o"
	if c.Material {
		part = "m"
	}
	return part + "-" + strconv.FormatInt(c.CapturedAt.UnixNano(), 10) + "-" + strconv.FormatInt(c.VersionID, 10)
}

// parseCursor reads an `after` parameter; "" is the first page.
func parseCursor(p string) (*store.ChangeCursor, error) {
	if p == "" {
		return nil, nil
	}
	bad := fmt.Errorf("after %q: not a page of this list (follow the page's links, or start at /)", p)
	part, rest, ok1 := strings.Cut(p, "-")
	at, id, ok2 := strings.Cut(rest, "-")
	if !ok1 || !ok2 || (part != "m" && part != "o") {
		return nil, bad
	}
	nanos, err1 := strconv.ParseInt(at, 10, 64)
	vid, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || vid <= 0 {
		return nil, bad
	}
	return &store.ChangeCursor{Material: part == "m", CapturedAt: time.Unix(0, nanos).UTC(), VersionID: vid}, nil
}
