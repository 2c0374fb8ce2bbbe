package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/store"
)

// ErrNoVersions means a document has not been crawled successfully yet.
var ErrNoVersions = errors.New("no versions stored yet")

// HistoryEntry is one version (without its text) with the change that led
// to it.
type HistoryEntry struct {
	Version store.Version
	Summary *classify.Summary // nil for the first version
}

// History lists a document's versions, oldest first and without their
// texts, each with the summary of its change from the version before: read
// from the stored summaries, or computed and kept when a backfill put
// versions in between. Two queries for a history of any length.
func (a *App) History(ctx context.Context, t Target) ([]HistoryEntry, error) {
	vs, err := a.store.VersionList(ctx, t.Stored.ID)
	if err != nil {
		return nil, fmt.Errorf("pipeline: history of %s: %w", t.Key(), err)
	}
	vs = timeline(vs)
	sums, err := a.store.ChangeSummaries(ctx, t.Stored.ID)
	if err != nil {
		return nil, fmt.Errorf("pipeline: history of %s: %w", t.Key(), err)
	}
	out := make([]HistoryEntry, len(vs))
	for i, v := range vs {
		out[i].Version = v
		if i == 0 {
			continue
		}
		var sum classify.Summary
		if raw, ok := sums[store.ChangeKey{From: vs[i-1].ID, To: v.ID}]; ok && json.Unmarshal(raw, &sum) == nil {
			out[i].Summary = &sum
			continue
		}
		from, err := a.store.Version(ctx, vs[i-1].ID)
		if err != nil {
			return nil, fmt.Errorf("pipeline: history of %s: %w", t.Key(), err)
		}
		to, err := a.store.Version(ctx, v.ID)
		if err != nil {
			return nil, fmt.Errorf("pipeline: history of %s: %w", t.Key(), err)
		}
		r, err := a.change(ctx, from, to)
		if err != nil {
			return nil, err
		}
		out[i].Summary = &r.Summary
	}
	return out, nil
}

// change is the classified report between two versions: the one stored
// when the crawl made it, else computed now and not kept (reads never
// write: any pair a visitor asks for would otherwise add a row).
func (a *App) change(ctx context.Context, from, to store.Version) (classify.Report, error) {
	c, ok, err := a.store.ChangeBetween(ctx, from.ID, to.ID)
	if err != nil {
		return classify.Report{}, fmt.Errorf("pipeline: change %d→%d: %w", from.ID, to.ID, err)
	}
	if ok {
		var r classify.Report
		if err := json.Unmarshal(c.Report, &r); err == nil {
			return r, nil
		}
		// An unreadable stored report is recomputed below.
	}
	r, err := compareBounded(ctx, from.Text, to.Text)
	if err != nil {
		return r, fmt.Errorf("pipeline: change %d→%d: %w", from.ID, to.ID, err)
	}
	return r, nil
}

// DiffResult is the comparison of two versions of a document.
type DiffResult struct {
	Target   Target
	From, To store.Version
	Report   classify.Report
}

// Diff compares two versions given as references: a version id, a date
// (YYYY-MM-DD: the latest version at or before that day), "latest" or
// "previous". Empty references mean previous → latest.
func (a *App) Diff(ctx context.Context, t Target, fromRef, toRef string) (DiffResult, error) {
	vs, err := a.store.VersionList(ctx, t.Stored.ID)
	if err != nil {
		return DiffResult{}, fmt.Errorf("pipeline: versions of %s: %w", t.Key(), err)
	}
	if len(vs) == 0 {
		return DiffResult{}, fmt.Errorf("%s: %w: run `tracker crawl %s` first", t.Key(), ErrNoVersions, t.Vendor.ID)
	}
	if fromRef == "" {
		fromRef = "previous"
	}
	if toRef == "" {
		toRef = "latest"
	}
	to, err := resolveRef(vs, toRef)
	if err != nil {
		return DiffResult{}, fmt.Errorf("%s: --to: %w", t.Key(), err)
	}
	from, err := resolveRef(vs, fromRef)
	if err != nil {
		return DiffResult{}, fmt.Errorf("%s: --from: %w", t.Key(), err)
	}
	// The references are resolved on the list; only the two texts compared
	// are read.
	if from, err = a.store.Version(ctx, from.ID); err != nil {
		return DiffResult{}, fmt.Errorf("pipeline: %s: %w", t.Key(), err)
	}
	if to, err = a.store.Version(ctx, to.ID); err != nil {
		return DiffResult{}, fmt.Errorf("pipeline: %s: %w", t.Key(), err)
	}
	res := DiffResult{Target: t, From: from, To: to}
	if from.ID == to.ID {
		res.Report, err = compareBounded(ctx, from.Text, to.Text)
		return res, err
	}
	res.Report, err = a.change(ctx, from, to)
	return res, err
}

