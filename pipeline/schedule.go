package pipeline

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tracker-dev/tracker/store"
)

// A document's next crawl lives in the database (documents.due_at) and is
// computed from its last attempt there, so that a restart or a reload
// postpones nothing and every process sharing the database agrees on it.

// Backoff of documents that keep failing: doubled per failure from
// failBase, at most failCap, so a broken page is not hammered every tick.
const (
	failBase = time.Minute
	failCap  = 24 * time.Hour
)

// unscheduled is the due time of a stored document the configuration no
// longer has: never due, its history kept.
var unscheduled = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// plan is when a document is crawled: its schedule's times, each moved by
// a stable offset within spread.
type plan struct {
	sched  cron.Schedule
	offset time.Duration
}

func (a *App) plan(t Target) (plan, error) {
	spec := firstNonEmpty(t.Doc.Schedule, t.Vendor.Schedule, a.cfg.Schedule)
	sched, err := cron.ParseStandard(spec)
	if err != nil { // validated with the configuration; kept as a guard
		return plan{}, fmt.Errorf("pipeline: %s: schedule %q: %w", t.Key(), spec, err)
	}
	return plan{sched: sched, offset: spreadDelay(t.Key(), a.cfg.Spread, sched)}, nil
}

// next is the first slot strictly after `after`.
func (p plan) next(after time.Time) time.Time {
	return p.sched.Next(after.Add(-p.offset)).Add(p.offset)
}

// spreadDelay is a stable per-document offset in [0, spread), capped at half
// the schedule's period, so that hundreds of documents on one schedule do
// not all start in the same second, yet each keeps a regular rhythm.
func spreadDelay(key string, spread time.Duration, s cron.Schedule) time.Duration {
	if spread <= 0 {
		return 0
	}
	now := time.Now()
	first := s.Next(now)
	if period := s.Next(first).Sub(first); spread > period/2 {
		spread = period / 2
	}
	if spread <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return time.Duration(h.Sum64() % uint64(spread))
}

// afterAttempt is the document's crawl state after an attempt that ended at
// `at`: the next slot, and a back-off after a failure (the first slot once
// it is over).
//
// The next slot follows the slot this crawl was due in, not the end of the
// crawl: with `@every 6s`, a crawl due at 0 s that waited for a poll and
// took a second is due again at 6 s, not at 7 s and a little later every
// round. A crawl that ran past its next slot (or one made before it was
// due, by `tracker crawl`) takes the first slot after it ended.
func (a *App) afterAttempt(t Target, o Outcome, at time.Time) store.Schedule {
	p, err := a.plan(t)
	if err != nil {
		a.log.Error("schedule", "document", t.Key(), "error", err)
		return store.Schedule{DueAt: at.Add(24 * time.Hour)}
	}
	next := p.next(at)
	if due := t.Stored.DueAt; !due.IsZero() && !due.After(at) {
		if slot := p.next(due); slot.After(at) {
			next = slot
		}
	}
	sc := store.Schedule{DueAt: next}
	if o.Status == StatusError {
		sc.FailCount = t.Stored.FailCount + 1
		sc.NextAttemptAt = at.Add(min(failBase<<min(sc.FailCount-1, 20), failCap))
		if sc.NextAttemptAt.After(sc.DueAt) {
			sc.DueAt = p.next(sc.NextAttemptAt.Add(-time.Nanosecond))
		}
	}
	return sc
}

// startDue is a document's next crawl when a daemon starts (or reloads) at
// `start`: the slot after its last attempt; soon after start, within its
// offset, if it was never fetched or is overdue. A due time already stored
// that is earlier and not stale is kept: restarting, even every minute,
// postpones nothing. A stored time older than a whole spread before start
// is stale (the daemon was down): the document is spread again.
func (p plan) startDue(d store.Document, start time.Time, spread time.Duration) time.Time {
	var due time.Time
	if d.LastAttemptAt.IsZero() {
		due = start.Add(p.offset)
	} else {
		due = p.next(d.LastAttemptAt)
		if d.NextAttemptAt.After(due) {
			due = p.next(d.NextAttemptAt.Add(-time.Nanosecond))
		}
		if due.Before(start) {
			due = start.Add(p.offset)
		}
	}
	if stored := d.DueAt; !stored.IsZero() && stored.Before(due) && !stored.Before(start.Add(-spread)) {
		due = stored
	}
	return due
}

// scheduleAll records the next crawl of every stored document for a
// daemon starting at `start` with a's configuration, writing only the
// rows whose time changes.
func (a *App) scheduleAll(ctx context.Context, start time.Time) error {
	a.breakDeadLeases(ctx)
	docs, err := a.store.Documents(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: schedule: %w", err)
	}
	byID := make(map[int64]Target, len(a.targets))
	for _, t := range a.targets {
		byID[t.Stored.ID] = t
	}
	changed := map[int64]time.Time{}
	for _, d := range docs {
		due := unscheduled
		if t, ok := byID[d.ID]; ok {
			p, err := a.plan(t)
			if err != nil {
				return err
			}
			due = p.startDue(d, start, a.cfg.Spread)
		}
		if !due.Equal(d.DueAt) {
			changed[d.ID] = due
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := a.store.SetDue(ctx, changed); err != nil {
		return fmt.Errorf("pipeline: schedule: %w", err)
	}
	return nil
}

// ScheduleAll records every document's next crawl as a daemon starting at
// `start` would (for measuring tools; the daemon does it itself).
func (a *App) ScheduleAll(ctx context.Context, start time.Time) error {
	return a.scheduleAll(ctx, start)
}
