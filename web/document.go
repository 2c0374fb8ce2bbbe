package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

// documentPage is one document's timeline.
type documentPage struct {
	Title      string
	VendorName string
	VendorID   string
	VendorLink string
	Type       string
	URL        string
	Feed       string
	DiffAction string
	LastCheck  time.Time
	Outcome    string
	Error      string
	Entries    []entryView // newest first
	Versions   []versionView
	From, To   int64 // the compare form's preselected versions
}

// entryView is one version in the timeline.
type entryView struct {
	Version   versionView
	Change    *changeView // nil for the first version
	FlapOf    int64
	Technical bool
}

func (s *server) document(w http.ResponseWriter, r *http.Request) {
	asJSON, err := wantJSON(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	t, ok := s.target(w, r)
	if !ok {
		return
	}
	history, err := s.app.History(r.Context(), t)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if asJSON {
		out := make([]pipeline.HistoryJSON, len(history))
		for i, e := range history {
			out[i] = e.JSON(t)
		}
		s.json(w, r, out)
		return
	}
	st, err := s.app.Status(r.Context(), []pipeline.Target{t})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.html(w, r, http.StatusOK, "document", newDocumentPage(t, st[0], history))
}

func newDocumentPage(t pipeline.Target, st pipeline.DocumentStatus, history []pipeline.HistoryEntry) documentPage {
	p := documentPage{
		Title:      render.Sanitize(t.Vendor.Name) + " · " + t.Doc.Type,
		VendorName: render.Sanitize(t.Vendor.Name), VendorID: t.Vendor.ID, VendorLink: vendorPath(t.Vendor.ID), Type: t.Doc.Type,
		URL: render.Sanitize(t.Doc.URL), Feed: vendorFeedPath(t.Vendor.ID),
		DiffAction: documentPath(t.Vendor.ID, t.Doc.Type) + "/diff",
		LastCheck:  st.LastFetch.StartedAt, Outcome: outcomeLabel(st.LastFetch.Outcome), Error: render.Sanitize(st.LastFetch.Error),
	}
	for i, e := range history {
		v := newVersionView(e.Version)
		v.Link = versionPath(t.Vendor.ID, t.Doc.Type, v.ID)
		p.Versions = append(p.Versions, v)
		ev := entryView{Version: v, FlapOf: e.Version.FlapOf, Technical: e.Version.Technical}
		if e.Summary != nil && i > 0 {
			ev.Change = &changeView{
				At: e.Version.CapturedAt, Summary: newSummaryView(*e.Summary),
				Diff: diffPath(t.Vendor.ID, t.Doc.Type, history[i-1].Version.ID, e.Version.ID, ""),
			}
		}
		p.Entries = append(p.Entries, ev)
	}
	if n := len(history); n > 0 {
		p.To = history[n-1].Version.ID
		p.From = history[max(0, n-2)].Version.ID
	}
	slices.Reverse(p.Entries)
	slices.Reverse(p.Versions)
	return p
}

// outcomeLabel names a fetch's outcome for readers: a text held back as
// suspect is "held" (its note, shown beside, says why and until when).
func outcomeLabel(outcome string) string {
	if outcome == "suspect" {
		return "held"
	}
	return outcome
}
