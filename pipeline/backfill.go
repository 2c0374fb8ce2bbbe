package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/egress"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/guard"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/wayback"
)

// ErrPermanentFailure is wrapped, beside ErrSomeFailed, when every document
// that failed did so for good (the archive blocks or excludes it): running
// the backfill again will not help.
var ErrPermanentFailure = errors.New("every failure is permanent: running backfill again will not help")

// BackfillOptions bound a backfill.
type BackfillOptions struct {
	Since, Until time.Time // zero: unbounded
	Limit        int       // at most this many captures fetched per document; 0: all
	// Progress, when set, is told when a document's captures start (done
	// 0) and after each one: done of total for that document.
	Progress func(t Target, done, total int)
}

// BackfillOutcome is what a backfill did for one document.
type BackfillOutcome struct {
	Target   Target
	Captures int // distinct captures listed by the archive in the range
	Fetched  int // fetched now (the others were fetched by an earlier run, or skipped)
	// Skipped captures give no version, for good, and are recorded:
	// archived errors and redirects, the archive's own pages, other types,
	// bytes that are not text, replays outside the window.
	Skipped int
	// Failed captures could not be read now; the next run tries them again.
	Failed    int
	Versions  int // new versions stored
	Malformed int // index rows skipped as malformed, one by one
	Repaired  int // index rows whose timestamp was repaired
	Err       error
}

// NewWayback builds the archive client; one per process, so that its rate
// limits hold for every request.
func (a *App) NewWayback() *wayback.Client {
	a.warnUserAgent()
	w := a.cfg.Wayback
	return wayback.New(wayback.Options{
		Transport:         a.archiveTransport(),
		BaseURL:           w.BaseURL,
		CDXPerMinute:      w.CDXPerMinute,
		CapturesPerMinute: w.CapturesPerMinute,
		NearestWindow:     w.NearestWindow,
		UserAgent:         a.UserAgent(),
		MaxBodySize:       int64(a.cfg.MaxBodySize),
		Logger:            a.log.With(slog.String("component", "wayback")),
	})
}

// archiveTransport sends the archive's requests by the egress rules pages
// follow: the configured archive is trusted (Backfill marks it as the
// origin), any other host may be a public address only.
func (a *App) archiveTransport() http.RoundTripper {
	return crawler.EgressTransport(wayback.DefaultTimeout)
}

// archiveOrigin marks ctx with the configured archive as the trusted
// origin of its requests (see egress.WithOrigin).
func (a *App) archiveOrigin(ctx context.Context) context.Context {
	u, err := url.Parse(a.cfg.Wayback.BaseURL)
	if err != nil || u.Host == "" {
		return ctx // checked by config; nothing is trusted then
	}
	return egress.WithOrigin(ctx, u, a.cfg.AllowPrivateRedirects)
}

// Backfill imports the archived versions of each target. It is resumable: a
// capture handled before is never fetched again. The error is
// ErrSomeFailed when a document failed (wrapping ErrPermanentFailure when
// no rerun can help), or what stops everything: the archive refusing for
// too long, the network down, ctx.
func (a *App) Backfill(ctx context.Context, wb *wayback.Client, targets []Target, opt BackfillOptions) ([]BackfillOutcome, error) {
	ctx = a.archiveOrigin(ctx)
	var outs []BackfillOutcome
	failed, permanent := 0, 0
	for _, t := range targets {
		o := a.backfillOne(ctx, wb, t, opt)
		outs = append(outs, o)
		if o.Err == nil {
			continue
		}
		if stopsAll(ctx, o.Err) {
			return outs, o.Err
		}
		failed++
		if errors.Is(o.Err, wayback.ErrPermanent) {
			permanent++
		}
	}
	switch {
	case failed > 0 && failed == permanent:
		return outs, fmt.Errorf("%w: %w", ErrSomeFailed, ErrPermanentFailure)
	case failed > 0:
		return outs, ErrSomeFailed
	}
	return outs, nil
}

// stopsAll tells the errors after which no other document can do better.
func stopsAll(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, wayback.ErrTooManyFailures) || errors.Is(err, wayback.ErrNetwork)
}

