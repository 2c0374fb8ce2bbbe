package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

// homePage is the latest changes across all vendors: each document's
// latest change, material ones first, newest first. It is read from the
// documents' summary rows (one table, no texts, no reports), so that it
// stays fast over thousands of documents; a document's earlier changes
// are on its timeline and in the feeds.
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
	Shown       int // changes that pass the filter, on every page
	Documents   int // documents configured
	Unchanged   int // documents without a change yet
	Failing     int // documents whose last check failed
	Held        int // documents whose last text is held as suspect
	JSONLink    string
	Page, Pages int
	PrevLink    string
	NextLink    string
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
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
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
	docs, err := s.statuses(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	page := homePage{
		Title: "Latest changes", Filter: f, Severities: severities, Categories: categories,
		Documents: len(docs), JSONLink: f.query("/", "json"),
	}
	var shown []docStatus
	for _, d := range docs {
		switch d.LastFetch.Outcome {
		case "error":
			page.Failing++
		case "suspect":
			page.Held++
		}
		if d.LastChange == nil || d.Latest == nil || d.PreviousID == 0 {
			page.Unchanged++
			continue
		}
		if (f.Vendor == "" || d.Target.Vendor.ID == f.Vendor) && f.matchStatus(d) {
			shown = append(shown, d)
		}
	}
	shown = sortChanges(shown)
	if asJSON {
		out := make([]homeChangeJSON, len(shown))
		for i, d := range shown {
			t := d.Target
			out[i] = homeChangeJSON{
				HistoryJSON: pipeline.HistoryEntry{Version: *d.Latest, Summary: d.LastChange}.JSON(t),
				Name:        t.Vendor.Name, FromVersion: d.PreviousID,
				Diff: diffPath(t.Vendor.ID, t.Doc.Type, d.PreviousID, d.Latest.ID, ""),
			}
		}
		s.json(w, r, out)
		return
	}
	page.Shown = len(shown)
	page.Page, page.Pages = 1, max(1, (len(shown)+homePageSize-1)/homePageSize)
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > page.Pages {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("page %q: there are pages 1 to %d", p, page.Pages))
			return
		}
		page.Page = n
	}
	if page.Page > 1 {
		page.PrevLink = f.query("/", "") + "&page=" + strconv.Itoa(page.Page-1)
	}
	if page.Page < page.Pages {
		page.NextLink = f.query("/", "") + "&page=" + strconv.Itoa(page.Page+1)
	}
	for _, d := range shown[(page.Page-1)*homePageSize : min(len(shown), page.Page*homePageSize)] {
		page.Changes = append(page.Changes, newChangeRow(d))
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

// materialChange reports whether a document's latest change is a material
// edit of the vendor's: tracker's own re-extractions never are.
func materialChange(d docStatus) bool {
	return d.LastChange != nil && d.LastChange.Material && !d.Latest.Technical
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func newChangeRow(d docStatus) changeRow {
	t, v := d.Target, d.Latest
	return changeRow{
		VendorID: t.Vendor.ID, VendorName: render.Sanitize(t.Vendor.Name), VendorLink: vendorPath(t.Vendor.ID),
		Type: t.Doc.Type, DocLink: documentPath(t.Vendor.ID, t.Doc.Type),
		At: v.CapturedAt, Archived: v.Source == "wayback", Technical: v.Technical, Material: materialChange(d),
		Summary: newSummaryView(*d.LastChange),
		Diff:    diffPath(t.Vendor.ID, t.Doc.Type, d.PreviousID, v.ID, ""),
		Version: versionPath(t.Vendor.ID, t.Doc.Type, v.ID), VersionID: v.ID,
	}
}

// sortChanges orders the documents material change first, then newest,
// then by vendor and type. It sorts pointers: moving the large structs
// themselves was a third of the page's CPU time with 10 000 documents
// (bench/cmd/scalebench).
func sortChanges(docs []docStatus) []docStatus {
	ptrs := make([]*docStatus, len(docs))
	for i := range docs {
		ptrs[i] = &docs[i]
	}
	// A total order (vendor and type are unique): no need for a stable sort.
	slices.SortFunc(ptrs, func(a, b *docStatus) int {
		if c := cmpBool(materialChange(*b), materialChange(*a)); c != 0 {
			return c
		}
		if c := b.Latest.CapturedAt.Compare(a.Latest.CapturedAt); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Target.Vendor.ID, b.Target.Vendor.ID), cmp.Compare(a.Target.Doc.Type, b.Target.Doc.Type))
	})
	out := make([]docStatus, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out
}
