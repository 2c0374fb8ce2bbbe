package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/internal/memoutbox"
)

// fakeNotifier answers with a scripted list of errors (nil = success;
// the last one repeats) and records the ids it was asked to send.
type fakeNotifier struct {
	kind, target string
	mu           sync.Mutex
	results      []error
	sent         []string
}

func (f *fakeNotifier) Kind() string                 { return f.kind }
func (f *fakeNotifier) Target(notify.Message) string { return f.target }
func (f *fakeNotifier) Send(ctx context.Context, m notify.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m.ID())
	if len(f.results) == 0 {
		return nil
	}
	return f.results[min(len(f.sent), len(f.results))-1]
}

func (f *fakeNotifier) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

var t0 = time.Date(2024, 6, 12, 10, 0, 0, 0, time.UTC)

func payload(t *testing.T, id string) []byte {
	t.Helper()
	b, err := json.Marshal(notify.Message{Type: notify.TypeChanged, Timestamp: t0, Data: notify.Data{AlertID: id}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// endpoints keys each notifier as "<kind>-<n>".
func endpoints(ns ...notify.Notifier) map[string]notify.Endpoint {
	out := map[string]notify.Endpoint{}
	for i, n := range ns {
		out[fmt.Sprintf("%s-%d", n.Kind(), i)] = notify.Endpoint{Kind: n.Kind(), Notifier: n}
	}
	return out
}

func newSender(ob notify.Outbox, now *time.Time, eps map[string]notify.Endpoint) *notify.Sender {
	return notify.NewSender(ob, eps, notify.SenderOptions{Now: func() time.Time { return *now },
		Backoff: notify.Backoff{Base: time.Minute, Cap: time.Hour, MaxAge: 6 * time.Hour}})
}

func row(endpoint, alert string, p []byte, at time.Time) notify.Delivery {
	return notify.Delivery{AlertID: alert, Endpoint: endpoint, Kind: strings.Split(endpoint, "-")[0], Target: "queued-target", Payload: p, QueuedAt: at}
}

func TestSenderOutcomes(t *testing.T) {
	tests := []struct {
		name          string
		results       []error
		payload       string // raw payload instead of a valid one
		wantStatus    string
		wantAttempts  int
		wantDelivered int
		wantFailed    int
		wantNext      time.Duration // from t0, for retries
	}{
		{"success", []error{nil}, "", memoutbox.Delivered, 1, 1, 0, 0},
		{"retryable", []error{errors.New("connection reset")}, "", memoutbox.Pending, 1, 0, 0, time.Minute},
		{"retry after beyond backoff", []error{&notify.RetryAfterError{After: 10 * time.Minute, Err: errors.New("busy")}}, "", memoutbox.Pending, 1, 0, 0, 10 * time.Minute},
		{"retry after below backoff", []error{&notify.RetryAfterError{After: time.Second, Err: errors.New("busy")}}, "", memoutbox.Pending, 1, 0, 0, time.Minute},
		{"permanent", []error{notify.Permanent(errors.New("550 no such user"))}, "", memoutbox.Failed, 1, 0, 1, 0},
		{"wrapped permanent", []error{fmt.Errorf("send: %w", notify.Permanent(errors.New("400")))}, "", memoutbox.Failed, 1, 0, 1, 0},
		{"gone", []error{&notify.GoneError{Err: errors.New("status 410 Gone")}}, "", memoutbox.Failed, 1, 0, 1, 0},
		{"unreadable payload", []error{nil}, "{not json", memoutbox.Failed, 1, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			n := &fakeNotifier{kind: "webhook", target: "https://hooks.example.org/x", results: tt.results}
			ob := memoutbox.New()
			p := payload(t, "msg_1")
			if tt.payload != "" {
				p = []byte(tt.payload)
			}
			id := ob.Add(row("webhook-0", "msg_1", p, t0))
			var observed []string
			s := notify.NewSender(ob, endpoints(n), notify.SenderOptions{Now: func() time.Time { return now },
				Backoff: notify.Backoff{Base: time.Minute, Cap: time.Hour, MaxAge: 6 * time.Hour},
				Observe: func(kind, outcome string) { observed = append(observed, kind+" "+outcome) }})
			res, err := s.Flush(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Delivered != tt.wantDelivered || res.Failed != tt.wantFailed {
				t.Errorf("result %+v, want %d delivered and %d failed", res, tt.wantDelivered, tt.wantFailed)
			}
			r, _ := ob.Get(id)
			if r.Status != tt.wantStatus || r.Attempts != tt.wantAttempts {
				t.Errorf("row %s after %d attempts, want %s after %d", r.Status, r.Attempts, tt.wantStatus, tt.wantAttempts)
			}
			if tt.wantNext > 0 && !r.NextAt.Equal(t0.Add(tt.wantNext)) {
				t.Errorf("next attempt at +%s, want +%s", r.NextAt.Sub(t0), tt.wantNext)
			}
			if tt.wantStatus != memoutbox.Delivered && r.LastError == "" {
				t.Error("no last error recorded")
			}
			if tt.payload == "" && r.Target != n.target {
				t.Errorf("row target %q, want the target it was sent to", r.Target)
			}
			outcome := map[string]string{memoutbox.Delivered: "delivered", memoutbox.Pending: "retry", memoutbox.Failed: "failed"}[tt.wantStatus]
			if len(observed) != 1 || observed[0] != "webhook "+outcome {
				t.Errorf("observed %q, want one webhook %s", observed, outcome)
			}
		})
	}
}

// A 410 switches the endpoint off: its other rows fail without a request,
// until the configuration names another target.
func TestSenderGoneDisablesEndpoint(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	gone := &fakeNotifier{kind: "webhook", target: "https://old.example/hook", results: []error{&notify.GoneError{Err: errors.New("webhook: post https://old.example/hook: status 410 Gone")}}}
	mail := &fakeNotifier{kind: "email", target: "team@example.org"}
	eps := map[string]notify.Endpoint{"hook": {Kind: "webhook", Notifier: gone}, "email": {Kind: "email", Notifier: mail}}
	a := ob.Add(row("hook", "msg_1", payload(t, "msg_1"), t0))
	b := ob.Add(row("hook", "msg_2", payload(t, "msg_2"), t0))
	ob.Add(row("email", "msg_1", payload(t, "msg_1"), t0))
	s := newSender(ob, &now, eps)
	res, err := s.Flush(context.Background())
	if err != nil || res.Failed != 2 || res.Delivered != 1 {
		t.Fatalf("flush: %+v, %v", res, err)
	}
	if gone.calls() != 1 {
		t.Errorf("%d requests to a gone endpoint, want 1", gone.calls())
	}
	off, _ := ob.DisabledEndpoints(context.Background())
	if len(off) != 1 || off[0].Endpoint != "hook" || off[0].Target != "https://old.example/hook" || off[0].Reason != "410 Gone" {
		t.Fatalf("disabled = %+v", off)
	}
	for _, id := range []int64{a, b} {
		if r, _ := ob.Get(id); r.Status != memoutbox.Failed || !strings.Contains(r.LastError, "410") {
			t.Errorf("row %d: %+v", id, r)
		}
	}
	// A later alert fails at once while the endpoint is off...
	c := ob.Add(row("hook", "msg_3", payload(t, "msg_3"), t0))
	if _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r, _ := ob.Get(c); r.Status != memoutbox.Failed || !strings.Contains(r.LastError, "disabled") || gone.calls() != 1 {
		t.Errorf("alert to a disabled endpoint: %+v, %d requests", r, gone.calls())
	}
	// ...and goes out once the configuration names a new URL.
	fixed := &fakeNotifier{kind: "webhook", target: "https://new.example/hook"}
	s.SetEndpoints(map[string]notify.Endpoint{"hook": {Kind: "webhook", Notifier: fixed}})
	d := ob.Add(row("hook", "msg_4", payload(t, "msg_4"), t0))
	if res, err := s.Flush(context.Background()); err != nil || res.Delivered != 1 {
		t.Fatalf("flush after the fix: %+v, %v", res, err)
	}
	if r, _ := ob.Get(d); r.Status != memoutbox.Delivered || r.Target != "https://new.example/hook" {
		t.Errorf("row after the fix: %+v", r)
	}
	if off, _ := ob.DisabledEndpoints(context.Background()); len(off) != 0 {
		t.Errorf("still disabled: %+v", off)
	}
}

func TestSenderUnconfiguredEndpointIsKept(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	id := ob.Add(row("webhooks[3]", "msg_1", payload(t, "msg_1"), t0))
	other := &fakeNotifier{kind: "webhook", target: "https://other.example"}
	s := newSender(ob, &now, map[string]notify.Endpoint{"webhooks[0]": {Kind: "webhook", Notifier: other}})

	if res, err := s.Flush(context.Background()); err != nil || res.Delivered != 0 || res.Failed != 0 {
		t.Fatalf("flush: %+v %v", res, err)
	}
	r, _ := ob.Get(id)
	if r.Status != memoutbox.Pending || !strings.Contains(r.LastError, "endpoint webhooks[3] is not in the configuration") {
		t.Fatalf("row %+v", r)
	}
	if other.calls() != 0 {
		t.Error("the alert went to another endpoint")
	}

	// The endpoint comes back: the alert goes out.
	back := &fakeNotifier{kind: "webhook", target: "https://back.example"}
	now = r.NextAt
	s.SetEndpoints(map[string]notify.Endpoint{"webhooks[3]": {Kind: "webhook", Notifier: back}})
	if res, err := s.Flush(context.Background()); err != nil || res.Delivered != 1 {
		t.Fatalf("flush after reconfiguring: %+v %v", res, err)
	}

	// An endpoint that never comes back fails at MaxAge, not silently.
	id2 := ob.Add(row("gone", "msg_2", payload(t, "msg_2"), now))
	for range 30 {
		r, _ := ob.Get(id2)
		if r.Status != memoutbox.Pending {
			break
		}
		now = r.NextAt
		if _, err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := ob.Get(id2); r.Status != memoutbox.Failed || !strings.Contains(r.LastError, "gave up") {
		t.Errorf("orphan row %+v", r)
	}
}

// A misconfigured endpoint (a secret not set) keeps its own alerts waiting
// with the reason, and holds back no other.
func TestSenderBrokenEndpointHoldsBackNoOther(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	mail := &fakeNotifier{kind: "email", target: "team@example.org"}
	eps := map[string]notify.Endpoint{
		"email":       {Kind: "email", Notifier: mail},
		"webhooks[0]": {Kind: "webhook", Err: errors.New("alerts.webhooks[0].secret_env: environment variable HOOK_SECRET is not set")},
	}
	hook := ob.Add(row("webhooks[0]", "msg_1", payload(t, "msg_1"), t0))
	email := ob.Add(row("email", "msg_1", payload(t, "msg_1"), t0))
	res, err := newSender(ob, &now, eps).Flush(context.Background())
	if err != nil || res.Delivered != 1 || res.Retried != 1 {
		t.Fatalf("flush: %+v, %v", res, err)
	}
	if r, _ := ob.Get(email); r.Status != memoutbox.Delivered {
		t.Errorf("e-mail held back: %+v", r)
	}
	if r, _ := ob.Get(hook); r.Status != memoutbox.Pending || !strings.Contains(r.LastError, "HOOK_SECRET is not set") {
		t.Errorf("webhook row: %+v", r)
	}
}

// slowNotifier blocks until released, like a receiver that takes its time.
type slowNotifier struct {
	fakeNotifier
	release chan struct{}
}

func (s *slowNotifier) Send(ctx context.Context, m notify.Message) error {
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.fakeNotifier.Send(ctx, m)
}

// A slow endpoint delays only its own alerts: the daemon's loop keeps
// serving the others while it hangs.
func TestSenderSlowEndpointDelaysNoOther(t *testing.T) {
	ob := memoutbox.New()
	slow := &slowNotifier{fakeNotifier: fakeNotifier{kind: "webhook", target: "slow"}, release: make(chan struct{})}
	fast := &fakeNotifier{kind: "email", target: "team@example.org"}
	eps := map[string]notify.Endpoint{"slow": {Kind: "webhook", Notifier: slow}, "email": {Kind: "email", Notifier: fast}}
	now := time.Now()
	ob.Add(row("slow", "msg_1", payload(t, "msg_1"), now))
	ob.Add(row("email", "msg_1", payload(t, "msg_1"), now))
	s := notify.NewSender(ob, eps, notify.SenderOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() { s.Run(ctx, time.Hour, wake); close(done) }()
	waitFor(t, "the first e-mail", func() bool { return fast.calls() == 1 })

	// A second alert while the webhook still hangs: the e-mail goes out.
	ob.Add(row("email", "msg_2", payload(t, "msg_2"), time.Now()))
	wake <- struct{}{}
	waitFor(t, "the second e-mail", func() bool { return fast.calls() == 2 })
	if slow.calls() != 0 {
		t.Fatal("the slow endpoint answered already")
	}
	close(slow.release)
	waitFor(t, "the webhook", func() bool { return slow.calls() == 1 })
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when ctx was cancelled")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestSenderManyRows(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	n := &fakeNotifier{kind: "webhook", target: "https://hooks.example.org/x", results: []error{errors.New("down")}}
	for i := range 250 { // more than one batch
		id := fmt.Sprintf("msg_%d", i)
		ob.Add(row("webhook-0", id, payload(t, id), t0))
	}
	s := newSender(ob, &now, endpoints(n))
	// An endpoint that is down costs one attempt per pass, not one timeout
	// per waiting alert.
	if res, err := s.Flush(context.Background()); err != nil || res.Retried != 1 {
		t.Fatalf("pass while down: %+v, %v", res, err)
	}
	if n.calls() != 1 {
		t.Errorf("%d sends while the endpoint is down, want 1", n.calls())
	}
	n.mu.Lock()
	n.results = []error{nil}
	n.mu.Unlock()
	now = now.Add(time.Hour)
	if res, err := s.Flush(context.Background()); err != nil || res.Delivered != 250 {
		t.Errorf("second pass: %+v, %v", res, err)
	}
}

// stuckOutbox keeps returning the same full batch of due rows, as a store
// whose marks do not stick would, and may fail to record them.
type stuckOutbox struct {
	memoutbox.Outbox
	d         notify.Delivery
	markErr   error
	dueCalls  atomic.Int32
	markCalls atomic.Int32
}

func (o *stuckOutbox) DueEndpoints(context.Context, time.Time) ([]string, error) {
	return []string{o.d.Endpoint}, nil
}
func (o *stuckOutbox) DueDeliveries(_ context.Context, _ time.Time, _ string, limit int) ([]notify.Delivery, error) {
	o.dueCalls.Add(1)
	rows := make([]notify.Delivery, limit)
	for i := range rows {
		rows[i] = o.d
		rows[i].ID = int64(i + 1)
	}
	return rows, nil
}
func (o *stuckOutbox) MarkDelivered(context.Context, int64, string, time.Time) error {
	o.markCalls.Add(1)
	return o.markErr
}
func (o *stuckOutbox) MarkRetry(context.Context, int64, string, int, time.Time, string) error {
	o.markCalls.Add(1)
	return o.markErr
}
func (o *stuckOutbox) MarkFailed(context.Context, int64, string, int, string) error {
	o.markCalls.Add(1)
	return o.markErr
}

func TestSenderOutboxErrors(t *testing.T) {
	now := t0
	n := &fakeNotifier{kind: "webhook", target: "t"}
	d := row("webhook-0", "msg_1", payload(t, "msg_1"), t0)

	t.Run("mark error stops the pass", func(t *testing.T) {
		ob := &stuckOutbox{Outbox: *memoutbox.New(), d: d, markErr: errors.New("disk full")}
		_, err := newSender(ob, &now, endpoints(n)).Flush(context.Background())
		if err == nil || !strings.Contains(err.Error(), "disk full") || ob.markCalls.Load() != 1 {
			t.Errorf("err = %v after %d marks", err, ob.markCalls.Load())
		}
	})
	t.Run("rows still due are not sent twice in a pass", func(t *testing.T) {
		ob := &stuckOutbox{Outbox: *memoutbox.New(), d: d}
		before := n.calls()
		if _, err := newSender(ob, &now, endpoints(n)).Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := n.calls() - before; got != 100 || ob.dueCalls.Load() != 2 {
			t.Errorf("%d sends and %d queries, want 100 sends (one per row) and 2 queries", got, ob.dueCalls.Load())
		}
	})
}

// blockingNotifier waits for ctx, like a receiver that never answers.
type blockingNotifier struct{ started chan struct{} }

func (b *blockingNotifier) Kind() string                 { return "webhook" }
func (b *blockingNotifier) Target(notify.Message) string { return "slow" }
func (b *blockingNotifier) Send(ctx context.Context, _ notify.Message) error {
	close(b.started)
	<-ctx.Done()
	return fmt.Errorf("post: %w", ctx.Err())
}

func TestSenderCancelledMidSend(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	id := ob.Add(row("webhook-0", "msg_1", payload(t, "msg_1"), t0))
	bn := &blockingNotifier{started: make(chan struct{})}
	s := newSender(ob, &now, endpoints(bn))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-bn.started; cancel() }()
	_, err := s.Flush(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	r, _ := ob.Get(id)
	if r.Status != memoutbox.Pending || r.Attempts != 0 || r.NextAt.After(t0) {
		t.Errorf("an interrupted send changed the row: %+v", r)
	}
}

func TestSenderRun(t *testing.T) {
	ob := memoutbox.New()
	n := &fakeNotifier{kind: "webhook", target: "t"}
	ob.Add(row("webhook-0", "msg_1", payload(t, "msg_1"), time.Now()))
	s := notify.NewSender(ob, endpoints(n), notify.SenderOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx, 10*time.Millisecond, nil); close(done) }()
	waitFor(t, "the due row", func() bool { return n.calls() == 1 })
	// A row added later is picked up by a later tick.
	ob.Add(row("webhook-0", "msg_2", payload(t, "msg_2"), time.Now()))
	waitFor(t, "the second row", func() bool { return n.calls() == 2 })
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when ctx was cancelled")
	}
}
