package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Delivery states: pending → delivered, pending → failed, and pending →
// pending again (a retry) in between; failed → pending when an operator
// queues it again.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// ErrNotPending is wrapped when a delivery that is no longer pending is
// marked again (another sender got there first).
var ErrNotPending = errors.New("store: delivery is not pending")

// Delivery is one outbox row: an alert to send to one configured endpoint.
type Delivery struct {
	ID         int64
	AlertID    string // stable id of the alert, also the webhook-id
	DocumentID int64  // 0 for alerts about no document (tests)
	// Endpoint is the configured endpoint the row is for ("email",
	// "webhooks[1]", a configured name): the key the sender resolves
	// against the configuration of the day, so a corrected URL is used.
	Endpoint      string
	Channel       string // kind: "email", "webhook", "slack", …
	Target        string // where it was last meant to go: recipients or URL, never a secret
	Payload       []byte // JSON
	Status        string // pending|delivered|failed
	Attempts      int
	NextAttemptAt time.Time
	CreatedAt     time.Time
	QueuedAt      time.Time // CreatedAt, or when it was queued again; retries give up MaxAge after it
	DeliveredAt   time.Time
	LastError     string
	ClaimedBy     string // the process that last took the row to send it
}

const deliveryColumns = `id, alert_id, document_id, endpoint, channel, target, payload, status, attempts,
	next_attempt_at, created_at, queued_at, delivered_at, last_error, claimed_by`

func scanDelivery(r rowScanner) (Delivery, error) {
	var d Delivery
	var payload string
	err := r.Scan(&d.ID, &d.AlertID, idField{&d.DocumentID}, &d.Endpoint, &d.Channel, &d.Target, &payload, &d.Status,
		&d.Attempts, timeField{&d.NextAttemptAt}, timeField{&d.CreatedAt}, timeField{&d.QueuedAt},
		timeField{&d.DeliveredAt}, &d.LastError, &d.ClaimedBy)
	d.Payload = []byte(payload)
	return d, err
}

