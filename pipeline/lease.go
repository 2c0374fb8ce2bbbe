package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// leases are the documents one crawl holds in the database: taken just
// before each fetch, renewed while the crawl runs, given back with the
// document's next crawl time once its outcome is stored. Two processes
// never crawl a document at once, so a change is stored and alerted once.
type leases struct {
	a    *App
	mu   sync.Mutex
	held map[int64]bool
}

func (a *App) newLeases() *leases { return &leases{a: a, held: map[int64]bool{}} }

// leasePoll is how often a crawl asks again for a document that another
// process is crawling.
const leasePoll = 250 * time.Millisecond

// acquire waits until this process holds the document's lease: at once
// when it is free or already ours (a daemon claimed it), otherwise when
// the other process gives it back or its lease expires.
func (l *leases) acquire(ctx context.Context, t Target) error {
	logged := false
	for {
		now := l.a.now()
		ok, err := l.a.store.AcquireLease(ctx, t.Stored.ID, l.a.owner, now, now.Add(l.a.lease))
		if err != nil {
			return err
		}
		if ok {
			l.mu.Lock()
			l.held[t.Stored.ID] = true
			l.mu.Unlock()
			return nil
		}
		if !logged {
			l.a.log.Info("another process is crawling this document; waiting for it", slog.String("document", t.Key()))
			l.a.breakDeadLeases(ctx)
			logged = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for another process to finish crawling %s: %w", t.Key(), context.Cause(ctx))
		case <-time.After(leasePoll):
		}
	}
}

func (l *leases) holds(id int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held[id]
}

// finish records the document's next crawl after outcome o and gives the
// lease back. A crawl cut short by a shutdown is not a failure of the
// document: its lease is given back and its due time left as it was.
func (l *leases) finish(ctx context.Context, t Target, o Outcome) {
	l.mu.Lock()
	held := l.held[t.Stored.ID]
	delete(l.held, t.Stored.ID)
	l.mu.Unlock()
	if !held {
		return
	}
	a := l.a
	// The crawl's context may be over; the row must still be released.
	ctx = context.WithoutCancel(ctx)
	if o.Status == StatusError && o.interrupted {
		if err := a.store.ReleaseLease(ctx, t.Stored.ID, a.owner); err != nil {
			a.log.Error("release lease", slog.String("document", t.Key()), slog.String("error", err.Error()))
		}
		return
	}
	if err := a.store.Reschedule(ctx, t.Stored.ID, a.owner, a.afterAttempt(t, o, a.now())); err != nil {
		a.log.Error("record next crawl", slog.String("document", t.Key()), slog.String("error", err.Error()))
	}
}

// releaseAll gives back the leases still held (documents never reported).
func (l *leases) releaseAll(ctx context.Context) {
	l.mu.Lock()
	ids := make([]int64, 0, len(l.held))
	for id := range l.held {
		ids = append(ids, id)
	}
	l.held = map[int64]bool{}
	l.mu.Unlock()
	for _, id := range ids {
		if err := l.a.store.ReleaseLease(context.WithoutCancel(ctx), id, l.a.owner); err != nil {
			l.a.log.Error("release lease", slog.Int64("document_id", id), slog.String("error", err.Error()))
		}
	}
}

// breakDeadLeases frees the leases of processes of this machine that died
// (a daemon killed mid-crawl), so that their documents need not wait for
// the leases to expire.
func (a *App) breakDeadLeases(ctx context.Context) {
	owners, err := a.store.LeaseOwners(ctx)
	if err != nil {
		a.log.Warn("lease owners", slog.String("error", err.Error()))
		return
	}
	for _, o := range owners {
		if o == a.owner || !ownerDead(o) {
			continue
		}
		if n, err := a.store.BreakLeases(ctx, o); err != nil {
			a.log.Warn("free the leases of a dead process", slog.String("owner", o), slog.String("error", err.Error()))
		} else if n > 0 {
			a.log.Info("freed the leases of a dead process", slog.String("owner", o), slog.Int("documents", n))
		}
	}
}

// renew keeps this process's leases alive until ctx ends.
func (a *App) renewLeases(ctx context.Context) {
	t := time.NewTicker(a.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.store.RenewLeases(ctx, a.owner, a.now().Add(a.lease)); err != nil && ctx.Err() == nil {
				a.log.Error("renew leases", slog.String("error", err.Error()))
			}
		}
	}
}