// Version resolves one reference (see Diff) to a stored version.
func (a *App) Version(ctx context.Context, t Target, ref string) (store.Version, error) {
	vs, err := a.store.VersionList(ctx, t.Stored.ID)
	if err != nil {
		return store.Version{}, fmt.Errorf("pipeline: versions of %s: %w", t.Key(), err)
	}
	if len(vs) == 0 {
		return store.Version{}, fmt.Errorf("%s: %w: run `tracker crawl %s` first", t.Key(), ErrNoVersions, t.Vendor.ID)
	}
	if ref == "" {
		ref = "latest"
	}
	v, err := resolveRef(vs, ref)
	if err != nil {
		return store.Version{}, fmt.Errorf("%s: %w", t.Key(), err)
	}
	if v, err = a.store.Version(ctx, v.ID); err != nil {
		return store.Version{}, fmt.Errorf("pipeline: %s: %w", t.Key(), err)
	}
	return v, nil
}

// resolveRef finds a version in vs (ordered by capture time).
func resolveRef(vs []store.Version, ref string) (store.Version, error) {
	all := vs
	vs = timeline(vs) // a version an id names is found even when left out of the timeline
	ref = strings.TrimSpace(ref)
	switch ref {
	case "latest":
		return vs[len(vs)-1], nil
	case "previous":
		if len(vs) < 2 {
			return vs[0], nil // one version: previous and latest are the same
		}
		return vs[len(vs)-2], nil
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		for _, v := range all {
			if v.ID == id {
				return v, nil
			}
		}
		return store.Version{}, fmt.Errorf("no version %d for this document (see `tracker history`)", id)
	}
	day, err := time.Parse("2006-01-02", ref)
	if err != nil {
		return store.Version{}, fmt.Errorf("%q is not a version: use a version id, a date YYYY-MM-DD, latest or previous", ref)
	}
	end := day.Add(24 * time.Hour)
	var found *store.Version
	for i := range vs {
		if vs[i].CapturedAt.Before(end) {
			found = &vs[i]
		}
	}
	if found == nil {
		return store.Version{}, fmt.Errorf("no version at or before %s; the first is from %s", ref, vs[0].CapturedAt.Format("2006-01-02"))
	}
	return *found, nil
}

// DocumentStatus is what `tracker vendors` and the web home page show for
// one document.
type DocumentStatus struct {
	Target    Target      // Stored is fresh: back-off, next crawl, lease
	LastFetch store.Fetch // zero when never fetched
	Versions  int
	Latest    *store.Version // without its text; nil when none
	// LastChange is the change that led to Latest (from PreviousID), nil for
	// a first version.
	PreviousID int64
	LastChange *classify.Summary
}

// Status reports each target's last fetch, version count, latest version
// and last change, read from the store's summaries in one query whatever
// the number of documents and versions.
func (a *App) Status(ctx context.Context, targets []Target) ([]DocumentStatus, error) {
	out, changes, err := a.summaries(ctx, targets)
	if err != nil {
		return nil, err
	}
	for i := range out {
		s := &out[i]
		if s.Latest == nil || s.PreviousID == 0 {
			continue
		}
		var sum classify.Summary
		if changes[i] != nil && json.Unmarshal(changes[i], &sum) == nil {
			s.LastChange = &sum
			continue
		}
		// Not computed yet (a backfill put a version before it): once.
		from, err := a.store.Version(ctx, s.PreviousID)
		if err != nil {
			return nil, fmt.Errorf("pipeline: status of %s: %w", s.Target.Key(), err)
		}
		to, err := a.store.Version(ctx, s.Latest.ID)
		if err != nil {
			return nil, fmt.Errorf("pipeline: status of %s: %w", s.Target.Key(), err)
		}
		r, err := a.change(ctx, from, to)
		if err != nil {
			return nil, err
		}
		s.LastChange = &r.Summary
	}
	return out, nil
}

// summaries reads the targets' summary rows; changes[i] is the summary
// (JSON) of out[i]'s last change, nil when not computed.
func (a *App) summaries(ctx context.Context, targets []Target) (out []DocumentStatus, changes [][]byte, err error) {
	// A page about a few documents asks for those; a list, for all (one
	// scan of one table either way).
	var ids []int64
	if len(targets) <= 500 {
		for _, t := range targets {
			ids = append(ids, t.Stored.ID)
		}
	}
	sums, err := a.store.DocumentSummaries(ctx, ids...)
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: status: %w", err)
	}
	byID := make(map[int64]*store.DocumentSummary, len(sums))
	for i := range sums {
		byID[sums[i].ID] = &sums[i]
	}
	out = make([]DocumentStatus, len(targets))
	changes = make([][]byte, len(targets))
	for i, t := range targets {
		s, ok := byID[t.Stored.ID]
		if !ok {
			out[i] = DocumentStatus{Target: t}
			continue
		}
		t.Stored = s.Document
		out[i] = DocumentStatus{Target: t, LastFetch: s.LastFetch, Versions: s.Versions, Latest: s.Latest, PreviousID: s.PreviousID}
		changes[i] = s.LastChange
	}
	return out, changes, nil
}