// insertDelivery adds an outbox row; a row without times is created at now
// and due at once, a row without status is pending, a row without an
// endpoint is keyed by its channel.
func insertDelivery(ctx context.Context, tx *sql.Tx, d Delivery, now time.Time) error {
	if d.AlertID == "" || d.Channel == "" || d.Target == "" {
		return fmt.Errorf("delivery %q on %s %q: alert id, channel and target are required", d.AlertID, d.Channel, d.Target)
	}
	if d.Endpoint == "" {
		d.Endpoint = d.Channel
	}
	if d.Status == "" {
		d.Status = DeliveryPending
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.QueuedAt.IsZero() {
		d.QueuedAt = d.CreatedAt
	}
	if d.NextAttemptAt.IsZero() {
		d.NextAttemptAt = d.CreatedAt
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO deliveries (alert_id, document_id, endpoint, channel, target, payload, status, attempts,
		 next_attempt_at, created_at, queued_at, delivered_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AlertID, nullID(d.DocumentID), d.Endpoint, d.Channel, d.Target, string(d.Payload), d.Status, d.Attempts,
		encTime(d.NextAttemptAt), encTime(d.CreatedAt), encTime(d.QueuedAt), encTime(d.DeliveredAt), d.LastError)
	if err != nil {
		return fmt.Errorf("insert delivery %s for %s: %w", d.AlertID, d.Endpoint, err)
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

// DueEndpoints lists the endpoints that have rows due at now and claimed
// by no sender, so that a sender can serve each on its own and a slow one
// holds up no other.
func (s *Store) DueEndpoints(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT endpoint FROM deliveries
		WHERE status = 'pending' AND next_attempt_at <= ?1 AND claimed_until <= ?1 ORDER BY endpoint`, encTime(now))
	if err != nil {
		return nil, fmt.Errorf("store: due endpoints: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("store: due endpoints: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: due endpoints: %w", err)
	}
	return out, nil
}

// DueDeliveries are the pending rows whose next attempt is due at now,
// oldest first: those of one endpoint, or of all when endpoint is "" (limit
// <= 0: all of them).
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, endpoint string, limit int) ([]Delivery, error) {
	query := `SELECT ` + deliveryColumns + ` FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?`
	args := []any{encTime(now)}
	if endpoint != "" {
		query += ` AND endpoint = ?`
		args = append(args, endpoint)
	}
	query += ` ORDER BY created_at, id`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	return s.deliveries(ctx, query, args...)
}

// ClaimDeliveries takes for owner, until `until`, at most limit pending
// rows due at now that no other sender holds, oldest first: only the
// claimant sends them, so two processes draining one outbox never send a
// row twice. Marking a row settles its claim; a sender that dies keeps
// its rows until the claim expires, then another sends them (once more,
// with the same alert id, which receivers use to drop duplicates).
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]Delivery, error) {
	return s.ClaimEndpointDeliveries(ctx, owner, "", now, until, limit)
}

// ClaimEndpointDeliveries is ClaimDeliveries for the rows of one endpoint
// ("" for all): a sender serves each endpoint on its own.
func (s *Store) ClaimEndpointDeliveries(ctx context.Context, owner, endpoint string, now, until time.Time, limit int) ([]Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	out, err := s.deliveries(ctx, `UPDATE deliveries SET claimed_by = ?1, claimed_until = ?2
		WHERE id IN (SELECT id FROM deliveries
		             WHERE status = 'pending' AND next_attempt_at <= ?3 AND claimed_until <= ?3
		               AND (?5 = '' OR endpoint = ?5)
		             ORDER BY created_at, id LIMIT ?4`+s.dialect.skipLocked()+`)
		RETURNING `+deliveryColumns, owner, encTime(until), encTime(now), limit, endpoint)
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

// HoldDelivery confirms, just before a send, that the row is still owner's
// to send, and moves its claim's expiry to until. It says false when the
// row was settled, released, or claimed by another sender since owner took
// it (owner's claim lapsed: a pause longer than the claim, renewals that
// did not get through): the other sender sends it, owner must not. A
// lapsed claim nobody took since is owner's again: a claim changes hands
// only by ClaimEndpointDeliveries, which names the new sender.
func (s *Store) HoldDelivery(ctx context.Context, id int64, owner string, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE deliveries SET claimed_until = ?
		WHERE id = ? AND claimed_by = ? AND status = 'pending' AND claimed_until != ''`, encTime(until), id, owner)
	if err != nil {
		return false, fmt.Errorf("store: hold delivery %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: hold delivery %d: %w", id, err)
	}
	return n == 1, nil
}

// ReleaseDeliveries gives back owner's claims on rows it took but did not
// attempt (its pass stopped early), so that they are due again at once
// rather than when the claim expires.
func (s *Store) ReleaseDeliveries(ctx context.Context, owner string, ids []int64) error {
	ids = slices.Sorted(slices.Values(ids)) // locked in id order, as RenewLeases does
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET claimed_until = ''
				WHERE id = ? AND claimed_by = ? AND status = 'pending'`, id, owner); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: release deliveries: %w", err)
	}
	return nil
}

// Deliveries lists the outbox rows with a status ("" for all), newest first.
func (s *Store) Deliveries(ctx context.Context, status string) ([]Delivery, error) {
	if status == "" {
		return s.deliveries(ctx, `SELECT `+deliveryColumns+` FROM deliveries ORDER BY created_at DESC, id DESC`)
	}
	return s.deliveries(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE status = ?
		ORDER BY created_at DESC, id DESC`, status)
}

// DeliveriesOfAlert lists the rows of one alert, one per endpoint.
func (s *Store) DeliveriesOfAlert(ctx context.Context, alertID string) ([]Delivery, error) {
	return s.deliveries(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE alert_id = ? ORDER BY id`, alertID)
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

// DeliveryCounts are the outbox gauges: rows waiting, rows waiting after
// at least one failed attempt, and rows given up on.
type DeliveryCounts struct {
	Pending, Retrying, Failed int
}

// CountDeliveries counts the rows that are not delivered, in one query.
func (s *Store) CountDeliveries(ctx context.Context) (DeliveryCounts, error) {
	var c DeliveryCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0)
		FROM deliveries WHERE status IN ('pending', 'failed')`).Scan(&c.Pending, &c.Retrying, &c.Failed)
	if err != nil {
		return DeliveryCounts{}, fmt.Errorf("store: count deliveries: %w", err)
	}
	return c, nil
}

// MarkDelivered records a successful send to target (counting it as an
// attempt).
func (s *Store) MarkDelivered(ctx context.Context, id int64, target string, at time.Time) error {
	return s.markPending(ctx, id, "mark delivered",
		`UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = '',
		 claimed_until = '', target = coalesce(nullif(?, ''), target) WHERE id = ? AND status = 'pending'`, encTime(at), target, id)
}

// MarkRetry records a failed attempt that will be tried again at next.
func (s *Store) MarkRetry(ctx context.Context, id int64, target string, attempts int, next time.Time, lastErr string) error {
	return s.markPending(ctx, id, "mark retry",
		`UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = '',
		 target = coalesce(nullif(?, ''), target) WHERE id = ? AND status = 'pending'`,
		attempts, encTime(next), lastErr, target, id)
}

// MarkFailed gives up on a delivery.
func (s *Store) MarkFailed(ctx context.Context, id int64, target string, attempts int, lastErr string) error {
	return s.markPending(ctx, id, "mark failed",
		`UPDATE deliveries SET status = 'failed', attempts = ?, last_error = ?, claimed_until = '',
		 target = coalesce(nullif(?, ''), target) WHERE id = ? AND status = 'pending'`,
		attempts, lastErr, target, id)
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

// Requeue is one row to queue again, aimed at the endpoint and target of
// the configuration of the day.
type Requeue struct {
	ID               int64
	Endpoint, Target string
	Channel          string
}

// RequeueDeliveries makes failed or pending rows due at now again, with a
// fresh retry budget, and switches their endpoints on again: the operator
// says the cause is fixed. Delivered rows are refused (they were
// received); all rows or none are queued.
func (s *Store) RequeueDeliveries(ctx context.Context, rs []Requeue, now time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			var clash int64
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE endpoint = ? AND id <> ?
				AND alert_id = (SELECT alert_id FROM deliveries WHERE id = ?)`, r.Endpoint, r.ID, r.ID).Scan(&clash)
			if err != nil {
				return fmt.Errorf("delivery %d: %w", r.ID, err)
			}
			if clash > 0 {
				return fmt.Errorf("delivery %d: its alert already has a row for endpoint %s", r.ID, r.Endpoint)
			}
			res, err := tx.ExecContext(ctx, `UPDATE deliveries SET status = 'pending', attempts = 0,
				next_attempt_at = ?, queued_at = ?, endpoint = ?, channel = ?, target = ?, claimed_until = ''
				WHERE id = ? AND status IN ('pending', 'failed')`,
				encTime(now), encTime(now), r.Endpoint, r.Channel, r.Target, r.ID)
			if err != nil {
				return fmt.Errorf("delivery %d: %w", r.ID, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				var status string
				err := tx.QueryRowContext(ctx, `SELECT status FROM deliveries WHERE id = ?`, r.ID).Scan(&status)
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("delivery %d: %w", r.ID, ErrNotFound)
				}
				if err != nil {
					return err
				}
				return fmt.Errorf("delivery %d is %s: nothing to send again", r.ID, status)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM disabled_endpoints WHERE endpoint = ?`, r.Endpoint); err != nil {
				return fmt.Errorf("enable endpoint %s: %w", r.Endpoint, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: queue deliveries again: %w", err)
	}
	return nil
}
