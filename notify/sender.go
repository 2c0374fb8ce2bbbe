package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Delivery is one outbox row: an alert to send to one endpoint.
type Delivery struct {
	ID       int64
	AlertID  string
	Endpoint string // the configured endpoint's key
	Kind     string // its kind when queued: "email", "webhook", …
	Target   string // where it was last meant to go
	Payload  []byte // JSON of Message
	Attempts int    // attempts made before this one
	QueuedAt time.Time
}

// Disabled is an endpoint its receiver switched off.
type Disabled struct {
	Endpoint, Target, Reason string
	At                       time.Time
}

// Outbox is the part of the store the Sender needs, so notify does not
// depend on the store. A row handed out by DueDeliveries must not be
// handed to another sender until it is marked (or its claim expires):
// that is the store's promise, and what keeps two processes from sending
// one alert twice.
type Outbox interface {
	DueEndpoints(ctx context.Context, now time.Time) ([]string, error)
	DueDeliveries(ctx context.Context, now time.Time, endpoint string, limit int) ([]Delivery, error)
	MarkDelivered(ctx context.Context, id int64, target string, at time.Time) error
	MarkRetry(ctx context.Context, id int64, target string, attempts int, next time.Time, lastErr string) error
	MarkFailed(ctx context.Context, id int64, target string, attempts int, lastErr string) error
	DisabledEndpoints(ctx context.Context) ([]Disabled, error)
	DisableEndpoint(ctx context.Context, d Disabled) error
	EnableEndpoint(ctx context.Context, endpoint string) error
	// Release hands back rows taken by DueDeliveries but not attempted (a
	// pass stopped early), so that they are due again at once.
	Release(ctx context.Context, ids []int64) error
}

// Holder is implemented by an outbox that several processes drain, whose
// claims on rows can lapse (a process paused, renewals that did not get
// through) and pass to another sender. Hold is asked just before each send:
// ok false means the row is no longer this sender's and is left alone
// (another sends it); otherwise the claim lasts until `until`, and the send
// is cut off then, so that it never runs on once another may have the row.
type Holder interface {
	Hold(ctx context.Context, id int64) (until time.Time, ok bool, err error)
}

// outcomeLost is a row whose claim passed to another sender: not an
// attempt, not counted.
const outcomeLost = "lost"

// Attempt outcomes, as counted by Sender.Observe.
const (
	OutcomeDelivered = "delivered"
	OutcomeRetry     = "retry"
	OutcomeFailed    = "failed"
)

// Sender delivers due outbox rows, each endpoint on its own: a slow or
// broken endpoint delays only its own alerts. A row is marked delivered
// only after Send succeeded; a permanent error fails it at once; anything
// else is retried with Backoff until MaxAge after it was queued.
type Sender struct {
	outbox  Outbox
	backoff Backoff
	now     func() time.Time
	log     *slog.Logger
	observe func(kind, outcome string)

	mu        sync.Mutex
	endpoints map[string]Endpoint
	busy      map[string]bool // endpoints with a pass under way
	wg        sync.WaitGroup
}

// SenderOptions tune a Sender; zero values are fine.
type SenderOptions struct {
	Backoff Backoff
	Now     func() time.Time
	Logger  *slog.Logger
	// Observe is told the outcome of every attempt (for /metrics).
	Observe func(kind, outcome string)
}

