package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

const (
	viewSide    = "side"
	viewUnified = "unified"
)

// diffPage compares two versions of a document.
type diffPage struct {
	Title       string
	VendorName  string
	Type        string
	DocLink     string
	From, To    versionView
	Summary     summaryView
	Changes     int
	View        string
	SideLink    string
	UnifiedLink string
	JSONLink    string
	DiffAction  string
	Versions    []versionView // newest first, for the compare form
	Groups      []sectionGroup
	Unchanged   int // sections without changes
}

func (s *server) diff(w http.ResponseWriter, r *http.Request) {
	asJSON, err := wantJSON(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	view := q.Get("view")
	switch view {
	case "":
		view = viewSide
	case viewSide, viewUnified:
	default:
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("view %q: use side or unified", view))
		return
	}
	t, ok := s.target(w, r)
	if !ok {
		return
	}
	vs, err := s.app.Store().VersionList(r.Context(), t.Stored.ID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(vs) == 0 {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("%s has no versions stored yet: run `tracker crawl %s` first.", t.Key(), t.Vendor.ID))
		return
	}
	from, to, ok := s.resolve(w, r, t, q.Get("from"), q.Get("to"))
	if !ok {
		return
	}
	res, err := s.app.Diff(r.Context(), t, strconv.FormatInt(from.ID, 10), strconv.FormatInt(to.ID, 10))
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if asJSON {
		var buf bytes.Buffer
		if err := render.Report(&buf, render.FormatJSON, res.Report, render.Options{}); err != nil {
			s.internal(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
		return
	}
	s.html(w, r, http.StatusOK, "diff", newDiffPage(t, res, vs, view))
}

// resolve reads the from and to references; a reference that names no
// version is the visitor's mistake and answers 400 with the reason.
func (s *server) resolve(w http.ResponseWriter, r *http.Request, t pipeline.Target, fromRef, toRef string) (store.Version, store.Version, bool) {
	if fromRef == "" {
		fromRef = "previous"
	}
	if toRef == "" {
		toRef = "latest"
	}
	from, err := s.app.Version(r.Context(), t, fromRef)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "from: "+err.Error())
		return store.Version{}, store.Version{}, false
	}
	to, err := s.app.Version(r.Context(), t, toRef)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "to: "+err.Error())
		return store.Version{}, store.Version{}, false
	}
	return from, to, true
}

func newDiffPage(t pipeline.Target, res pipeline.DiffResult, vs []store.Version, view string) diffPage {
	vendor, typ := t.Vendor.ID, t.Doc.Type
	p := diffPage{
		Title:      fmt.Sprintf("%s %s: #%d → #%d", render.Sanitize(t.Vendor.Name), typ, res.From.ID, res.To.ID),
		VendorName: render.Sanitize(t.Vendor.Name), Type: typ,
		DocLink: documentPath(vendor, typ),
		From:    newVersionView(res.From), To: newVersionView(res.To),
		Summary: newSummaryView(res.Report.Summary), Changes: len(res.Report.Changes),
		View:        view,
		SideLink:    diffPath(vendor, typ, res.From.ID, res.To.ID, viewSide),
		UnifiedLink: diffPath(vendor, typ, res.From.ID, res.To.ID, viewUnified),
		DiffAction:  documentPath(vendor, typ) + "/diff",
		JSONLink:    diffPath(vendor, typ, res.From.ID, res.To.ID, "") + "&format=json",
	}
	p.From.Link = versionPath(vendor, typ, res.From.ID)
	p.To.Link = versionPath(vendor, typ, res.To.ID)
	for _, v := range vs {
		p.Versions = append(p.Versions, newVersionView(v))
	}
	slices.Reverse(p.Versions)
	p.Groups = groupBySection(diff.Segment(doc.Parse(res.To.Text)), res.Report.Changes)
	for _, g := range p.Groups {
		p.Unchanged += len(g.Folded)
	}
	return p
}
