package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/internal/memoutbox"
)

// fakeNotifier answers with a scripted list of errors (nil = success;
// the last one repeats) and records the ids it was asked to send.
type fakeNotifier struct {
	channel, target string
	mu              sync.Mutex
	results         []error
	sent            []string
}

func (f *fakeNotifier) Channel() string { return f.channel }
func (f *fakeNotifier) Target() string  { return f.target }
func (f *fakeNotifier) Send(ctx context.Context, m notify.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m.ID)
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
	b, err := json.Marshal(notify.Message{Type: notify.TypeChanged, ID: id})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newSender(ob notify.Outbox, now *time.Time, ns ...notify.Notifier) *notify.Sender {
	idx, err := notify.Index(ns...)
	if err != nil {
		panic(err)
	}
	return &notify.Sender{Outbox: ob, Notifiers: idx, Now: func() time.Time { return *now },
		Backoff: notify.Backoff{Base: time.Minute, Cap: time.Hour, MaxAge: 6 * time.Hour}}
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
		{"unreadable payload", []error{nil}, "{not json", memoutbox.Failed, 1, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			n := &fakeNotifier{channel: "webhook", target: "https://hooks.example.org/x", results: tt.results}
			ob := memoutbox.New()
			p := payload(t, "msg_1")
			if tt.payload != "" {
				p = []byte(tt.payload)
			}
			id := ob.Add(notify.Delivery{AlertID: "msg_1", Channel: n.channel, Target: n.target, Payload: p, CreatedAt: t0})
			delivered, failed, err := newSender(ob, &now, n).Flush(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if delivered != tt.wantDelivered || failed != tt.wantFailed {
				t.Errorf("delivered %d failed %d, want %d and %d", delivered, failed, tt.wantDelivered, tt.wantFailed)
			}
			row, _ := ob.Get(id)
			if row.Status != tt.wantStatus || row.Attempts != tt.wantAttempts {
				t.Errorf("row %s after %d attempts, want %s after %d", row.Status, row.Attempts, tt.wantStatus, tt.wantAttempts)
			}
			if tt.wantNext > 0 && !row.NextAt.Equal(t0.Add(tt.wantNext)) {
				t.Errorf("next attempt at +%s, want +%s", row.NextAt.Sub(t0), tt.wantNext)
			}
			if tt.wantStatus != memoutbox.Delivered && row.LastError == "" {
				t.Error("no last error recorded")
			}
		})
	}
}

