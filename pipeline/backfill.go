package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/guard"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/wayback"
)

// BackfillOptions bound a backfill.
type BackfillOptions struct {
	Since, Until time.Time // zero: unbounded
	Limit        int       // at most this many captures fetched per document; 0: all
	// Progress, when set, is told after each capture: done of total for the
	// document being backfilled.
	Progress func(t Target, done, total int)
}

// BackfillOutcome is what a backfill did for one document.
type BackfillOutcome struct {
	Target   Target
	Captures int // listed by the archive in the range
	Fetched  int // fetched now (the others were fetched by an earlier run, or skipped)
	Skipped  int // revisits, redirects, non-HTML or failed captures
	Versions int // new versions stored
	Err      error
}

// NewWayback builds the archive client; one per process, so that its rate
// limit holds for every request.
func (a *App) NewWayback() *wayback.Client {
	return wayback.New(wayback.Options{
		BaseURL:           a.cfg.Wayback.BaseURL,
		RequestsPerMinute: a.cfg.Wayback.RequestsPerMinute,
		UserAgent:         a.cfg.UserAgent,
		MaxBodySize:       int64(a.cfg.MaxBodySize),
		Logger:            a.log.With(slog.String("component", "wayback")),
	})
}

// Backfill imports the archived versions of each target. It is resumable: a
// capture fetched before is never fetched again. The error is ErrSomeFailed
// when a document failed, or the archive's refusal, which stops everything.
func (a *App) Backfill(ctx context.Context, wb *wayback.Client, targets []Target, opt BackfillOptions) ([]BackfillOutcome, error) {
	var outs []BackfillOutcome
	failed := false
	for _, t := range targets {
		o := a.backfillOne(ctx, wb, t, opt)
		outs = append(outs, o)
		if o.Err != nil {
			failed = true
			if errors.Is(o.Err, wayback.ErrTooManyFailures) || ctx.Err() != nil {
				return outs, o.Err
			}
		}
	}
	if failed {
		return outs, ErrSomeFailed
	}
	return outs, nil
}

func (a *App) backfillOne(ctx context.Context, wb *wayback.Client, t Target, opt BackfillOptions) BackfillOutcome {
	out := BackfillOutcome{Target: t}
	caps, err := wb.Captures(ctx, t.Doc.URL, opt.Since, opt.Until)
	if err != nil {
		out.Err = fmt.Errorf("%s: list captures of %s: %w", t.Key(), t.Doc.URL, err)
		return out
	}
	out.Captures = len(caps)
	sort.SliceStable(caps, func(i, j int) bool { return caps[i].Timestamp < caps[j].Timestamp })

	var todo []wayback.Capture
	for _, c := range caps {
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
	for i, c := range todo {
		if err := ctx.Err(); err != nil {
			out.Err = err
			return out
		}
		added, fetched, err := a.backfillCapture(ctx, wb, t, c)
		if fetched {
			out.Fetched++
		}
		switch {
		case errors.Is(err, wayback.ErrTooManyFailures), ctx.Err() != nil:
			out.Err = fmt.Errorf("%s: %w", t.Key(), err)
			return out
		case err != nil:
			out.Skipped++
			a.log.Info("capture skipped", slog.String("document", t.Key()), slog.String("timestamp", c.Timestamp), slog.String("reason", err.Error()))
		case added:
			out.Versions++
		}
		if opt.Progress != nil {
			opt.Progress(t, i+1, len(todo))
		}
	}
	return out
}

// backfillCapture fetches one capture and stores a version when its text is
// new at that point of the timeline. The capture is recorded either way, so
// a second run never fetches it again.
func (a *App) backfillCapture(ctx context.Context, wb *wayback.Client, t Target, c wayback.Capture) (added, fetched bool, err error) {
	rec := store.Capture{DocumentID: t.Stored.ID, Timestamp: c.Timestamp, Digest: c.Digest, Original: c.Original, Status: c.StatusCode, FetchedAt: a.now().UTC()}
	skip := func(err error) (bool, bool, error) {
		rec.Error = err.Error()
		if errors.Is(err, wayback.ErrTooManyFailures) || ctx.Err() != nil {
			return false, fetched, err // not recorded: the next run tries it again
		}
		if rerr := a.store.RecordCapture(ctx, rec); rerr != nil {
			return false, fetched, fmt.Errorf("record capture %s: %w", c.Timestamp, rerr)
		}
		return false, fetched, err
	}
	at, err := c.Time()
	if err != nil {
		return skip(err)
	}
	page, err := wb.Fetch(ctx, c)
	fetched = err == nil || !errors.Is(err, wayback.ErrSkipped)
	if err != nil {
		return skip(err)
	}
	d, err := extract.Bytes(page.Body, page.ContentType, c.Original, t.Extract)
	if err != nil {
		return skip(fmt.Errorf("extract: %w", err))
	}
	if err := guard.Check(d); err != nil {
		return skip(err)
	}
	text := d.Text()
	hash := doc.HashText(text)
	prev, next, ok, err := a.neighbours(ctx, t, at)
	if err != nil {
		return false, fetched, err
	}
	if next != nil && next.Hash == hash {
		// A later version (often the live one) already has this text: it
		// was first seen at this capture, not when it was stored.
		if err := a.store.BackdateVersion(ctx, next.ID, at, rec); err != nil {
			return false, fetched, err
		}
		return false, fetched, nil
	}
	if ok && prev.Hash == hash {
		rec.VersionID = prev.ID
		if err := a.store.RecordCapture(ctx, rec); err != nil {
			return false, fetched, fmt.Errorf("record capture %s: %w", c.Timestamp, err)
		}
		return false, fetched, nil
	}
	if ok && len(Compare(prev.Text, text).Changes) == 0 {
		rec.VersionID = prev.ID // differs only in layout: same version
		if err := a.store.RecordCapture(ctx, rec); err != nil {
			return false, fetched, fmt.Errorf("record capture %s: %w", c.Timestamp, err)
		}
		return false, fetched, nil
	}
	nv := store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: hash, Text: text, Source: "wayback",
			FetchedAt: a.now().UTC(), CapturedAt: at, URL: c.RawURL(a.cfg.Wayback.BaseURL),
		},
		Snapshot: store.Snapshot{ContentType: page.ContentType, Body: page.Body}, // the store hashes it
		Capture:  &rec,
	}
	if _, err := a.store.AddVersion(ctx, nv); err != nil {
		return false, fetched, fmt.Errorf("store capture %s: %w", c.Timestamp, err)
	}
	return true, fetched, nil
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