// HistoryJSON is one version as `tracker history --format json` and the web
// UI's `?format=json` print it.
type HistoryJSON struct {
	ID         int64             `json:"id"`
	Vendor     string            `json:"vendor"`
	Document   string            `json:"document"`
	Source     string            `json:"source"`
	FetchedAt  string            `json:"fetched_at"`
	CapturedAt string            `json:"captured_at"`
	URL        string            `json:"url"`
	Hash       string            `json:"hash"`
	FlapOf     int64             `json:"flap_of,omitempty"`
	Technical  bool              `json:"technical,omitempty"`
	Summary    *classify.Summary `json:"summary"`
}

// JSON is the entry in its published form.
func (e HistoryEntry) JSON(t Target) HistoryJSON {
	v := e.Version
	return HistoryJSON{
		ID: v.ID, Vendor: t.Vendor.ID, Document: t.Doc.Type, Source: v.Source,
		FetchedAt: v.FetchedAt.UTC().Format(time.RFC3339), CapturedAt: v.CapturedAt.UTC().Format(time.RFC3339),
		URL: v.URL, Hash: v.Hash, FlapOf: v.FlapOf, Technical: v.Technical, Summary: e.Summary,
	}
}

// StatusJSON is one document as `tracker vendors --format json` prints it.
type StatusJSON struct {
	Vendor    string         `json:"vendor"`
	Name      string         `json:"name"`
	Document  string         `json:"document"`
	URL       string         `json:"url"`
	Versions  int            `json:"versions"`
	Latest    *LatestJSON    `json:"latest"`     // null before the first version
	LastFetch *LastFetchJSON `json:"last_fetch"` // null before the first fetch
	Failures  int            `json:"failures"`   // failed fetches in a row
	// BackoffUntil is when a document that keeps failing is tried again
	// (RFC 3339), empty when it is not backing off.
	BackoffUntil string `json:"backoff_until,omitempty"`
	// NextCrawl is when the daemon crawls it next (RFC 3339), empty before
	// a daemon or a crawl scheduled it; CrawlingBy names the process that
	// holds it now.
	NextCrawl  string `json:"next_crawl,omitempty"`
	CrawlingBy string `json:"crawling_by,omitempty"`
}

// LatestJSON names a document's latest version.
type LatestJSON struct {
	ID         int64  `json:"id"`
	Source     string `json:"source"`
	CapturedAt string `json:"captured_at"`
	Hash       string `json:"hash"`
}

// LastFetchJSON is a document's last fetch attempt.
type LastFetchJSON struct {
	StartedAt string `json:"started_at"`
	Outcome   string `json:"outcome"`
	Status    int    `json:"status,omitempty"` // HTTP status, when there was one
	Error     string `json:"error,omitempty"`
}

// JSON is the status in its published form; now decides whether a back-off
// is still running.
func (s DocumentStatus) JSON(now time.Time) StatusJSON {
	t := s.Target
	j := StatusJSON{
		Vendor: t.Vendor.ID, Name: t.Vendor.Name, Document: t.Doc.Type, URL: t.Doc.URL,
		Versions: s.Versions, Failures: t.Stored.FailCount,
	}
	if v := s.Latest; v != nil {
		j.Latest = &LatestJSON{ID: v.ID, Source: v.Source, CapturedAt: v.CapturedAt.UTC().Format(time.RFC3339), Hash: v.Hash}
	}
	if f := s.LastFetch; !f.StartedAt.IsZero() {
		j.LastFetch = &LastFetchJSON{StartedAt: f.StartedAt.UTC().Format(time.RFC3339), Outcome: f.Outcome, Status: f.Status, Error: f.Error}
	}
	if b := t.Stored.NextAttemptAt; !b.IsZero() && b.After(now) {
		j.BackoffUntil = b.UTC().Format(time.RFC3339)
	}
	if d := t.Stored.DueAt; !d.IsZero() && d.Year() < 9999 {
		j.NextCrawl = d.UTC().Format(time.RFC3339)
	}
	if t.Stored.LeaseOwner != "" && t.Stored.LeaseUntil.After(now) {
		j.CrawlingBy = t.Stored.LeaseOwner
	}
	return j
}