func (a *App) backfillOne(ctx context.Context, wb *wayback.Client, t Target, opt BackfillOptions) BackfillOutcome {
	out := BackfillOutcome{Target: t}
	if len(t.Pages) > 0 {
		// The archive keeps each page apart, captured at its own times: no
		// capture holds the document.
		out.Err = fmt.Errorf("%s: made of several pages, which the archive keeps one by one: not backfilled: %w", t.Key(), wayback.ErrPermanent)
		return out
	}
	list, err := wb.Captures(ctx, t.Doc.URL, opt.Since, opt.Until)
	if err != nil {
		out.Err = fmt.Errorf("%s: list captures of %s: %w", t.Key(), t.Doc.URL, err)
		return out
	}
	out.Captures, out.Malformed, out.Repaired = len(list.Captures), list.Malformed, list.Repaired
	if list.Malformed > 0 || list.Repaired > 0 {
		a.log.Warn("index rows of the archive repaired or skipped", slog.String("document", t.Key()),
			slog.Int("malformed_skipped", list.Malformed), slog.Int("timestamps_repaired", list.Repaired), slog.Int("rows", list.Rows))
	}

	var todo []wayback.Capture
	for _, c := range list.Captures {
		done, err := a.store.CaptureDone(ctx, t.Stored.ID, c.Timestamp, c.Digest)
		if err != nil {
			out.Err = fmt.Errorf("%s: %w", t.Key(), err)
			return out
		}
		if !done {
			todo = append(todo, c)
		}
	}
	if opt.Limit > 0 && len(todo) > opt.Limit {
		todo = todo[:opt.Limit]
	}
	if opt.Progress != nil && len(todo) > 0 {
		opt.Progress(t, 0, len(todo))
	}
	run := backfillRun{t: t, replayed: map[string]int64{}}
	for i, c := range todo {
		if err := ctx.Err(); err != nil {
			out.Err = err
			return out
		}
		res, err := a.backfillCapture(ctx, wb, &run, c)
		if res.fetched {
			out.Fetched++
		}
		switch {
		case stopsAll(ctx, err):
			out.Err = fmt.Errorf("%s: %w", t.Key(), err)
			return out
		case errors.Is(err, wayback.ErrUnavailable):
			out.Failed++
			a.log.Warn("capture left for the next run", slog.String("document", t.Key()), slog.String("timestamp", c.Timestamp), slog.String("reason", err.Error()))
		case errors.Is(err, wayback.ErrExcluded):
			out.Skipped++
			out.Err = fmt.Errorf("%s: %w", t.Key(), err)
			return out // every capture of the page is excluded alike
		case err != nil && !res.recorded:
			out.Err = fmt.Errorf("%s: %w", t.Key(), err) // the store failed
			return out
		case err != nil:
			out.Skipped++
			a.log.Info("capture skipped", slog.String("document", t.Key()), slog.String("timestamp", c.Timestamp), slog.String("reason", err.Error()))
		case res.added:
			out.Versions++
		}
		if opt.Progress != nil {
			opt.Progress(t, i+1, len(todo))
		}
	}
	if out.Failed > 0 {
		out.Err = fmt.Errorf("%s: %d captures could not be read now; run backfill again to fetch them", t.Key(), out.Failed)
	}
	return out
}

// backfillRun is what one document's run remembers: the captures replayed
// so far, by the timestamp the archive replayed, with the version each
// produced or matched (0: none). The archive redirects a listed capture it
// cannot play to its nearest one, often another listed capture: that one
// is then not fetched again.
type backfillRun struct {
	t        Target
	replayed map[string]int64
}

// captureResult is what happened to one capture.
type captureResult struct {
	added, fetched bool
	recorded       bool // the capture is recorded: no run fetches it again
}

