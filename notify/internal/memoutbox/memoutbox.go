// Package memoutbox is an in-memory notify.Outbox for tests: a map of rows
// with the same state machine as the store (pending → delivered | failed).
package memoutbox

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/tracker-dev/tracker/notify"
)

// Status of a row.
const (
	Pending   = "pending"
	Delivered = "delivered"
	Failed    = "failed"
)

// Row is a delivery with its state.
type Row struct {
	notify.Delivery
	Status      string
	NextAt      time.Time
	DeliveredAt time.Time
	LastError   string
}

// Outbox is safe for concurrent use.
type Outbox struct {
	mu     sync.Mutex
	rows   map[int64]*Row
	nextID int64
}

// New returns an empty outbox.
func New() *Outbox { return &Outbox{rows: map[int64]*Row{}} }

// Add queues d as pending and due at its CreatedAt; it returns the row id.
func (o *Outbox) Add(d notify.Delivery) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nextID++
	d.ID = o.nextID
	o.rows[d.ID] = &Row{Delivery: d, Status: Pending, NextAt: d.CreatedAt}
	return d.ID
}

// Get returns a copy of a row.
func (o *Outbox) Get(id int64) (Row, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.rows[id]
	if !ok {
		return Row{}, false
	}
	return *r, true
}

// DueDeliveries returns pending rows due at now, oldest first.
func (o *Outbox) DueDeliveries(_ context.Context, now time.Time, limit int) ([]notify.Delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []notify.Delivery
	for _, r := range o.rows {
		if r.Status == Pending && !r.NextAt.After(now) {
			out = append(out, r.Delivery)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (o *Outbox) pending(id int64) (*Row, error) {
	r, ok := o.rows[id]
	if !ok {
		return nil, fmt.Errorf("memoutbox: no delivery %d", id)
	}
	if r.Status != Pending {
		return nil, fmt.Errorf("memoutbox: delivery %d is %s, not pending", id, r.Status)
	}
	return r, nil
}

// MarkDelivered records a successful send.
func (o *Outbox) MarkDelivered(_ context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id)
	if err != nil {
		return err
	}
	r.Status, r.DeliveredAt, r.LastError = Delivered, at, ""
	r.Attempts++
	return nil
}

// MarkRetry records a failed attempt to be retried at next.
func (o *Outbox) MarkRetry(_ context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id)
	if err != nil {
		return err
	}
	r.Attempts, r.NextAt, r.LastError = attempts, next, lastErr
	return nil
}

// MarkFailed records a row given up on.
func (o *Outbox) MarkFailed(_ context.Context, id int64, attempts int, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id)
	if err != nil {
		return err
	}
	r.Status, r.Attempts, r.LastError = Failed, attempts, lastErr
	return nil
}
