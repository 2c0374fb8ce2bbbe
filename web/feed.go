package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

// feedLimit bounds a feed to the newest changes; older ones stay on the
// document pages.
const feedLimit = 100

// tagPrefix starts every Atom id. Entry ids are built from what identifies
// a change — vendor, document, capture time and the two text hashes — not
// from database row ids, so they survive a rebuilt database.
const tagPrefix = "tag:tracker,2024:"

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// feedChange is one change found in a history.
type feedChange struct {
	target   pipeline.Target
	from, to store.Version
	summary  classify.Summary
}

func (s *server) feed(w http.ResponseWriter, r *http.Request) {
	s.serveFeed(w, r, nil, "Policy changes", tagPrefix+"feed")
}

func (s *server) vendorFeed(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("vendor")
	v, ok := s.app.Config().Vendor(id)
	if !ok {
		err := &pipeline.UnknownVendorError{ID: id, Known: s.app.Config().VendorIDs()}
		s.fail(w, r, http.StatusNotFound, err.Error())
		return
	}
	s.serveFeed(w, r, []string{id}, "Policy changes: "+render.Sanitize(v.Name), tagPrefix+"vendor/"+url.PathEscape(id))
}

// feedDefaultSeverity is what a feed carries without ?severity=: the
// changes worth attention. ?severity=none lists every change, dates and
// technical re-extractions included.
const feedDefaultSeverity = "medium"

func (s *server) serveFeed(w http.ResponseWriter, r *http.Request, vendors []string, title, id string) {
	q := r.URL.Query()
	if !q.Has("severity") {
		q.Set("severity", feedDefaultSeverity)
	}
	f, err := parseFilter(q)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if f.Vendor != "" && vendors == nil {
		vendors = []string{f.Vendor}
	}
	targets, err := s.app.Select(vendors, "")
	if err != nil {
		if unknown(err) {
			s.fail(w, r, http.StatusNotFound, err.Error())
		} else {
			s.internal(w, r, err)
		}
		return
	}
	changes, err := s.feedChanges(r.Context(), targets, f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	base := baseURL(r)
	feed := atomFeed{
		Title: title, ID: id,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: base + "/"},
		},
		Author: atomPerson{Name: "tracker"},
	}
	for _, c := range changes {
		e, err := s.feedEntry(r.Context(), base, c)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		feed.Entries = append(feed.Entries, e)
	}
	feed.Updated = feedUpdated(changes)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		s.internal(w, r, fmt.Errorf("web: encode feed: %w", err))
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// feedChanges lists the changes of targets that pass f, newest first, at
// most feedLimit.
func (s *server) feedChanges(ctx context.Context, targets []pipeline.Target, f filter) ([]feedChange, error) {
	var out []feedChange
	for _, t := range targets {
		h, err := s.app.History(ctx, t)
		if err != nil {
			return nil, err
		}
		for i := 1; i < len(h); i++ {
			if h[i].Summary == nil || !f.match(h[i].Summary, h[i].Version.Technical) || !f.matchTime(h[i].Version.CapturedAt) {
				continue
			}
			out = append(out, feedChange{target: t, from: h[i-1].Version, to: h[i].Version, summary: *h[i].Summary})
		}
	}
	slices.SortStableFunc(out, func(a, b feedChange) int {
		if c := b.to.CapturedAt.Compare(a.to.CapturedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.to.ID, a.to.ID)
	})
	if len(out) > feedLimit {
		out = out[:feedLimit]
	}
	return out, nil
}

func (s *server) feedEntry(ctx context.Context, base string, c feedChange) (atomEntry, error) {
	t, sum := c.target, c.summary
	report, err := s.storedReport(ctx, c)
	if err != nil {
		return atomEntry{}, err
	}
	e := atomEntry{
		Title: render.Sanitize(t.Vendor.Name) + " " + t.Doc.Type + ": " + entryHeadline(sum, report),
		ID: tagPrefix + strings.Join([]string{
			url.PathEscape(t.Vendor.ID), url.PathEscape(t.Doc.Type),
			c.to.CapturedAt.UTC().Format("20060102T150405Z"), short(c.from.Hash) + "-" + short(c.to.Hash),
		}, "/"),
		Updated: c.to.CapturedAt.UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "alternate", Type: "text/html",
			Href: base + diffPath(t.Vendor.ID, t.Doc.Type, c.from.ID, c.to.ID, "")}},
	}
	for _, cat := range sum.Categories {
		e.Categories = append(e.Categories, atomCategory{Term: render.Sanitize(cat)})
	}
	e.Summary = atomText{Type: "text", Body: feedSummary(c, report)}
	return e, nil
}

