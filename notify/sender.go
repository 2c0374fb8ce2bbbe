package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Delivery is one outbox row: an alert to send on one channel target.
type Delivery struct {
	ID        int64
	AlertID   string
	Channel   string
	Target    string
	Payload   []byte // JSON of Message
	Attempts  int    // attempts made before this one
	CreatedAt time.Time
}

// Outbox is the part of the store the Sender needs, so notify does not
// depend on the store.
type Outbox interface {
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	MarkDelivered(ctx context.Context, id int64, at time.Time) error
	MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error
	MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error
}

// Sender delivers due outbox rows. A row is marked delivered only after
// Send succeeded; a permanent error fails it at once; anything else is
// retried with Backoff until the row is older than Backoff.MaxAge.
type Sender struct {
	Outbox    Outbox
	Notifiers map[string]Notifier // key: Key(Channel, Target)
	Backoff   Backoff
	Now       func() time.Time
	Logger    *slog.Logger
}

// batchSize bounds how many rows one query returns.
const batchSize = 100

// maxLastError bounds the error text kept on a row.
const maxLastError = 500

// Flush makes one pass over the rows due now. It stops at the first outbox
// error: carrying on could send alerts whose state cannot be recorded, and
// they would go out again on the next pass.
func (s *Sender) Flush(ctx context.Context) (delivered, failed int, err error) {
	if s.Outbox == nil {
		return 0, 0, errNoOutbox
	}
	now := s.now()
	seen := map[int64]bool{}
	for {
		rows, err := s.Outbox.DueDeliveries(ctx, now, batchSize)
		if err != nil {
			return delivered, failed, fmt.Errorf("notify: due deliveries: %w", err)
		}
		fresh := 0
		for _, d := range rows {
			if seen[d.ID] { // still due after being handled: never loop on it
				continue
			}
			seen[d.ID] = true
			fresh++
			if err := ctx.Err(); err != nil {
				return delivered, failed, fmt.Errorf("notify: flush: %w", err)
			}
			outcome, err := s.deliver(ctx, d)
			if err != nil {
				return delivered, failed, err
			}
			switch outcome {
			case outcomeDelivered:
				delivered++
			case outcomeFailed:
				failed++
			}
		}
		if len(rows) < batchSize || fresh == 0 {
			return delivered, failed, nil
		}
	}
}

// Run flushes at once and then every interval until ctx is done. Errors
// are logged: the rows stay in the outbox for the next pass.
func (s *Sender) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		delivered, failed, err := s.Flush(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger().Error("alert delivery pass failed", slog.Any("err", err))
		}
		if delivered+failed > 0 {
			s.logger().Info("alert delivery pass", slog.Int("delivered", delivered), slog.Int("failed", failed))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

type outcome int

const (
	outcomeDelivered outcome = iota
	outcomeRetry
	outcomeFailed
)

// deliver attempts one row and records the result. The returned error is
// an outbox error only; delivery errors are recorded on the row.
func (s *Sender) deliver(ctx context.Context, d Delivery) (outcome, error) {
	log := s.logger().With(slog.Int64("delivery", d.ID), slog.String("alert", d.AlertID),
		slog.String("channel", d.Channel), slog.String("target", d.Target))
	attempts := d.Attempts + 1

	n, ok := s.Notifiers[Key(d.Channel, d.Target)]
	if !ok {
		// The configuration changed since the alert was queued. Keep the row
		// (the channel may come back) and say so, until it ages out.
		err := fmt.Errorf("no %s notifier configured for %q", d.Channel, d.Target)
		log.Warn("alert has no configured channel", slog.Any("err", err))
		return s.retryOrFail(ctx, d, attempts, err, log)
	}

	var m Message
	if err := json.Unmarshal(d.Payload, &m); err != nil {
		err = fmt.Errorf("decode payload: %w", err)
		log.Error("alert payload is unreadable", slog.Any("err", err))
		return s.fail(ctx, d, attempts, err)
	}

	sendErr := n.Send(ctx, m)
	if sendErr == nil {
		if err := s.Outbox.MarkDelivered(ctx, d.ID, s.now()); err != nil {
			return outcomeDelivered, fmt.Errorf("notify: mark delivery %d delivered: %w", d.ID, err)
		}
		log.Info("alert delivered", slog.Int("attempts", attempts))
		return outcomeDelivered, nil
	}
	if ctx.Err() != nil {
		// Shutting down is not the receiver's fault: leave the row due,
		// without counting the attempt.
		return outcomeRetry, fmt.Errorf("notify: delivery %d interrupted: %w", d.ID, ctx.Err())
	}
	if IsPermanent(sendErr) {
		log.Error("alert delivery failed permanently", slog.Int("attempts", attempts), slog.Any("err", sendErr))
		return s.fail(ctx, d, attempts, sendErr)
	}
	log.Warn("alert delivery failed, will retry", slog.Int("attempts", attempts), slog.Any("err", sendErr))
	return s.retryOrFail(ctx, d, attempts, sendErr, log)
}

// retryOrFail schedules the next attempt, or fails the row once it is
// older than MaxAge. The next attempt never lands after the deadline, so a
// row gets one last try at MaxAge rather than being dropped early.
func (s *Sender) retryOrFail(ctx context.Context, d Delivery, attempts int, cause error, log *slog.Logger) (outcome, error) {
	b := s.Backoff.withDefaults()
	now := s.now()
	deadline := d.CreatedAt.Add(b.MaxAge)
	if !now.Before(deadline) {
		err := fmt.Errorf("gave up after %d attempts over %s: %w", attempts, b.MaxAge, cause)
		log.Error("alert delivery failed for good", slog.Any("err", err))
		return s.fail(ctx, d, attempts, err)
	}
	wait := b.Next(attempts, nil)
	if ra, ok := RetryAfter(cause); ok && ra > wait {
		wait = ra
	}
	next := now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	if err := s.Outbox.MarkRetry(ctx, d.ID, attempts, next, lastError(cause)); err != nil {
		return outcomeRetry, fmt.Errorf("notify: mark delivery %d for retry: %w", d.ID, err)
	}
	return outcomeRetry, nil
}

func (s *Sender) fail(ctx context.Context, d Delivery, attempts int, cause error) (outcome, error) {
	if err := s.Outbox.MarkFailed(ctx, d.ID, attempts, lastError(cause)); err != nil {
		return outcomeFailed, fmt.Errorf("notify: mark delivery %d failed: %w", d.ID, err)
	}
	return outcomeFailed, nil
}

func lastError(err error) string {
	msg := err.Error()
	if len(msg) > maxLastError {
		cut := maxLastError
		for cut > 0 && !isRuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// errNoOutbox guards against a Sender built without its store.
var errNoOutbox = errors.New("notify: sender has no outbox")
