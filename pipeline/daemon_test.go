package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store"
)

// fakeClock is a settable now.
type fakeClock struct{ t atomic.Pointer[time.Time] }

func newFakeClock(t time.Time) *fakeClock {
	c := &fakeClock{}
	c.set(t)
	return c
}
func (c *fakeClock) now() time.Time  { return *c.t.Load() }
func (c *fakeClock) set(t time.Time) { c.t.Store(&t) }

// testDaemon is a daemon on a with its crawler, not started: the tests
// drive its polls themselves.
func testDaemon(t *testing.T, a *App) *Daemon {
	t.Helper()
	c, err := a.NewCrawler()
	if err != nil {
		t.Fatal(err)
	}
	d := newDaemon(a, DaemonOptions{})
	d.crawler = c
	return d
}

// poll runs one poll of the daemon and waits for the crawls it started.
func (d *Daemon) pollAndWait(ctx context.Context) {
	d.startDue(ctx)
	d.crawls.Wait()
}

func TestDaemonBacksOffFailingDocuments(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nschedule: \"@every 1m\"\nspread: 0s\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: "+srv.URL+"/gone}\n")
	clock := newFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	a.now = clock.now
	d := testDaemon(t, a)
	ctx := context.Background()
	if err := a.scheduleAll(ctx, clock.now()); err != nil {
		t.Fatal(err)
	}
	state := func() store.Document {
		doc, err := a.store.Document(ctx, "v", "privacy")
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}

	start := clock.now()
	d.pollAndWait(ctx)
	doc := state()
	if doc.FailCount != 1 || !doc.NextAttemptAt.Equal(start.Add(failBase)) {
		t.Fatalf("after one failure: %d failures, next attempt %s", doc.FailCount, doc.NextAttemptAt)
	}
	if doc.LeaseOwner != "" {
		t.Errorf("lease still held by %q after the crawl", doc.LeaseOwner)
	}
	clock.set(start.Add(30 * time.Second)) // backing off: not fetched, not counted
	d.pollAndWait(ctx)
	if f := state().FailCount; f != 1 {
		t.Errorf("a poll during the back-off counted as a failure (%d)", f)
	}
	clock.set(doc.DueAt)
	d.pollAndWait(ctx)
	doc = state()
	if doc.FailCount != 2 || !doc.NextAttemptAt.Equal(clock.now().Add(2*failBase)) {
		t.Errorf("after two failures: %d failures, next attempt %s, want %s", doc.FailCount, doc.NextAttemptAt, clock.now().Add(2*failBase))
	}
	if doc.DueAt.Before(doc.NextAttemptAt) {
		t.Errorf("due at %s, before the back-off ends at %s", doc.DueAt, doc.NextAttemptAt)
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

// countingSite serves a policy page per path and counts the requests.
func countingSite(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, policyHTML("x", "We collect the e-mail address you give us at "+r.URL.Path+".", "We keep it for thirty days."))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestDaemonStartsOverdueDocumentsWithinSpread: a database whose documents
// are all overdue (or never fetched) gets them crawled within spread of
// the start, and restarting the daemon meanwhile postpones none of them.
func TestDaemonStartsOverdueDocumentsWithinSpread(t *testing.T) {
	srv, hits := countingSite(t)
	const n = 12
	var cfg strings.Builder
	cfg.WriteString("database: tracker.db\nhost_delay: 0s\nschedule: \"@every 6h\"\nspread: 10m\nvendors:\n")
	for i := range n {
		fmt.Fprintf(&cfg, "  - id: v%d\n    name: V%d\n    documents:\n      - {type: privacy, url: %s/p%d}\n", i, i, srv.URL, i)
	}
	a := openTestApp(t, cfg.String())
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	// Half the documents were last tried a day ago, half never.
	for _, tg := range a.targets[:n/2] {
		if _, err := a.store.RecordFetch(ctx, store.Fetch{DocumentID: tg.Stored.ID, StartedAt: day.Add(-24 * time.Hour), URL: tg.Doc.URL, Outcome: "error", Error: "old"}); err != nil {
			t.Fatal(err)
		}
	}
	clock := newFakeClock(day)
	a.now = clock.now
	if err := a.scheduleAll(ctx, clock.now()); err != nil {
		t.Fatal(err)
	}
	dues := func() map[int64]time.Time {
		docs, err := a.store.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]time.Time{}
		for _, d := range docs {
			m[d.ID] = d.DueAt
		}
		return m
	}
	first := dues()
	for id, due := range first {
		if due.Before(day) || !due.Before(day.Add(10*time.Minute)) {
			t.Errorf("document %d due at %s, want within 10m of the start %s", id, due, day)
		}
	}

	// Restarted twice within the spread, and once after some became due
	// without being crawled (the daemon was down for a minute): nothing
	// moves later.
	for _, restart := range []time.Duration{time.Minute, 3 * time.Minute, 11 * time.Minute} {
		clock.set(day.Add(restart))
		b, err := newApp(ctx, a.cfg, a.store, Options{Now: clock.now})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.scheduleAll(ctx, clock.now()); err != nil {
			t.Fatal(err)
		}
		for id, due := range dues() {
			if due.After(first[id]) {
				t.Errorf("restart at +%s postponed document %d from %s to %s", restart, id, first[id], due)
			}
		}
	}

	d := testDaemon(t, a)
	clock.set(day.Add(10 * time.Minute))
	for range 4 { // a poll claims at most as many as there are slots
		d.pollAndWait(ctx)
	}
	if got := hits.Load(); got != n {
		t.Errorf("%d fetches within the spread, want %d", got, n)
	}
	for id, due := range dues() {
		if want := day.Add(6 * time.Hour); due.Before(want) || !due.Before(want.Add(10*time.Minute)) {
			t.Errorf("document %d next due at %s, want in the slot 6h later", id, due)
		}
	}
	// Nothing is due now: a poll fetches nothing.
	d.pollAndWait(ctx)
	if got := hits.Load(); got != n {
		t.Errorf("%d fetches after an idle poll, want %d", got, n)
	}
}

