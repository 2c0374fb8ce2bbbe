package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/internal/memoutbox"
)

// clock is a settable time for the Sender.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// senderFixture wires a receiver, a webhook notifier, an outbox holding
// one alert, and a Sender without jitter so waits are exact.
func senderFixture(t *testing.T, rc *recorder) (*notify.Sender, *memoutbox.Outbox, int64, *clock) {
	t.Helper()
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	n := newTestNotifier(t, srv.URL+"/hooks")
	clk := &clock{t: time.Date(2024, 6, 12, 10, 0, 0, 0, time.UTC)}
	n.now = clk.Now
	payload, err := json.Marshal(testMessage())
	if err != nil {
		t.Fatal(err)
	}
	ob := memoutbox.New()
	id := ob.Add(notify.Delivery{AlertID: "msg_test0001", Endpoint: "webhooks[0]", Kind: n.Kind(), Target: srv.URL + "/hooks", Payload: payload, QueuedAt: clk.Now()})
	return newSender(ob, n, clk, notify.Backoff{Base: 30 * time.Second, Cap: time.Hour, MaxAge: 72 * time.Hour}), ob, id, clk
}

func newSender(ob *memoutbox.Outbox, n *Notifier, clk *clock, b notify.Backoff) *notify.Sender {
	return notify.NewSender(ob, map[string]notify.Endpoint{"webhooks[0]": {Kind: n.Kind(), Notifier: n}},
		notify.SenderOptions{Now: clk.Now, Backoff: b})
}

func flush(t *testing.T, s *notify.Sender, wantDelivered, wantFailed int) {
	t.Helper()
	res, err := s.Flush(context.Background())
	if err != nil {
		t.Fatalf("flush: %v", err)
	}
	if res.Delivered != wantDelivered || res.Failed != wantFailed {
		t.Fatalf("flush delivered %d failed %d, want %d and %d", res.Delivered, res.Failed, wantDelivered, wantFailed)
	}
}

func TestSenderRetriesUntilDelivered(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusServiceUnavailable, http.StatusOK}}
	s, ob, id, clk := senderFixture(t, rc)

	flush(t, s, 0, 0)
	row, _ := ob.Get(id)
	if row.Status != memoutbox.Pending || row.Attempts != 1 || !row.NextAt.Equal(clk.Now().Add(30*time.Second)) {
		t.Fatalf("after 503: %+v", row)
	}
	flush(t, s, 0, 0) // not due yet: nothing sent
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("%d requests before the retry is due, want 1", n)
	}

	clk.Add(30 * time.Second)
	flush(t, s, 1, 0)
	row, _ = ob.Get(id)
	if row.Status != memoutbox.Delivered || row.Attempts != 2 {
		t.Fatalf("after 200: %+v", row)
	}
	got := rc.requests()
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2", len(got))
	}
	for i, r := range got {
		if r.header.Get(HeaderID) != "msg_test0001" {
			t.Errorf("attempt %d webhook-id %q", i, r.header.Get(HeaderID))
		}
		if err := Verify(testSecret, r.header, r.body, 24*time.Hour*365*10); err != nil {
			t.Errorf("attempt %d does not verify: %v", i, err)
		}
	}
	if string(got[0].body) != string(got[1].body) {
		t.Error("the body changed between attempts")
	}
	flush(t, s, 0, 0) // delivered rows are done
	if n := len(rc.requests()); n != 2 {
		t.Errorf("%d requests after delivery, want 2", n)
	}
}

func TestSenderPermanentFailure(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusBadRequest}}
	s, ob, id, clk := senderFixture(t, rc)
	flush(t, s, 0, 1)
	row, _ := ob.Get(id)
	if row.Status != memoutbox.Failed || row.Attempts != 1 || row.LastError == "" {
		t.Fatalf("after 400: %+v", row)
	}
	clk.Add(time.Hour)
	flush(t, s, 0, 0)
	if n := len(rc.requests()); n != 1 {
		t.Errorf("%d requests, want exactly 1 (no retry)", n)
	}
}

func TestSenderHonoursRetryAfter(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusTooManyRequests, http.StatusOK}, header: http.Header{"Retry-After": {"120"}}}
	s, ob, id, clk := senderFixture(t, rc)
	start := clk.Now()
	flush(t, s, 0, 0)
	row, _ := ob.Get(id)
	if !row.NextAt.Equal(start.Add(120 * time.Second)) {
		t.Fatalf("next attempt at %s, want %s", row.NextAt, start.Add(120*time.Second))
	}
	clk.Add(119 * time.Second)
	flush(t, s, 0, 0)
	clk.Add(time.Second)
	flush(t, s, 1, 0)
	if n := len(rc.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestSenderGivesUpAfterMaxAge(t *testing.T) {
	rc := &recorder{statuses: []int{http.StatusBadGateway}}
	_, ob, id, clk := senderFixture(t, rc)
	srv := httptest.NewServer(rc)
	defer srv.Close()
	n := newTestNotifier(t, srv.URL)
	n.now = clk.Now
	s := newSender(ob, n, clk, notify.Backoff{Base: time.Minute, Cap: time.Hour, MaxAge: 3 * time.Hour})
	deadline := clk.Now().Add(3 * time.Hour)
	for i := 0; i < 50; i++ { // bounded: backoff reaches the deadline in a few steps
		row, _ := ob.Get(id)
		if row.Status != memoutbox.Pending {
			break
		}
		if row.NextAt.After(deadline) {
			t.Fatalf("attempt %d planned after the deadline: %s", i, row.NextAt)
		}
		clk.Add(row.NextAt.Sub(clk.Now()))
		if _, err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	row, _ := ob.Get(id)
	if row.Status != memoutbox.Failed {
		t.Fatalf("row is %s after MaxAge, want failed", row.Status)
	}
	if !clk.Now().Equal(deadline) {
		t.Errorf("gave up at %s, want the deadline %s", clk.Now(), deadline)
	}
	// 1m 2m 4m 8m 16m 32m 60m, then the last try at the 3h deadline.
	if n := len(rc.requests()); n != 9 || row.Attempts != 9 {
		t.Errorf("%d requests, %d attempts recorded, want 9", n, row.Attempts)
	}
}
