package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/store"
)

// Process turns one fetch result into a stored outcome: a failed fetch, a
// 304, an unchanged text, or a new version with its change and alerts. It is
// safe to call from several goroutines; the store serialises the writes.
func (a *App) Process(ctx context.Context, t Target, r crawler.Result) Outcome {
	f := store.Fetch{
		DocumentID: t.Stored.ID, StartedAt: r.StartedAt.UTC(), Duration: r.Duration,
		URL: t.Doc.URL, FinalURL: r.FinalURL, Status: r.Status,
		ETag: r.ETag, LastModified: r.LastModified, Crawler: a.owner,
	}
	out := Outcome{Target: t}
	fail := func(err error) Outcome {
		f.Outcome, f.Error = string(StatusError), err.Error()
		out.Status, out.Err = StatusError, err
		if _, rerr := a.store.RecordFetch(ctx, f); rerr != nil {
			out.Err = fmt.Errorf("%w (and the fetch could not be recorded: %w)", err, rerr)
		}
		return out
	}
	if r.Err != nil {
		return fail(r.Err)
	}
	if r.NotModified {
		return a.recordSame(ctx, f, out, StatusNotModified, "")
	}
	// The store writes below use the crawl's context: a document out of
	// time still has its failure recorded. A page waiting for a browser
	// tab waits on the crawl's context: the browser bounds each page itself.
	dctx, cancel := a.documentContext(ctx, r.StartedAt)
	defer cancel()
	pg, err := a.read(ctx, dctx, t, r)
	if err != nil {
		return fail(err)
	}
	text := pg.d.Text()
	// The blocks are the text again: a 5 MB page must not be held twice
	// through its comparison.
	pg.d = nil
	obs := observation{
		text: text, hash: doc.HashText(text),
		snapshot: store.Snapshot{ContentType: pg.contentType, Body: pg.body}, // the store hashes it
		at:       r.StartedAt.UTC(), url: r.FinalURL, etag: r.ETag, lastModified: r.LastModified,
	}
	if pg.rendered != nil {
		// The validators describe the page as served, not the text its
		// scripts load: a 304 would hide a change of that text.
		obs.etag, obs.lastModified = "", ""
		f.ETag, f.LastModified = "", ""
		f.Duration += pg.rendered.Duration
		obs.note = renderNote(pg.rendered)
	}
	out = a.ingest(ctx, dctx, t, f, obs)
	switch {
	case obs.note == "" || out.Status == StatusError:
	case out.Note == "":
		out.Note = obs.note
	default:
		out.Note = obs.note + "; " + out.Note
	}
	return out
}

// observation is a live text about to be compared with the history.
type observation struct {
	text, hash         string
	snapshot           store.Snapshot
	at                 time.Time
	url                string
	etag, lastModified string
	note               string // how the text was read, for the crawl's output
}

// ingest compares the observation with the stored history and stores what
// is new. A version is stored only if no other has been since the history
// was read; otherwise (another process got there first, without holding
// the lease, which expired) the comparison is made again. dctx bounds the
// comparison, ctx the writes.
func (a *App) ingest(ctx, dctx context.Context, t Target, f store.Fetch, o observation) Outcome {
	for range 3 {
		out := a.ingestOnce(ctx, dctx, t, f, o)
		if !errors.Is(out.Err, store.ErrStale) {
			return out
		}
		a.log.Warn("another process stored a version meanwhile; comparing again", "document", t.Key())
	}
	return a.storeError(ctx, f, Outcome{Target: t}, fmt.Errorf("the document keeps changing under this crawl: %w", store.ErrStale))
}

