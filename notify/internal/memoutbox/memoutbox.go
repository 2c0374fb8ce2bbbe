// Package memoutbox is an in-memory notify.Outbox for tests: a map of rows
// with the same state machine as the store (pending → delivered | failed),
// and the same promise: a row handed out is not handed out again until it
// is marked.
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
	claimed     bool
}

// Outbox is safe for concurrent use.
type Outbox struct {
	mu       sync.Mutex
	rows     map[int64]*Row
	disabled map[string]notify.Disabled
	nextID   int64
}

// New returns an empty outbox.
func New() *Outbox { return &Outbox{rows: map[int64]*Row{}, disabled: map[string]notify.Disabled{}} }

// Add queues d as pending and due at its QueuedAt; it returns the row id.
func (o *Outbox) Add(d notify.Delivery) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nextID++
	d.ID = o.nextID
	o.rows[d.ID] = &Row{Delivery: d, Status: Pending, NextAt: d.QueuedAt}
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

func (o *Outbox) due(r *Row, now time.Time) bool {
	return r.Status == Pending && !r.claimed && !r.NextAt.After(now)
}

// DueEndpoints lists the endpoints with rows due at now.
func (o *Outbox) DueEndpoints(_ context.Context, now time.Time) ([]string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, r := range o.rows {
		if o.due(r, now) && !seen[r.Endpoint] {
			seen[r.Endpoint] = true
			out = append(out, r.Endpoint)
		}
	}
	sort.Strings(out)
	return out, nil
}

// DueDeliveries claims pending rows of an endpoint due at now, oldest first.
func (o *Outbox) DueDeliveries(_ context.Context, now time.Time, endpoint string, limit int) ([]notify.Delivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var rows []*Row
	for _, r := range o.rows {
		if o.due(r, now) && (endpoint == "" || r.Endpoint == endpoint) {
			rows = append(rows, r)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	out := make([]notify.Delivery, len(rows))
	for i, r := range rows {
		r.claimed = true
		out[i] = r.Delivery
	}
	return out, nil
}

func (o *Outbox) pending(id int64, target string) (*Row, error) {
	r, ok := o.rows[id]
	if !ok {
		return nil, fmt.Errorf("memoutbox: no delivery %d", id)
	}
	if r.Status != Pending {
		return nil, fmt.Errorf("memoutbox: delivery %d is %s, not pending", id, r.Status)
	}
	r.claimed = false
	if target != "" {
		r.Target = target
	}
	return r, nil
}

// MarkDelivered records a successful send.
func (o *Outbox) MarkDelivered(_ context.Context, id int64, target string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id, target)
	if err != nil {
		return err
	}
	r.Status, r.DeliveredAt, r.LastError = Delivered, at, ""
	r.Attempts++
	return nil
}

// MarkRetry records a failed attempt to be retried at next.
func (o *Outbox) MarkRetry(_ context.Context, id int64, target string, attempts int, next time.Time, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id, target)
	if err != nil {
		return err
	}
	r.Attempts, r.NextAt, r.LastError = attempts, next, lastErr
	return nil
}

// MarkFailed records a row given up on.
func (o *Outbox) MarkFailed(_ context.Context, id int64, target string, attempts int, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.pending(id, target)
	if err != nil {
		return err
	}
	r.Status, r.Attempts, r.LastError = Failed, attempts, lastErr
	return nil
}

// DisabledEndpoints lists the endpoints switched off.
func (o *Outbox) DisabledEndpoints(context.Context) ([]notify.Disabled, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []notify.Disabled
	for _, d := range o.disabled {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Endpoint < out[j].Endpoint })
	return out, nil
}

// DisableEndpoint switches an endpoint off.
func (o *Outbox) DisableEndpoint(_ context.Context, d notify.Disabled) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.disabled[d.Endpoint] = d
	return nil
}

// EnableEndpoint switches an endpoint on again.
func (o *Outbox) EnableEndpoint(_ context.Context, endpoint string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.disabled, endpoint)
	return nil
}

// Release hands back claimed rows.
func (o *Outbox) Release(_ context.Context, ids []int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range ids {
		if r, ok := o.rows[id]; ok {
			r.claimed = false
		}
	}
	return nil
}

var _ notify.Outbox = (*Outbox)(nil)
