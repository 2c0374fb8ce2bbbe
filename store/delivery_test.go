package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestOutboxStateMachine(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	err := s.AddDeliveries(ctx, []Delivery{
		{AlertID: "msg_1", DocumentID: doc.ID, Channel: "email", Target: "dpo@acme.example", Payload: []byte(`{"id":"msg_1"}`), CreatedAt: t0},
		{AlertID: "msg_1", DocumentID: doc.ID, Channel: "webhook", Target: "https://hooks.example/a", Payload: []byte(`{"id":"msg_1"}`), CreatedAt: t0},
		{AlertID: "msg_2", Channel: "webhook", Target: "https://hooks.example/a", Payload: []byte(`{"id":"msg_2"}`), CreatedAt: t0.Add(time.Minute)},
		{AlertID: "msg_3", Channel: "email", Target: "dpo@acme.example", Payload: []byte(`{}`), CreatedAt: t0, NextAttemptAt: t0.Add(time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
	due := dueIDs(t, s, t0.Add(time.Minute), 0)
	if len(due) != 3 {
		t.Fatalf("due at t0+1m: %v, want the 3 rows due by then", due)
	}
	if got := dueIDs(t, s, t0.Add(time.Minute), 2); len(got) != 2 || got[0] != due[0] || got[1] != due[1] {
		t.Errorf("limit 2 gave %v, want the oldest two of %v", got, due)
	}
	email, hook, test := due[0], due[1], due[2]

	// email: fails once, is retried later, then delivered.
	if err := s.MarkRetry(ctx, email, "", 1, t0.Add(10*time.Minute), "smtp: 451 try later"); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, s, t0.Add(5*time.Minute), 0); contains(got, email) {
		t.Errorf("a delivery retried at +10m is due at +5m: %v", got)
	}
	if got := dueIDs(t, s, t0.Add(10*time.Minute), 0); !contains(got, email) {
		t.Errorf("a delivery retried at +10m is not due at +10m: %v", got)
	}
	if err := s.MarkDelivered(ctx, email, "team@acme.example", t0.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// webhook: gives up.
	if err := s.MarkFailed(ctx, hook, "", 5, "410 Gone"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Delivery(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != DeliveryDelivered || d.Attempts != 2 || !d.DeliveredAt.Equal(t0.Add(11*time.Minute)) || d.LastError != "" || d.Target != "team@acme.example" {
		// The target records where it went: the recipients of the day.
		t.Errorf("delivered row = %+v", d)
	}
	if d, _ := s.Delivery(ctx, hook); d.Status != DeliveryFailed || d.Attempts != 5 || d.LastError != "410 Gone" {
		t.Errorf("failed row = %+v", d)
	}
	if d, _ := s.Delivery(ctx, test); d.DocumentID != 0 || string(d.Payload) != `{"id":"msg_2"}` {
		t.Errorf("row without document = %+v", d)
	}

	// Finished rows never come back, and cannot be marked again.
	if got := dueIDs(t, s, t0.Add(24*time.Hour), 0); contains(got, email) || contains(got, hook) || len(got) != 2 {
		t.Errorf("due a day later: %v, want only the two pending rows", got)
	}
	transitions := []struct {
		name string
		mark func() error
		want error
	}{
		{"deliver a delivered row", func() error { return s.MarkDelivered(ctx, email, "", t0) }, ErrNotPending},
		{"retry a failed row", func() error { return s.MarkRetry(ctx, hook, "", 6, t0, "x") }, ErrNotPending},
		{"fail a delivered row", func() error { return s.MarkFailed(ctx, email, "", 3, "x") }, ErrNotPending},
		{"deliver a missing row", func() error { return s.MarkDelivered(ctx, 999, "", t0) }, ErrNotFound},
	}
	for _, tc := range transitions {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.mark(); !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}

	for _, tc := range []struct {
		status string
		want   int
	}{{"", 4}, {DeliveryPending, 2}, {DeliveryDelivered, 1}, {DeliveryFailed, 1}} {
		ds, err := s.Deliveries(ctx, tc.status)
		if err != nil || len(ds) != tc.want {
			t.Errorf("Deliveries(%q) = %d rows, %v; want %d", tc.status, len(ds), err, tc.want)
		}
	}
	all, _ := s.Deliveries(ctx, "")
	if all[0].AlertID != "msg_2" {
		t.Errorf("Deliveries(\"\") starts with %s, want the newest (msg_2)", all[0].AlertID)
	}
}

func TestAddDeliveriesIsAllOrNothing(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	d := Delivery{AlertID: "msg_1", Channel: "email", Target: "a@example.org", Payload: []byte(`{}`)}
	tests := []struct {
		name string
		ds   []Delivery
	}{
		{"duplicate", []Delivery{d, d}},
		{"no target", []Delivery{d, {AlertID: "msg_2", Channel: "email", Payload: []byte(`{}`)}}},
		{"bad status", []Delivery{d, {AlertID: "msg_2", Channel: "email", Target: "x", Status: "sent"}}},
		{"unknown document", []Delivery{d, {AlertID: "msg_2", Channel: "email", Target: "x", DocumentID: 7}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.AddDeliveries(ctx, tc.ds); err == nil {
				t.Fatal("AddDeliveries succeeded")
			}
			if n := count(t, s, "deliveries"); n != 0 {
				t.Errorf("%d rows kept from a failed AddDeliveries", n)
			}
		})
	}
}

func dueIDs(t *testing.T, s *Store, now time.Time, limit int) []int64 {
	t.Helper()
	ds, err := s.DueDeliveries(context.Background(), now, "", limit)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// One URL configured twice (two entries while a secret is rotated) is two
// endpoints: two rows for one alert, stored with the version, never a
// UNIQUE failure that loses the version.
func TestOneURLOnTwoEndpoints(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	nv := liveVersion(doc.ID, t0, "We may sell your data.", "<p>We may sell your data.</p>")
	nv.Alerts = []Delivery{
		{AlertID: "msg_1", Endpoint: "webhooks[0]", Channel: "webhook", Target: "https://hooks.example/a", Payload: []byte(`{}`)},
		{AlertID: "msg_1", Endpoint: "webhooks[1]", Channel: "webhook", Target: "https://hooks.example/a", Payload: []byte(`{}`)},
	}
	if _, err := s.AddVersion(ctx, nv); err != nil {
		t.Fatalf("AddVersion with one URL on two endpoints: %v", err)
	}
	ds, err := s.DeliveriesOfAlert(ctx, "msg_1")
	if err != nil || len(ds) != 2 || ds[0].Endpoint != "webhooks[0]" || ds[1].Endpoint != "webhooks[1]" {
		t.Fatalf("rows = %+v, %v", ds, err)
	}
	// The same endpoint twice for one alert is still a mistake.
	err = s.AddDeliveries(ctx, []Delivery{{AlertID: "msg_1", Endpoint: "webhooks[1]", Channel: "webhook", Target: "https://hooks.example/b", Payload: []byte(`{}`)}})
	if err == nil {
		t.Error("a second row for one alert and endpoint was accepted")
	}
}

func TestDueByEndpointRequeueAndCounts(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	add := func(alert, endpoint string, at time.Time) {
		t.Helper()
		if err := s.AddDeliveries(ctx, []Delivery{{AlertID: alert, Endpoint: endpoint, Channel: "webhook", Target: "https://old.example/" + endpoint, Payload: []byte(`{}`), CreatedAt: at}}); err != nil {
			t.Fatal(err)
		}
	}
	add("msg_1", "slow", t0)
	add("msg_2", "slow", t0.Add(time.Second))
	add("msg_1", "fast", t0)
	add("msg_3", "later", t0.Add(time.Hour))

	eps, err := s.DueEndpoints(ctx, t0.Add(time.Minute))
	if err != nil || strings.Join(eps, ",") != "fast,slow" {
		t.Fatalf("DueEndpoints = %v, %v; want fast,slow", eps, err)
	}
	slow, err := s.DueDeliveries(ctx, t0.Add(time.Minute), "slow", 0)
	if err != nil || len(slow) != 2 || slow[0].AlertID != "msg_1" || slow[1].AlertID != "msg_2" {
		t.Fatalf("DueDeliveries(slow) = %+v, %v", slow, err)
	}
	if c, err := s.CountDeliveries(ctx); err != nil || c != (DeliveryCounts{Pending: 4}) {
		t.Errorf("counts = %+v, %v", c, err)
	}
	if err := s.MarkRetry(ctx, slow[0].ID, "", 1, t0.Add(time.Hour), "status 503"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFailed(ctx, slow[1].ID, "", 3, "webhook: post https://old.example/slow: status 410 Gone"); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.CountDeliveries(ctx); c != (DeliveryCounts{Pending: 3, Retrying: 1, Failed: 1}) {
		t.Errorf("counts after a retry and a failure = %+v", c)
	}

	// An endpoint switched off by its receiver, then queued again with a
	// new target: the row is due now with a fresh budget, aimed at the new
	// URL, and the endpoint is on again.
	if err := s.DisableEndpoint(ctx, DisabledEndpoint{Endpoint: "slow", Target: "https://old.example/slow", DisabledAt: t0, Reason: "410 Gone"}); err != nil {
		t.Fatal(err)
	}
	if off, err := s.DisabledEndpoints(ctx); err != nil || len(off) != 1 || off[0].Reason != "410 Gone" || !off[0].DisabledAt.Equal(t0) {
		t.Fatalf("DisabledEndpoints = %+v, %v", off, err)
	}
	now := t0.Add(2 * time.Hour)
	if err := s.RequeueDeliveries(ctx, []Requeue{{ID: slow[1].ID, Endpoint: "slow", Channel: "webhook", Target: "https://new.example/hook"}}, now); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Delivery(ctx, slow[1].ID)
	if d.Status != DeliveryPending || d.Attempts != 0 || !d.NextAttemptAt.Equal(now) || !d.QueuedAt.Equal(now) ||
		!d.CreatedAt.Equal(t0.Add(time.Second)) || d.Target != "https://new.example/hook" || d.LastError == "" {
		t.Errorf("queued again: %+v (the last error stays until the next attempt)", d)
	}
	if off, _ := s.DisabledEndpoints(ctx); len(off) != 0 {
		t.Errorf("endpoint still disabled after requeue: %+v", off)
	}

	// Delivered rows are not sent twice; a failed batch queues nothing.
	if err := s.MarkDelivered(ctx, slow[0].ID, "", now); err != nil {
		t.Fatal(err)
	}
	fast, _ := s.DueDeliveries(ctx, now, "fast", 0)
	if err := s.MarkDelivered(ctx, fast[0].ID, "", now); err != nil {
		t.Fatal(err)
	}
	err = s.RequeueDeliveries(ctx, []Requeue{{ID: slow[0].ID, Endpoint: "slow", Channel: "webhook", Target: "x"}, {ID: fast[0].ID, Endpoint: "fast", Channel: "webhook", Target: "x"}}, now)
	if err == nil || !strings.Contains(err.Error(), "delivered") {
		t.Errorf("requeue of a delivered row: %v", err)
	}
	if d, _ := s.Delivery(ctx, slow[0].ID); d.Target == "x" {
		t.Error("a refused requeue changed a row")
	}
	if err := s.RequeueDeliveries(ctx, []Requeue{{ID: 999, Endpoint: "x", Channel: "webhook", Target: "x"}}, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("requeue of a missing row: %v", err)
	}
}

// Rows are claimed per endpoint; claimed rows are due for no other sender
// (nor listed among the due endpoints) until released or expired.
func TestClaimByEndpointAndRelease(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for i, ep := range []string{"email", "webhooks[0]", "webhooks[0]"} {
		if err := s.AddDeliveries(ctx, []Delivery{{AlertID: fmt.Sprintf("msg_%d", i), Endpoint: ep, Channel: "webhook", Target: "t", Payload: []byte(`{}`), CreatedAt: t0}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ClaimEndpointDeliveries(ctx, "a", "webhooks[0]", t0, t0.Add(time.Minute), 10)
	if err != nil || len(got) != 2 || got[0].Endpoint != "webhooks[0]" || got[0].ClaimedBy != "a" {
		t.Fatalf("claim = %+v, %v", got, err)
	}
	if eps, _ := s.DueEndpoints(ctx, t0); strings.Join(eps, ",") != "email" {
		t.Errorf("due endpoints while webhooks[0] is claimed: %v", eps)
	}
	if again, _ := s.ClaimEndpointDeliveries(ctx, "b", "webhooks[0]", t0, t0.Add(time.Minute), 10); len(again) != 0 {
		t.Errorf("another sender claimed %d claimed rows", len(again))
	}
	if err := s.ReleaseDeliveries(ctx, "b", []int64{got[1].ID}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.ClaimEndpointDeliveries(ctx, "b", "webhooks[0]", t0, t0.Add(time.Minute), 10); len(again) != 0 {
		t.Error("a sender released a claim it did not hold")
	}
	if err := s.ReleaseDeliveries(ctx, "a", []int64{got[1].ID}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.ClaimEndpointDeliveries(ctx, "b", "webhooks[0]", t0, t0.Add(time.Minute), 10); len(again) != 1 || again[0].ID != got[1].ID {
		t.Errorf("the released row was not claimable: %+v", again)
	}
	if late, _ := s.ClaimEndpointDeliveries(ctx, "c", "webhooks[0]", t0.Add(2*time.Minute), t0.Add(3*time.Minute), 10); len(late) != 2 {
		t.Errorf("expired claims: %d rows claimed again, want 2", len(late))
	}
}

// TestHoldDelivery: a sender holds a row only while it is still its own: a
// lapsed claim nobody took is held again; a claim another sender took, or
// a row settled or released, is not.
func TestHoldDelivery(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	for i := range 4 {
		if err := s.AddDeliveries(ctx, []Delivery{{AlertID: fmt.Sprintf("msg_%d", i), Endpoint: "webhooks[0]", Channel: "webhook", Target: "t", Payload: []byte(`{}`), CreatedAt: t0}}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := s.ClaimDeliveries(ctx, "a", t0, t0.Add(time.Minute), 10)
	if err != nil || len(rows) != 4 {
		t.Fatalf("claim = %d rows, %v", len(rows), err)
	}
	hold := func(who string, i int, until time.Time) bool {
		t.Helper()
		ok, err := s.HoldDelivery(ctx, rows[i].ID, who, until)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !hold("a", 0, t0.Add(2*time.Minute)) {
		t.Error("the claimant could not hold its row")
	}
	if hold("b", 0, t0.Add(2*time.Minute)) {
		t.Error("another sender held a row it never claimed")
	}
	// The hold moved the claim: at 90 s, row 0 is still a's; the others'
	// claims lapsed and b takes them.
	taken, err := s.ClaimDeliveries(ctx, "b", t0.Add(90*time.Second), t0.Add(3*time.Minute), 10)
	if err != nil || len(taken) != 3 {
		t.Fatalf("b claimed %d rows, %v; want the 3 whose claims lapsed", len(taken), err)
	}
	if hold("a", 1, t0.Add(3*time.Minute)) {
		t.Error("a held a row b took after a's claim lapsed")
	}
	if !hold("b", 1, t0.Add(4*time.Minute)) {
		t.Error("b could not hold the row it took")
	}
	if err := s.MarkDelivered(ctx, rows[1].ID, "t", t0); err != nil {
		t.Fatal(err)
	}
	if hold("b", 1, t0.Add(5*time.Minute)) {
		t.Error("a delivered row was held")
	}
	if err := s.ReleaseDeliveries(ctx, "b", []int64{rows[2].ID}); err != nil {
		t.Fatal(err)
	}
	if hold("b", 2, t0.Add(5*time.Minute)) {
		t.Error("a released row was held")
	}
	// A lapsed claim nobody took since is the claimant's still.
	if !hold("b", 3, t0.Add(time.Hour)) {
		t.Error("b could not hold its lapsed, untaken claim")
	}
}