func (a *App) ingestOnce(ctx, dctx context.Context, t Target, f store.Fetch, o observation) Outcome {
	out := Outcome{Target: t}
	f.TextHash = o.hash
	// The hash settles most crawls without reading the stored text.
	latestID, latestHash, ok, err := a.store.LatestHash(ctx, t.Stored.ID)
	if err != nil {
		return a.storeError(ctx, f, out, err)
	}
	if ok && latestHash == o.hash {
		return a.recordSame(ctx, f, out, StatusUnchanged, "")
	}
	var latest store.Version
	if ok {
		if latest, _, err = a.store.LatestVersion(ctx, t.Stored.ID); err != nil {
			return a.storeError(ctx, f, out, err)
		}
		// The text differs. If tracker's settings changed since the latest
		// version, part or all of the difference may be tracker's own: the
		// stored page is extracted again first, and the comparison is with
		// that.
		if latest, err = a.catchUpSettings(ctx, t, latest); err != nil {
			return a.storeError(ctx, f, out, err)
		}
		latestID = latest.ID
		if latest.Hash == o.hash {
			return a.recordSame(ctx, f, out, StatusUnchanged, "same text as the stored page under the new extraction settings")
		}
	}
	nv := store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: o.hash, Text: o.text, Source: "live",
			FetchedAt: o.at, CapturedAt: o.at, URL: o.url, ETag: o.etag, LastModified: o.lastModified,
			Settings: t.Settings(),
		},
		Snapshot: o.snapshot,
		Fetch:    &f,
		Follows:  &latestID,
	}
	if !ok {
		f.Outcome = string(StatusNew)
		v, err := a.store.AddVersion(ctx, nv)
		if err != nil {
			return a.storeError(ctx, f, out, err)
		}
		out.Status, out.VersionID = StatusNew, v.ID
		return out
	}

	if isHTML(o.snapshot.ContentType) {
		prev, err := a.store.Snapshot(ctx, latest.SnapshotID)
		if err != nil {
			return a.storeError(ctx, f, out, err)
		}
		if cutShort(prev, o.snapshot) {
			err := fmt.Errorf("%s: the page is cut short: it ends without the </body> or </html> its earlier snapshots had; nothing stored, the next crawl tries again", o.url)
			out.Status, out.Err = StatusError, err
			f.Outcome, f.Error = string(StatusError), err.Error()
			if _, rerr := a.store.RecordFetch(ctx, f); rerr != nil {
				out.Err = fmt.Errorf("%w (and the fetch could not be recorded: %w)", err, rerr)
			}
			return out
		}
	}
	report, err := compareBounded(dctx, latest.Text, o.text)
	if err != nil {
		out.Status, out.Err = StatusError, fmt.Errorf("%s: %w", o.url, err)
		f.Outcome, f.Error = string(StatusError), out.Err.Error()
		if _, rerr := a.store.RecordFetch(ctx, f); rerr != nil {
			out.Err = fmt.Errorf("%w (and the fetch could not be recorded: %w)", out.Err, rerr)
		}
		return out
	}
	if len(report.Changes) == 0 {
		// The text differs only in what the differ folds away (reflowed
		// paragraphs, list markers, numbering): no version, no noise.
		return a.recordSame(ctx, f, out, StatusUnchanged, "layout only")
	}
	if reason := suspectReason(latest.Text, o.text, report); reason != "" {
		held, note, err := a.holdSuspect(ctx, t, o, reason)
		if err != nil {
			return a.storeError(ctx, f, out, err)
		}
		if held {
			f.Outcome = "suspect"
			f.Error = note
			return a.recordSame(ctx, f, out, StatusUnchanged, note)
		}
	}
	earlier, flap, err := a.store.VersionByHash(ctx, t.Stored.ID, o.hash)
	if err != nil {
		return a.storeError(ctx, f, out, err)
	}
	restored, isRestored, err := a.restoredFrom(ctx, t, latest, o.text)
	if err != nil {
		return a.storeError(ctx, f, out, err)
	}
	raw, err := encodeReport(report)
	if err != nil {
		return a.storeError(ctx, f, out, fmt.Errorf("encode report: %w", err))
	}
	nv.Change = &store.Change{
		DocumentID: t.Stored.ID, FromVersion: latest.ID,
		MaxSeverity: report.Summary.MaxSeverity.String(), Material: report.Summary.Material,
		Added: report.Summary.Added, Removed: report.Summary.Removed,
		Modified: report.Summary.Modified, Moved: report.Summary.Moved,
		Report: raw, CreatedAt: a.now().UTC(),
	}
	f.Outcome = string(StatusChanged)
	if flap {
		// A return to a text already seen (A/B tests, geo variants): recorded
		// so history shows the flapping, but it alerts no one again...
		f.Outcome = "flap"
		nv.Version.FlapOf = earlier.ID
		out.Note = fmt.Sprintf("returns to the text of version %d", earlier.ID)
	}
	switch {
	case isRestored:
		// ...unless the text it returns from was a truncated page that
		// alerted: readers were told clauses went, and must hear they are
		// back.
		nv.Deliveries = a.alertsFor(t, alert{typ: notify.TypeRestored, from: latest, report: report, restored: &restored})
		out.Note = fmt.Sprintf("restored: the text of version %d is back", restored.ID)
	case !flap && report.Summary.MaxSeverity >= a.minSeverity(t.Vendor):
		nv.Deliveries = a.alertsFor(t, alert{typ: notify.TypeChanged, from: latest, report: report})
	}
	v, err := a.store.AddVersion(ctx, nv)
	if err != nil {
		return a.storeError(ctx, f, out, err)
	}
	out.Status, out.VersionID, out.Summary = StatusChanged, v.ID, &report.Summary
	return out
}

func (a *App) recordSame(ctx context.Context, f store.Fetch, out Outcome, s Status, note string) Outcome {
	if f.Outcome == "" {
		f.Outcome = string(s)
	}
	out.Status, out.Note = s, note
	if _, err := a.store.RecordFetch(ctx, f); err != nil {
		out.Status, out.Err = StatusError, fmt.Errorf("pipeline: record fetch of %s: %w", out.Target.Key(), err)
	}
	return out
}

func (a *App) storeError(ctx context.Context, f store.Fetch, out Outcome, err error) Outcome {
	out.Status, out.Err = StatusError, fmt.Errorf("pipeline: store %s: %w", out.Target.Key(), err)
	if errors.Is(err, store.ErrStale) && ctx.Err() == nil {
		return out // compared again by ingest, which records the fetch then
	}
	f.Outcome, f.Error, f.VersionID = string(StatusError), out.Err.Error(), 0
	_, _ = a.store.RecordFetch(ctx, f) // best effort: the database itself may be what failed
	return out
}
