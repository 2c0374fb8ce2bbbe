package store

import (
	"context"
	"errors"
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
	if err := s.MarkRetry(ctx, email, 1, t0.Add(10*time.Minute), "smtp: 451 try later"); err != nil {
		t.Fatal(err)
	}
	if got := dueIDs(t, s, t0.Add(5*time.Minute), 0); contains(got, email) {
		t.Errorf("a delivery retried at +10m is due at +5m: %v", got)
	}
	if got := dueIDs(t, s, t0.Add(10*time.Minute), 0); !contains(got, email) {
		t.Errorf("a delivery retried at +10m is not due at +10m: %v", got)
	}
	if err := s.MarkDelivered(ctx, email, t0.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// webhook: gives up.
	if err := s.MarkFailed(ctx, hook, 5, "410 Gone"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Delivery(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != DeliveryDelivered || d.Attempts != 2 || !d.DeliveredAt.Equal(t0.Add(11*time.Minute)) || d.LastError != "" {
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
		{"deliver a delivered row", func() error { return s.MarkDelivered(ctx, email, t0) }, ErrNotPending},
		{"retry a failed row", func() error { return s.MarkRetry(ctx, hook, 6, t0, "x") }, ErrNotPending},
		{"fail a delivered row", func() error { return s.MarkFailed(ctx, email, 3, "x") }, ErrNotPending},
		{"deliver a missing row", func() error { return s.MarkDelivered(ctx, 999, t0) }, ErrNotFound},
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
	ds, err := s.DueDeliveries(context.Background(), now, limit)
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
