package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Delivery states: pending → delivered, pending → failed, and pending →
// pending again (a retry) in between.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// ErrNotPending is wrapped when a delivery that is no longer pending is
// marked again (another sender got there first).
var ErrNotPending = errors.New("store: delivery is not pending")

// Delivery is one outbox row: an alert to send on one channel target.
type Delivery struct {
	ID            int64
	AlertID       string // stable id of the alert, also the webhook-id
	DocumentID    int64  // 0 for alerts about no document (tests)
	Channel       string // "email" or "webhook"
	Target        string // e-mail recipients or webhook URL
	Payload       []byte // JSON
	Status        string // pending|delivered|failed
	Attempts      int
	NextAttemptAt time.Time
	CreatedAt     time.Time
	DeliveredAt   time.Time
	LastError     string
	ClaimedBy     string // the process that last took the row to send it
}

const deliveryColumns = `id, alert_id, document_id, channel, target, payload, status, attempts,
	next_attempt_at, created_at, delivered_at, last_error, claimed_by`

func scanDelivery(r rowScanner) (Delivery, error) {
	var d Delivery
	var payload string
	err := r.Scan(&d.ID, &d.AlertID, idField{&d.DocumentID}, &d.Channel, &d.Target, &payload, &d.Status,
		&d.Attempts, timeField{&d.NextAttemptAt}, timeField{&d.CreatedAt}, timeField{&d.DeliveredAt}, &d.LastError, &d.ClaimedBy)
	d.Payload = []byte(payload)
	return d, err
}

// insertDelivery adds an outbox row; a row without times is created at now
// and due at once, a row without status is pending.
func insertDelivery(ctx context.Context, tx *sql.Tx, d Delivery, now time.Time) error {
	if d.AlertID == "" || d.Channel == "" || d.Target == "" {
		return fmt.Errorf("delivery %q on %s %q: alert id, channel and target are required", d.AlertID, d.Channel, d.Target)
	}
	if d.Status == "" {
		d.Status = DeliveryPending
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.NextAttemptAt.IsZero() {
		d.NextAttemptAt = d.CreatedAt
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO deliveries (alert_id, document_id, channel, target, payload, status, attempts,
		 next_attempt_at, created_at, delivered_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AlertID, nullID(d.DocumentID), d.Channel, d.Target, string(d.Payload), d.Status, d.Attempts,
		encTime(d.NextAttemptAt), encTime(d.CreatedAt), encTime(d.DeliveredAt), d.LastError)
	if err != nil {
		return fmt.Errorf("insert delivery %s on %s: %w", d.AlertID, d.Channel, err)
	}
	return nil
}

// AddDeliveries puts rows in the outbox, all or none.
func (s *Store) AddDeliveries(ctx context.Context, ds []Delivery) error {
	now := time.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			if err := insertDelivery(ctx, tx, d, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: add deliveries: %w", err)
	}
	return nil
}

// DueDeliveries are the pending rows whose next attempt is due at now,
// oldest first (limit <= 0: all of them).
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error) {
	query := `SELECT ` + deliveryColumns + ` FROM deliveries
		WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id`
	if limit > 0 {
		return s.deliveries(ctx, query+` LIMIT ?`, encTime(now), limit)
	}
	return s.deliveries(ctx, query, encTime(now))
}

// ClaimDeliveries takes for owner, until `until`, at most limit pending
// rows due at now that no other sender holds, oldest first: only the
// claimant sends them, so two processes draining one outbox never send a
// row twice. Marking a row settles its claim; a sender that dies keeps
// its rows until the claim expires, then another sends them (once more,
// with the same alert id, which receivers use to drop duplicates).
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	out, err := s.deliveries(ctx, `UPDATE deliveries SET claimed_by = ?1, claimed_until = ?2
		WHERE id IN (SELECT id FROM deliveries
		             WHERE status = 'pending' AND next_attempt_at <= ?3 AND claimed_until <= ?3
		             ORDER BY created_at, id LIMIT ?4`+s.dialect.skipLocked()+`)
		RETURNING `+deliveryColumns, owner, encTime(until), encTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Deliveries lists the outbox rows with a status ("" for all), newest first.
func (s *Store) Deliveries(ctx context.Context, status string) ([]Delivery, error) {
	if status == "" {
		return s.deliveries(ctx, `SELECT `+deliveryColumns+` FROM deliveries ORDER BY created_at DESC, id DESC`)
	}
	return s.deliveries(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE status = ?
		ORDER BY created_at DESC, id DESC`, status)
}

func (s *Store) deliveries(ctx context.Context, query string, args ...any) ([]Delivery, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("store: deliveries: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	return out, nil
}

// Delivery is one outbox row by id; the error wraps ErrNotFound when absent.
func (s *Store) Delivery(ctx context.Context, id int64) (Delivery, error) {
	d, err := scanDelivery(s.db.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, fmt.Errorf("store: delivery %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("store: delivery %d: %w", id, err)
	}
	return d, nil
}

// MarkDelivered records a successful send (counting it as an attempt).
func (s *Store) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	return s.markPending(ctx, id, "mark delivered",
		`UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = '',
		 claimed_until = '' WHERE id = ? AND status = 'pending'`, encTime(at), id)
}

// MarkRetry records a failed attempt that will be tried again at next.
func (s *Store) MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	return s.markPending(ctx, id, "mark retry",
		`UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = ''
		 WHERE id = ? AND status = 'pending'`, attempts, encTime(next), lastErr, id)
}

// MarkFailed gives up on a delivery.
func (s *Store) MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error {
	return s.markPending(ctx, id, "mark failed",
		`UPDATE deliveries SET status = 'failed', attempts = ?, last_error = ?, claimed_until = ''
		 WHERE id = ? AND status = 'pending'`, attempts, lastErr, id)
}

// markPending runs an update that only applies to a pending row and says
// why when it did not apply.
func (s *Store) markPending(ctx context.Context, id int64, what, query string, args ...any) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 1 {
			return err
		}
		var status string
		err = tx.QueryRowContext(ctx, `SELECT status FROM deliveries WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("%w (it is %s)", ErrNotPending, status)
	})
	if err != nil {
		return fmt.Errorf("store: %s delivery %d: %w", what, id, err)
	}
	return nil
}