// entryHeadline says what changed in a few words, as a reader of a feed
// wants it in the title: the first reason of the most severe clause change
// ("retention extended (five years → ten years)"), with how many more
// there are; the counts when no change has a reason.
func entryHeadline(sum classify.Summary, r *classify.Report) string {
	if r != nil {
		changes := slices.Clone(r.Changes)
		slices.SortStableFunc(changes, func(x, y classify.Change) int { return cmp.Compare(y.Severity, x.Severity) })
		for _, ch := range changes {
			if len(ch.Reasons) == 0 {
				continue
			}
			h := reasonHeadline(render.Sanitize(ch.Reasons[0]))
			if more := len(r.Changes) - 1; more > 0 {
				h += fmt.Sprintf(" and %d more %s", more, pluralWord(more, "change"))
			}
			return h
		}
	}
	return fmt.Sprintf("%s (%s)", countWords(sum), sum.MaxSeverity)
}

// quotedChange reads a classifier reason `what: "old" → "new"`, or
// `what: "term"`.
var quotedChange = regexp.MustCompile(`^(.+?): "([^"]*)"(?: → "([^"]*)")?$`)

// reasonHeadline turns a reason into title words: `retention extended:
// "five years" → "ten years"` reads `retention extended (five years → ten
// years)`.
func reasonHeadline(reason string) string {
	m := quotedChange.FindStringSubmatch(reason)
	switch {
	case m == nil:
		return reason
	case m[3] != "":
		return m[1] + " (" + m[2] + " → " + m[3] + ")"
	}
	return m[1] + " (" + m[2] + ")"
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// storedReport reads the change's report, which History has just cached;
// nil when it is missing or unreadable, and the summary then lists counts
// only.
func (s *server) storedReport(ctx context.Context, c feedChange) (*classify.Report, error) {
	ch, ok, err := s.app.Store().ChangeBetween(ctx, c.from.ID, c.to.ID)
	if err != nil || !ok {
		return nil, err
	}
	var r classify.Report
	if json.Unmarshal(ch.Report, &r) != nil {
		return nil, nil
	}
	return &r, nil
}

// feedSummaryChanges is how many clause changes an entry's summary lists.
const feedSummaryChanges = 5

// feedSummary is a plain-text account of a change: what changed when, then
// the most severe clause changes with their reasons.
func feedSummary(c feedChange, r *classify.Report) string {
	sum := c.summary
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s changed (version #%d of %s → #%d of %s): %d added, %d removed, %d modified, %d moved. ",
		render.Sanitize(c.target.Vendor.Name), c.target.Doc.Type,
		c.from.ID, when(c.from.CapturedAt), c.to.ID, when(c.to.CapturedAt),
		sum.Added, sum.Removed, sum.Modified, sum.Moved)
	if sum.Material {
		fmt.Fprintf(&b, "Material change, highest severity %s.", sum.MaxSeverity)
	} else {
		fmt.Fprintf(&b, "Not material (highest severity %s).", sum.MaxSeverity)
	}
	if len(sum.Categories) > 0 {
		b.WriteString(" Categories: " + strings.Join(clean(sum.Categories), ", ") + ".")
	}
	if r == nil {
		return b.String()
	}
	changes := slices.Clone(r.Changes)
	slices.SortStableFunc(changes, func(x, y classify.Change) int { return cmp.Compare(y.Severity, x.Severity) })
	for i, ch := range changes {
		if i == feedSummaryChanges {
			fmt.Fprintf(&b, "\n… and %d more.", len(changes)-i)
			break
		}
		fmt.Fprintf(&b, "\n[%s] %s in %q", ch.Severity, ch.Kind, headingText(ch.Section))
		if len(ch.Reasons) > 0 {
			b.WriteString(": " + strings.Join(clean(ch.Reasons), "; "))
		}
	}
	return b.String()
}

// feedUpdated is the newest entry's time; an empty feed uses the start of
// the Unix epoch so that it stays the same between requests.
func feedUpdated(changes []feedChange) string {
	if len(changes) == 0 {
		return time.Unix(0, 0).UTC().Format(time.RFC3339)
	}
	return changes[0].to.CapturedAt.UTC().Format(time.RFC3339)
}

func short(hash string) string { return hash[:min(12, len(hash))] }

// baseURL is the scheme and host the visitor used, for the absolute links
// feed readers need.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
