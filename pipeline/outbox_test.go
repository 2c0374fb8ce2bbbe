package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/store"
)

// TestOutboxClaimLapsesMidPass: a process sends a long backlog slowly (each
// send takes a third of its claim) and its claims are not renewed (a
// paused process, renewals that did not get through). Another process
// drains the same outbox meanwhile and takes the rows whose claims lapsed.
// Every alert is still delivered exactly once: the first process confirms
// its claim before each send and stops when the rows are another's; the
// backlog is longer than one batch, whose second batch is claimed from the
// time it is taken, not from the start of the pass.
func TestOutboxClaimLapsesMidPass(t *testing.T) {
	ctx := context.Background()
	const (
		rows = 150              // more than a sender's batch (100)
		send = 20 * time.Minute // what one send costs, on the shared clock
	)
	// The claim is a long time on the shared clock, which the sends move,
	// and longer than the test on the wall clock, which paces the
	// renewals: none happens, as in a process that stalled.
	const claim = time.Hour
	clk := &clock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}

	var (
		mu       sync.Mutex
		got      = map[string][]string{} // webhook-id → which process sent it
		second   *App
		stolen   bool
		flushErr error
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clk.Advance(send)
		who := r.URL.Path[1:]
		mu.Lock()
		id := r.Header.Get("webhook-id")
		got[id] = append(got[id], who)
		// The first process's fifth send: its first batch's claims lapsed
		// two sends ago. The second process drains the outbox now, while
		// the first waits for this answer.
		steal := who == "first" && len(got) == 5 && !stolen
		stolen = stolen || steal
		mu.Unlock()
		if steal {
			_, err := second.FlushAlerts(r.Context(), hookSecret)
			mu.Lock()
			flushErr = err
			mu.Unlock()
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	open := func(name string) *App {
		t.Helper()
		path := filepath.Join(dir, name+".yaml")
		// One endpoint key, webhooks[0], for both; each process's
		// requests say which sent them.
		yaml := fmt.Sprintf("database: %s\nalerts:\n  webhooks:\n    - url: %s/%s\n      secret_env: HOOK_SECRET\nvendors:\n  - id: acme\n    name: Acme\n    documents:\n      - {type: privacy, url: %s/policy}\n",
			filepath.Join(dir, "tracker.db"), srv.URL, name, srv.URL)
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Open(ctx, cfg, Options{Now: clk.Now, Owner: name, Lease: claim})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	first := open("first")
	second = open("second")

	var backlog []store.Delivery
	for i := range rows {
		id := fmt.Sprintf("msg_%04d", i)
		payload, err := json.Marshal(notify.Ping(id, clk.Now()))
		if err != nil {
			t.Fatal(err)
		}
		backlog = append(backlog, store.Delivery{AlertID: id, Endpoint: "webhooks[0]", Channel: notify.ChannelWebhook,
			Target: srv.URL, Payload: payload, CreatedAt: clk.Now().Add(time.Duration(i) * time.Millisecond)})
	}
	if err := first.Store().AddDeliveries(ctx, backlog); err != nil {
		t.Fatal(err)
	}

	if _, err := first.FlushAlerts(ctx, hookSecret); err != nil {
		t.Fatalf("first process: %v", err)
	}
	// Whatever the first left (it stops when its rows are taken) is sent
	// by a later pass.
	clk.Advance(2 * claim)
	for range 3 {
		if _, err := first.FlushAlerts(ctx, hookSecret); err != nil {
			t.Fatalf("first process, later pass: %v", err)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if !stolen {
		t.Fatal("the second process never ran")
	}
	if flushErr != nil {
		t.Errorf("second process: %v", flushErr)
	}
	by := map[string]int{}
	for id, senders := range got {
		if len(senders) != 1 {
			t.Errorf("alert %s sent %d times, by %v", id, len(senders), senders)
		}
		by[senders[0]]++
	}
	if len(got) != rows {
		t.Errorf("%d alerts received, want %d", len(got), rows)
	}
	if by["second"] == 0 {
		t.Errorf("the second process sent nothing (%v): the lapsed claims were not taken", by)
	}
	pending, err := first.Store().Deliveries(ctx, store.DeliveryPending)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("%d rows still pending", len(pending))
	}
	t.Logf("sent by %v", by)
}

var testHookSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("a secret of thirty-two bytes!!!!"))

func hookSecret(k string) string {
	if k == "HOOK_SECRET" {
		return testHookSecret
	}
	return ""
}