// NewSender delivers the outbox to the endpoints, keyed as the rows name
// them.
func NewSender(o Outbox, endpoints map[string]Endpoint, opt SenderOptions) *Sender {
	s := &Sender{outbox: o, backoff: opt.Backoff, now: opt.Now, log: opt.Logger, observe: opt.Observe,
		endpoints: endpoints, busy: map[string]bool{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.observe == nil {
		s.observe = func(string, string) {}
	}
	return s
}

// SetEndpoints replaces the endpoints (a reloaded configuration): rows
// still waiting go to the endpoints of the day.
func (s *Sender) SetEndpoints(endpoints map[string]Endpoint) {
	s.mu.Lock()
	s.endpoints = endpoints
	s.mu.Unlock()
}

// Result counts what a pass did.
type Result struct {
	Delivered, Retried, Failed int
}

// batchSize bounds how many rows one query returns.
const batchSize = 100

// maxLastError bounds the error text kept on a row.
const maxLastError = 2000

// Flush makes one pass over the rows due now, every endpoint at once, and
// waits for it. Endpoints still busy with an earlier pass are left to it.
// An outbox error stops that endpoint's pass (carrying on could send alerts
// whose state cannot be recorded, and they would go out again) and is
// returned; the other endpoints go on.
func (s *Sender) Flush(ctx context.Context) (Result, error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var res Result
	var errs []error
	err := s.dispatch(ctx, &wg, func(r Result, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Delivered += r.Delivered
		res.Retried += r.Retried
		res.Failed += r.Failed
		if err != nil {
			errs = append(errs, err)
		}
	})
	wg.Wait()
	if err != nil {
		errs = append([]error{err}, errs...)
	}
	return res, errors.Join(errs...)
}

// Run passes over the outbox at once, then every interval and whenever
// wake receives, until ctx is done; it does not wait for a busy endpoint
// to start serving the others. It returns once every pass has stopped.
func (s *Sender) Run(ctx context.Context, every time.Duration, wake <-chan struct{}) {
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	report := func(r Result, err error) {
		if err != nil && ctx.Err() == nil {
			s.log.Error("alert delivery pass failed", slog.Any("err", err))
		}
		if r.Delivered+r.Failed > 0 {
			s.log.Info("alert delivery pass", slog.Int("delivered", r.Delivered), slog.Int("failed", r.Failed), slog.Int("retried", r.Retried))
		}
	}
	for {
		if err := s.dispatch(ctx, &wg, report); err != nil && ctx.Err() == nil {
			s.log.Error("alert delivery", slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// dispatch starts a pass for every endpoint with due rows that is not
// already in one; done is called as each ends.
func (s *Sender) dispatch(ctx context.Context, wg *sync.WaitGroup, done func(Result, error)) error {
	now := s.now()
	keys, err := s.outbox.DueEndpoints(ctx, now)
	if err != nil || len(keys) == 0 {
		return wrapOutbox("due endpoints", err)
	}
	disabled, err := s.outbox.DisabledEndpoints(ctx)
	if err != nil {
		return wrapOutbox("disabled endpoints", err)
	}
	off := make(map[string]Disabled, len(disabled))
	for _, d := range disabled {
		off[d.Endpoint] = d
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range keys {
		if s.busy[key] {
			continue
		}
		s.busy[key] = true
		ep, known := s.endpoints[key]
		e := &endpointPass{s: s, key: key, ep: ep, known: known, now: now}
		if d, ok := off[key]; ok {
			e.disabled = &d
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.run(ctx)
			s.mu.Lock()
			delete(s.busy, key)
			s.mu.Unlock()
			done(r, err)
		}()
	}
	return nil
}

func wrapOutbox(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("notify: %s: %w", what, err)
}

// endpointPass delivers one endpoint's due rows, oldest first.
type endpointPass struct {
	s        *Sender
	key      string
	ep       Endpoint
	known    bool
	disabled *Disabled
	now      time.Time
	res      Result
}

func (e *endpointPass) run(ctx context.Context) (Result, error) {
	seen := map[int64]bool{}
	for {
		rows, err := e.s.outbox.DueDeliveries(ctx, e.now, e.key, batchSize)
		if err != nil {
			return e.res, wrapOutbox("due deliveries of "+e.key, err)
		}
		fresh := 0
		for i, d := range rows {
			if seen[d.ID] { // still due after being handled: never loop on it
				continue
			}
			seen[d.ID] = true
			fresh++
			if err := ctx.Err(); err != nil {
				return e.res, errors.Join(fmt.Errorf("notify: flush: %w", err), e.release(ctx, rows[i:]))
			}
			o, err := e.deliver(ctx, d)
			if err != nil {
				return e.res, errors.Join(err, e.release(ctx, rows[i+1:]))
			}
			switch o {
			case OutcomeDelivered:
				e.res.Delivered++
			case OutcomeFailed:
				e.res.Failed++
			case OutcomeRetry:
				// The endpoint is down or pushing back: its other rows
				// would only wait for the same timeout. They are tried on
				// the next pass, one at a time until it answers again.
				e.res.Retried++
				return e.res, e.release(ctx, rows[i+1:])
			case outcomeLost:
				// The claims of this batch lapsed together: another
				// sender has the rest, or will.
				return e.res, e.release(ctx, rows[i+1:])
			}
		}
		if len(rows) < batchSize || fresh == 0 {
			return e.res, nil
		}
	}
}

// release hands back rows not attempted, even while shutting down.
func (e *endpointPass) release(ctx context.Context, rows []Delivery) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, d := range rows {
		ids[i] = d.ID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return wrapOutbox("release deliveries", e.s.outbox.Release(ctx, ids))
}

// deliver attempts one row and records the result. The returned error is
// an outbox error only; delivery errors are recorded on the row.
func (e *endpointPass) deliver(ctx context.Context, d Delivery) (string, error) {
	s := e.s
	log := s.log.With(slog.Int64("delivery", d.ID), slog.String("alert", d.AlertID), slog.String("endpoint", d.Endpoint))
	attempts := d.Attempts + 1
	kind := d.Kind

	m, err := Decode(d.Payload)
	if err != nil {
		log.Error("alert payload is unreadable", slog.Any("err", err))
		return e.fail(ctx, d, kind, d.Target, attempts, err, log)
	}
	switch {
	case !e.known:
		// The configuration changed since the alert was queued. Keep the
		// row (the endpoint may come back, or `tracker alerts retry` aims
		// it at another) until it ages out.
		err := fmt.Errorf("endpoint %s is not in the configuration (any more): add it back, or run `tracker alerts retry %d` to send the alert to the endpoints configured now", d.Endpoint, d.ID)
		return e.retryOrFail(ctx, d, kind, d.Target, attempts, err, log)
	case e.ep.Notifier == nil:
		err := fmt.Errorf("endpoint %s cannot send: %w", d.Endpoint, e.ep.Err)
		return e.retryOrFail(ctx, d, e.ep.Kind, d.Target, attempts, err, log)
	}
	n := e.ep.Notifier
	kind, target := n.Kind(), n.Target(m)
	log = log.With(slog.String("target", target))
	if off := e.disabled; off != nil {
		if off.Target == target {
			err := fmt.Errorf("endpoint %s is disabled: %s answered %s on %s; correct its URL in the configuration, or run `tracker alerts retry %d` once the receiver is back",
				d.Endpoint, target, off.Reason, off.At.UTC().Format(time.RFC3339), d.ID)
			return e.fail(ctx, d, kind, target, attempts, err, log)
		}
		// The configuration names another target now: that is the fix.
		if err := s.outbox.EnableEndpoint(ctx, d.Endpoint); err != nil {
			return OutcomeRetry, wrapOutbox("enable endpoint "+d.Endpoint, err)
		}
		log.Info("endpoint enabled again: its target changed", slog.String("was", off.Target))
		e.disabled = nil
	}

	sendCtx := ctx
	if h, ok := s.outbox.(Holder); ok {
		until, held, err := h.Hold(ctx, d.ID)
		if err != nil {
			return OutcomeRetry, wrapOutbox(fmt.Sprintf("hold delivery %d", d.ID), err)
		}
		if !held {
			log.Warn("alert not sent: its claim lapsed and another process took it")
			return outcomeLost, nil
		}
		var cancel context.CancelFunc
		sendCtx, cancel = context.WithTimeout(ctx, until.Sub(s.now()))
		defer cancel()
	}
	sendErr := n.Send(sendCtx, m)
	if sendErr == nil {
		if err := s.outbox.MarkDelivered(ctx, d.ID, target, s.now()); err != nil {
			return OutcomeDelivered, wrapOutbox(fmt.Sprintf("mark delivery %d delivered", d.ID), err)
		}
		s.observe(kind, OutcomeDelivered)
		log.Info("alert delivered", slog.Int("attempts", attempts))
		return OutcomeDelivered, nil
	}
	if ctx.Err() != nil {
		// Shutting down is not the receiver's fault: leave the row due,
		// without counting the attempt.
		return OutcomeRetry, fmt.Errorf("notify: delivery %d interrupted: %w", d.ID, ctx.Err())
	}
	if IsGone(sendErr) {
		log.Error("endpoint gone: disabled until its target changes or its alerts are queued again", slog.Any("err", sendErr))
		if err := s.outbox.DisableEndpoint(ctx, Disabled{Endpoint: d.Endpoint, Target: target, Reason: goneReason, At: s.now()}); err != nil {
			return OutcomeFailed, wrapOutbox("disable endpoint "+d.Endpoint, err)
		}
		e.disabled = &Disabled{Endpoint: d.Endpoint, Target: target, Reason: goneReason, At: s.now()}
		return e.fail(ctx, d, kind, target, attempts, fmt.Errorf("%w; endpoint %s disabled", sendErr, d.Endpoint), log)
	}
	if IsPermanent(sendErr) {
		log.Error("alert delivery failed permanently", slog.Int("attempts", attempts), slog.Any("err", sendErr))
		return e.fail(ctx, d, kind, target, attempts, sendErr, log)
	}
	log.Warn("alert delivery failed, will retry", slog.Int("attempts", attempts), slog.Any("err", sendErr))
	return e.retryOrFail(ctx, d, kind, target, attempts, sendErr, log)
}

const goneReason = "410 Gone"

// retryOrFail schedules the next attempt, or fails the row once it was
// queued more than MaxAge ago. The next attempt never lands after the
// deadline, so a row gets one last try at MaxAge rather than being dropped
// early.
func (e *endpointPass) retryOrFail(ctx context.Context, d Delivery, kind, target string, attempts int, cause error, log *slog.Logger) (string, error) {
	s := e.s
	b := s.backoff.withDefaults()
	now := s.now()
	deadline := d.QueuedAt.Add(b.MaxAge)
	if !now.Before(deadline) {
		err := fmt.Errorf("gave up after %d attempts over %s: %w", attempts, b.MaxAge, cause)
		log.Error("alert delivery failed for good", slog.Any("err", err))
		return e.fail(ctx, d, kind, target, attempts, err, log)
	}
	wait := b.Next(attempts, nil)
	if ra, ok := RetryAfter(cause); ok && ra > wait {
		wait = ra
	}
	next := now.Add(wait)
	if next.After(deadline) {
		next = deadline
	}
	if err := s.outbox.MarkRetry(ctx, d.ID, target, attempts, next, lastError(cause)); err != nil {
		return OutcomeRetry, wrapOutbox(fmt.Sprintf("mark delivery %d for retry", d.ID), err)
	}
	s.observe(kindOr(kind, d.Kind), OutcomeRetry)
	return OutcomeRetry, nil
}

func (e *endpointPass) fail(ctx context.Context, d Delivery, kind, target string, attempts int, cause error, log *slog.Logger) (string, error) {
	if err := e.s.outbox.MarkFailed(ctx, d.ID, target, attempts, lastError(cause)); err != nil {
		return OutcomeFailed, wrapOutbox(fmt.Sprintf("mark delivery %d failed", d.ID), err)
	}
	e.s.observe(kindOr(kind, d.Kind), OutcomeFailed)
	log.Debug("alert marked failed", slog.Int("attempts", attempts))
	return OutcomeFailed, nil
}

func kindOr(kind, fallback string) string {
	if kind != "" {
		return kind
	}
	return fallback
}

// lastError is the error kept on a row: whole, unless a receiver sent a
// novel (the status code comes first in our messages, so a cut loses the
// least useful part).
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
