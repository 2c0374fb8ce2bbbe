package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestDaemonBacksOffFailingDocuments(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: "+srv.URL+"/gone}\n")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	c, err := a.NewCrawler()
	if err != nil {
		t.Fatal(err)
	}
	d := &Daemon{crawler: c, log: a.log, wake: make(chan struct{}, 1), stopping: make(chan struct{})}
	d.app.Store(a)
	ctx := context.Background()
	state := func() (int, time.Time) {
		doc, err := a.store.Document(ctx, "v", "privacy")
		if err != nil {
			t.Fatal(err)
		}
		return doc.FailCount, doc.NextAttemptAt
	}

	d.tick(ctx, "v/privacy", 0)
	fails, next := state()
	if fails != 1 || !next.Equal(now.Add(failBase)) {
		t.Fatalf("after one failure: %d failures, next attempt %s", fails, next)
	}
	d.tick(ctx, "v/privacy", 0) // backing off: not fetched, not counted
	if f, _ := state(); f != 1 {
		t.Errorf("a tick during the back-off counted as a failure (%d)", f)
	}
	now = next
	d.tick(ctx, "v/privacy", 0)
	fails, next = state()
	if fails != 2 || !next.Equal(now.Add(2*failBase)) {
		t.Errorf("after two failures: %d failures, next attempt %s, want %s", fails, next, now.Add(2*failBase))
	}
	st, err := a.Status(ctx, a.targets)
	if err != nil || st[0].Target.Stored.FailCount != 2 {
		t.Errorf("status does not show the back-off: %+v %v", st, err)
	}
}

func TestSpreadDelay(t *testing.T) {
	every := func(d time.Duration) *constantSchedule { return &constantSchedule{d} }
	if got := spreadDelay("a/privacy", 0, every(time.Hour)); got != 0 {
		t.Errorf("no spread: %s", got)
	}
	got := spreadDelay("a/privacy", 5*time.Minute, every(time.Hour))
	if got < 0 || got >= 5*time.Minute || got != spreadDelay("a/privacy", 5*time.Minute, every(time.Hour)) {
		t.Errorf("spread %s: want a stable offset below 5m", got)
	}
	if got := spreadDelay("a/privacy", time.Hour, every(time.Second)); got >= 500*time.Millisecond {
		t.Errorf("spread %s exceeds half the period", got)
	}
}

type constantSchedule struct{ d time.Duration }

func (c *constantSchedule) Next(t time.Time) time.Time { return t.Add(c.d) }

func TestTickGivesUpOnShutdownWhileWaitingItsSpread(t *testing.T) {
	a := openTestApp(t, "database: tracker.db\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: http://127.0.0.1:1/p}\n")
	d := &Daemon{log: a.log, wake: make(chan struct{}, 1), stopping: make(chan struct{})}
	d.app.Store(a)
	done := make(chan struct{})
	go func() {
		d.tick(context.Background(), "v/privacy", time.Hour)
		close(done)
	}()
	close(d.stopping)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a tick waiting out an hour of spread held up the shutdown")
	}
	if f, _ := a.store.LastFetch(context.Background(), a.targets[0].Stored.ID); !f.StartedAt.IsZero() {
		t.Error("the document was fetched after the shutdown began")
	}
}
