package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/diff"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

// versionPage is one stored version: the evidence of what a document said
// at a time, its text as tracker read it and the page as it was fetched.
type versionPage struct {
	Title      string
	VendorName string
	Type       string
	DocLink    string
	Version    versionView
	FetchedAt  time.Time
	SourceURL  string // where it was fetched from: shown, never linked
	RawLink    string
	Technical  bool
	Previous   *versionView
	Next       *versionView
	DiffPrev   string // the diff from the previous version, "" for the first
	Sections   []textSection
}

type textSection struct {
	Heading string
	Level   int
	Clauses []string
}

// versionJSON is ?format=json of a version page.
type versionJSON struct {
	pipeline.HistoryJSON
	Text string `json:"text"`
	Raw  string `json:"raw"` // the path of the stored page
}

func versionPath(vendor, docType string, id int64) string {
	return documentPath(vendor, docType) + "/versions/" + strconv.FormatInt(id, 10)
}

// storedVersion finds the version named in the path, of the document named
// in the path, answering 404 itself when there is none.
func (s *server) storedVersion(w http.ResponseWriter, r *http.Request) (pipeline.Target, store.Version, bool) {
	t, ok := s.target(w, r)
	if !ok {
		return t, store.Version{}, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusNotFound, "There is no version "+r.PathValue("id")+": versions are numbered (see the document's timeline).")
		return t, store.Version{}, false
	}
	v, err := s.app.Store().Version(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && v.DocumentID != t.Stored.ID) {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("%s has no version %d.", t.Key(), id))
		return t, store.Version{}, false
	}
	if err != nil {
		s.internal(w, r, err)
		return t, store.Version{}, false
	}
	return t, v, true
}

func (s *server) version(w http.ResponseWriter, r *http.Request) {
	asJSON, err := wantJSON(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	t, v, ok := s.storedVersion(w, r)
	if !ok {
		return
	}
	raw := versionPath(t.Vendor.ID, t.Doc.Type, v.ID) + "/raw"
	if asJSON {
		s.json(w, r, versionJSON{HistoryJSON: pipeline.HistoryEntry{Version: v}.JSON(t), Text: v.Text, Raw: raw})
		return
	}
	vs, err := s.app.Store().VersionList(r.Context(), t.Stored.ID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	p := versionPage{
		Title:      fmt.Sprintf("%s %s: version #%d", render.Sanitize(t.Vendor.Name), t.Doc.Type, v.ID),
		VendorName: render.Sanitize(t.Vendor.Name), Type: t.Doc.Type, DocLink: documentPath(t.Vendor.ID, t.Doc.Type),
		Version: newVersionView(v), FetchedAt: v.FetchedAt, SourceURL: render.Sanitize(v.URL), RawLink: raw,
		Technical: v.Technical,
	}
	for i, x := range vs {
		if x.ID != v.ID {
			continue
		}
		if i > 0 {
			prev := newVersionView(vs[i-1])
			p.Previous = &prev
			p.DiffPrev = diffPath(t.Vendor.ID, t.Doc.Type, vs[i-1].ID, v.ID, "")
		}
		if i+1 < len(vs) {
			next := newVersionView(vs[i+1])
			p.Next = &next
		}
	}
	for _, sec := range diff.Segment(doc.Parse(v.Text)) {
		ts := textSection{Heading: render.Sanitize(sec.Heading), Level: min(max(sec.Level, 1)+1, 6)}
		for _, c := range sec.Clauses {
			ts.Clauses = append(ts.Clauses, render.Sanitize(c.Text))
		}
		p.Sections = append(p.Sections, ts)
	}
	s.html(w, r, http.StatusOK, "version", p)
}

// rawPage serves a version's page exactly as it was fetched, from the
// database, never from the vendor's site: the evidence of what it said.
// It is the vendor's markup, so it is served sandboxed: a unique origin
// in which no script runs and no form is sent, whatever the page holds.
func (s *server) rawPage(w http.ResponseWriter, r *http.Request) {
	t, v, ok := s.storedVersion(w, r)
	if !ok {
		return
	}
	snap, err := s.app.Store().Snapshot(r.Context(), v.SnapshotID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	ctype := snap.ContentType
	if mt, _, err := mime.ParseMediaType(ctype); err != nil || mt == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", fmt.Sprintf("%s-%s-%d%s", t.Vendor.ID, t.Doc.Type, v.ID, rawExtension(ctype))))
	h.Set("Cache-Control", "private, max-age=86400, immutable") // a stored page never changes
	_, _ = w.Write(snap.Body)
}

func rawExtension(ctype string) string {
	switch {
	case strings.Contains(ctype, "html"):
		return ".html"
	case strings.Contains(ctype, "markdown"):
		return ".md"
	case strings.HasPrefix(ctype, "text/"):
		return ".txt"
	}
	return ""
}