func TestSenderUnconfiguredChannelIsKept(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	id := ob.Add(notify.Delivery{AlertID: "msg_1", Channel: "email", Target: "old@example.org", Payload: payload(t, "msg_1"), CreatedAt: t0})
	other := &fakeNotifier{channel: "email", target: "new@example.org"}
	s := newSender(ob, &now, other)

	if d, f, err := s.Flush(context.Background()); err != nil || d != 0 || f != 0 {
		t.Fatalf("flush: %d %d %v", d, f, err)
	}
	row, _ := ob.Get(id)
	if row.Status != memoutbox.Pending || !strings.Contains(row.LastError, "no email notifier configured") {
		t.Fatalf("row %+v", row)
	}
	if other.calls() != 0 {
		t.Error("the alert went to another target")
	}

	// The channel comes back: the alert goes out.
	back := &fakeNotifier{channel: "email", target: "old@example.org"}
	now = row.NextAt
	s = newSender(ob, &now, back)
	if d, _, err := s.Flush(context.Background()); err != nil || d != 1 {
		t.Fatalf("flush after reconfiguring: %d %v", d, err)
	}

	// A channel that never comes back fails at MaxAge, not silently.
	id2 := ob.Add(notify.Delivery{AlertID: "msg_2", Channel: "webhook", Target: "https://gone.example.org", Payload: payload(t, "msg_2"), CreatedAt: now})
	for i := 0; i < 30; i++ {
		row, _ := ob.Get(id2)
		if row.Status != memoutbox.Pending {
			break
		}
		now = row.NextAt
		if _, _, err := s.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if row, _ := ob.Get(id2); row.Status != memoutbox.Failed || !strings.Contains(row.LastError, "gave up") {
		t.Errorf("orphan row %+v", row)
	}
}

func TestSenderManyRows(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	n := &fakeNotifier{channel: "webhook", target: "https://hooks.example.org/x", results: []error{errors.New("down")}}
	for i := range 250 { // more than one batch
		id := fmt.Sprintf("msg_%d", i)
		ob.Add(notify.Delivery{AlertID: id, Channel: n.channel, Target: n.target, Payload: payload(t, id), CreatedAt: t0})
	}
	s := newSender(ob, &now, n)
	if _, _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n.calls() != 250 {
		t.Errorf("%d sends, want each of 250 rows once", n.calls())
	}
	n.mu.Lock()
	n.results = []error{nil}
	n.mu.Unlock()
	now = now.Add(time.Hour)
	if d, _, err := s.Flush(context.Background()); err != nil || d != 250 {
		t.Errorf("second pass delivered %d: %v", d, err)
	}
}

// stuckOutbox keeps returning the same full batch of due rows, as a store
// whose marks do not stick would, and may fail to record them.
type stuckOutbox struct {
	d         notify.Delivery
	markErr   error
	dueCalls  int
	markCalls int
}

func (o *stuckOutbox) DueDeliveries(_ context.Context, _ time.Time, limit int) ([]notify.Delivery, error) {
	o.dueCalls++
	rows := make([]notify.Delivery, limit)
	for i := range rows {
		rows[i] = o.d
		rows[i].ID = int64(i + 1)
	}
	return rows, nil
}
func (o *stuckOutbox) MarkDelivered(context.Context, int64, time.Time) error {
	o.markCalls++
	return o.markErr
}
func (o *stuckOutbox) MarkRetry(context.Context, int64, int, time.Time, string) error {
	o.markCalls++
	return o.markErr
}
func (o *stuckOutbox) MarkFailed(context.Context, int64, int, string) error {
	o.markCalls++
	return o.markErr
}

func TestSenderOutboxErrors(t *testing.T) {
	now := t0
	n := &fakeNotifier{channel: "webhook", target: "t"}
	d := notify.Delivery{ID: 7, AlertID: "msg_1", Channel: "webhook", Target: "t", Payload: payload(t, "msg_1"), CreatedAt: t0}

	t.Run("mark error stops the pass", func(t *testing.T) {
		ob := &stuckOutbox{d: d, markErr: errors.New("disk full")}
		_, _, err := newSender(ob, &now, n).Flush(context.Background())
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("rows still due are not sent twice in a pass", func(t *testing.T) {
		ob := &stuckOutbox{d: d}
		before := n.calls()
		if _, _, err := newSender(ob, &now, n).Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := n.calls() - before; got != 100 || ob.dueCalls != 2 {
			t.Errorf("%d sends and %d queries, want 100 sends (one per row) and 2 queries", got, ob.dueCalls)
		}
	})
	t.Run("no outbox", func(t *testing.T) {
		if _, _, err := (&notify.Sender{}).Flush(context.Background()); err == nil {
			t.Error("want an error")
		}
	})
}

// blockingNotifier waits for ctx, like a receiver that never answers.
type blockingNotifier struct{ started chan struct{} }

func (b *blockingNotifier) Channel() string { return "webhook" }
func (b *blockingNotifier) Target() string  { return "slow" }
func (b *blockingNotifier) Send(ctx context.Context, _ notify.Message) error {
	close(b.started)
	<-ctx.Done()
	return fmt.Errorf("post: %w", ctx.Err())
}

func TestSenderCancelledMidSend(t *testing.T) {
	now := t0
	ob := memoutbox.New()
	id := ob.Add(notify.Delivery{AlertID: "msg_1", Channel: "webhook", Target: "slow", Payload: payload(t, "msg_1"), CreatedAt: t0})
	bn := &blockingNotifier{started: make(chan struct{})}
	s := newSender(ob, &now, bn)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-bn.started; cancel() }()
	_, _, err := s.Flush(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	row, _ := ob.Get(id)
	if row.Status != memoutbox.Pending || row.Attempts != 0 || row.NextAt.After(t0) {
		t.Errorf("an interrupted send changed the row: %+v", row)
	}
}

func TestSenderRun(t *testing.T) {
	ob := memoutbox.New()
	n := &fakeNotifier{channel: "webhook", target: "t"}
	ob.Add(notify.Delivery{AlertID: "msg_1", Channel: "webhook", Target: "t", Payload: payload(t, "msg_1"), CreatedAt: time.Now()})
	idx, _ := notify.Index(n)
	s := &notify.Sender{Outbox: ob, Notifiers: idx}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx, 10*time.Millisecond); close(done) }()
	deadline := time.After(10 * time.Second)
	for n.calls() == 0 {
		select {
		case <-deadline:
			t.Fatal("Run never sent the due row")
		case <-time.After(5 * time.Millisecond):
		}
	}
	// A row added later is picked up by a later tick.
	ob.Add(notify.Delivery{AlertID: "msg_2", Channel: "webhook", Target: "t", Payload: payload(t, "msg_2"), CreatedAt: time.Now()})
	for n.calls() < 2 {
		select {
		case <-deadline:
			t.Fatal("Run did not pick up the second row")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when ctx was cancelled")
	}
}