// TestNextCrawlKeepsItsSlot: a crawl that waited for a poll or a free slot
// and took a while is due again in the slot after the one it was due in,
// so the period does not creep by the crawl's lateness every round.
func TestNextCrawlKeepsItsSlot(t *testing.T) {
	a := openTestApp(t, "database: tracker.db\nschedule: \"@every 6h\"\nspread: 0s\nvendors:\n  - id: acme\n    name: Acme\n    documents:\n      - {type: privacy, url: https://acme.example/p}\n")
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		due, end time.Time
		status   Status
		want     time.Time
	}{
		{"late and slow", t0, t0.Add(3 * time.Minute), StatusChanged, t0.Add(6 * time.Hour)},
		{"on time", t0, t0.Add(time.Second), StatusUnchanged, t0.Add(6 * time.Hour)},
		{"past its next slot", t0, t0.Add(7 * time.Hour), StatusChanged, t0.Add(13 * time.Hour)},
		{"never scheduled (tracker crawl)", time.Time{}, t0.Add(time.Minute), StatusNew, t0.Add(6*time.Hour + time.Minute)},
		{"before it was due (tracker crawl)", t0.Add(time.Hour), t0.Add(time.Minute), StatusChanged, t0.Add(6*time.Hour + time.Minute)},
		{"failed, backing off a minute", t0, t0.Add(time.Second), StatusError, t0.Add(6 * time.Hour)},
	} {
		tg := a.targets[0]
		tg.Stored.DueAt = c.due
		got := a.afterAttempt(tg, Outcome{Status: c.status}, c.end)
		if !got.DueAt.Equal(c.want) {
			t.Errorf("%s: due %s after a crawl due %s that ended %s; want %s", c.name, got.DueAt.Format(time.TimeOnly), c.due.Format(time.TimeOnly), c.end.Format(time.TimeOnly), c.want.Format(time.TimeOnly))
		}
	}
}

// TestDaemonNeverCrawlsADocumentTwiceAtOnce: a crawl outlives its lease
// (the fetch hangs; no renewal gets through), and the daemon's next poll
// finds the document free to claim and claims it itself. The crawl under
// way keeps it: no second fetch of the page starts beside the first.
func TestDaemonNeverCrawlsADocumentTwiceAtOnce(t *testing.T) {
	release := make(chan struct{})
	var hits, inFlight, most atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, policyHTML("x", "We collect the e-mail address you give us.", "We keep it for thirty days."))
	}))
	defer srv.Close()
	a := openTestApp(t, fmt.Sprintf("database: tracker.db\nhost_delay: 0s\nschedule: \"@every 6h\"\nspread: 0s\nvendors:\n  - id: acme\n    name: Acme\n    documents:\n      - {type: privacy, url: %s/p}\n", srv.URL))
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := newFakeClock(day)
	a.now = clock.now
	if err := a.scheduleAll(ctx, clock.now()); err != nil {
		t.Fatal(err)
	}
	d := testDaemon(t, a)
	d.startDue(ctx)
	for hits.Load() == 0 { // the fetch is under way
		time.Sleep(5 * time.Millisecond)
	}
	// The lease lapses while the fetch hangs; the next poll claims the
	// document again, in this daemon's name.
	clock.set(day.Add(a.lease + time.Second))
	d.startDue(ctx)
	if n := len(d.slots); n != 1 {
		t.Errorf("%d crawls under way after the second poll, want 1", n)
	}
	time.Sleep(50 * time.Millisecond) // time for a second fetch to arrive
	close(release)
	d.crawls.Wait()
	if hits.Load() != 1 || most.Load() != 1 {
		t.Errorf("%d fetches, at most %d at once; want one", hits.Load(), most.Load())
	}
	sums, err := a.store.DocumentSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].Versions != 1 {
		t.Errorf("summaries %+v, want one version", sums)
	}
	docs, err := a.store.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].LeaseOwner != "" || !docs[0].DueAt.After(day) {
		t.Errorf("after the crawl: lease %q, due %s; want the lease given back and the next slot", docs[0].LeaseOwner, docs[0].DueAt)
	}
}