// backfillCapture fetches one capture and stores a version when its text is
// new at that point of the timeline. A capture that gives no version for
// good is recorded with the reason, so no run fetches it again; one that
// could not be read now, or that stopped the run, is not.
func (a *App) backfillCapture(ctx context.Context, wb *wayback.Client, run *backfillRun, c wayback.Capture) (captureResult, error) {
	t := run.t
	var res captureResult
	rec := store.Capture{DocumentID: t.Stored.ID, Timestamp: c.Timestamp, Digest: c.Digest, Original: c.Original, Status: c.StatusCode, FetchedAt: a.now().UTC()}
	record := func(cause error) (captureResult, error) {
		if cause != nil {
			rec.Error = cause.Error()
		}
		if err := a.store.RecordCapture(ctx, rec); err != nil {
			return res, fmt.Errorf("record capture %s: %w", c.Timestamp, err)
		}
		res.recorded = true
		return res, cause
	}
	if id, ok := run.replayed[c.Timestamp]; ok {
		rec.VersionID = id // replayed already, through another listed capture
		return record(nil)
	}
	page, err := wb.Fetch(ctx, c)
	res.fetched = err == nil || !errors.Is(err, wayback.ErrSkipped)
	switch {
	case stopsAll(ctx, err), errors.Is(err, wayback.ErrUnavailable):
		return res, err // not recorded: the next run tries it again
	case err != nil:
		return record(err)
	}
	if id, ok := run.replayed[page.Timestamp]; ok {
		rec.VersionID = id
		return record(nil)
	}
	d, err := readPage(ctx, page.Body, page.ContentType, c.Original, t.Extract)
	if err != nil {
		if reason, shell := guard.Shell(page.Body, nil); shell && (errors.Is(err, extract.ErrNoText) || errors.Is(err, guard.ErrJavaScriptOnly)) {
			// Its scripts would load today's text from the live site, not
			// the archived one: a shell capture is never rendered.
			err = fmt.Errorf("%w; an archived JavaScript shell (%s) is not rendered in a browser: its scripts would load today's text, not the archived one", err, reason)
		}
		return record(fmt.Errorf("extract: %w", err))
	}
	id, added, err := a.placeVersion(ctx, t, page, doc.HashText(d.Text()), d.Text(), &rec)
	if err != nil {
		return res, err
	}
	res.added, res.recorded = added, true
	run.replayed[page.Timestamp] = id
	return res, nil
}

// placeVersion puts the text of a replayed capture on the document's
// timeline at the time the archive replayed, and records the capture in
// the same transaction: a new version when the text differs from the one
// before it in time; otherwise the capture joins that version, or moves
// the next version's date back to it. It returns the version's id.
func (a *App) placeVersion(ctx context.Context, t Target, page wayback.Page, hash, text string, rec *store.Capture) (int64, bool, error) {
	at := page.Captured
	prev, next, ok, err := a.neighbours(ctx, t, at)
	if err != nil {
		return 0, false, err
	}
	if next != nil && next.Hash == hash {
		// A later version (often the live one) already has this text: it
		// was first seen at this capture, not when it was stored.
		if err := a.store.BackdateVersion(ctx, next.ID, at, *rec); err != nil {
			return 0, false, err
		}
		return next.ID, false, nil
	}
	same := ok && prev.Hash == hash
	if ok && !same {
		r, err := CompareContext(ctx, prev.Text, text)
		if err != nil {
			return 0, false, fmt.Errorf("compare capture %s: %w", rec.Timestamp, err)
		}
		same = len(r.Changes) == 0
	}
	if same {
		rec.VersionID = prev.ID // the same text, or the same but for layout
		if err := a.store.RecordCapture(ctx, *rec); err != nil {
			return 0, false, fmt.Errorf("record capture %s: %w", rec.Timestamp, err)
		}
		return prev.ID, false, nil
	}
	nv := store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: hash, Text: text, Source: "wayback",
			FetchedAt: a.now().UTC(), CapturedAt: at, URL: page.FinalURL, Settings: t.Settings(),
		},
		Snapshot: store.Snapshot{ContentType: page.ContentType, Body: page.Body}, // the store hashes it
		Capture:  rec,
	}
	v, err := a.store.AddVersion(ctx, nv)
	if err != nil {
		return 0, false, fmt.Errorf("store capture %s: %w", rec.Timestamp, err)
	}
	return v.ID, true, nil
}

// neighbours are the latest version captured at or before at (ok says
// whether there is one) and the first one after it, if any.
func (a *App) neighbours(ctx context.Context, t Target, at time.Time) (prev store.Version, next *store.Version, ok bool, err error) {
	vs, err := a.store.Versions(ctx, t.Stored.ID)
	if err != nil {
		return store.Version{}, nil, false, fmt.Errorf("pipeline: versions of %s: %w", t.Key(), err)
	}
	for i, v := range vs {
		if v.CapturedAt.After(at) {
			return prev, &vs[i], ok, nil
		}
		prev, ok = v, true
	}
	return prev, nil, ok, nil
}
