package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/store"
)

// Sender delivers the outbox to the configured endpoints.
func (a *App) Sender(getenv func(string) string) (*notify.Sender, error) {
	eps, err := a.Endpoints(getenv)
	if err != nil {
		return nil, err
	}
	return notify.NewSender(outbox{a.store, a.owner, a.lease, a.now}, eps, notify.SenderOptions{
		Now: a.now, Logger: a.log.With(slog.String("component", "notify")), Observe: a.metrics.attempt,
	}), nil
}

// FlushAlerts sends what is due in the outbox, once, every endpoint on its
// own. Result.Failed counts the alerts that failed for good in this pass.
func (a *App) FlushAlerts(ctx context.Context, getenv func(string) string) (notify.Result, error) {
	eps, err := a.store.DueEndpoints(ctx, a.now())
	if err != nil || len(eps) == 0 {
		return notify.Result{}, err
	}
	s, err := a.Sender(getenv)
	if err != nil {
		return notify.Result{}, err
	}
	renew, stop := context.WithCancel(ctx)
	defer stop()
	go a.renewLeases(renew) // keeps the claims on the rows being sent
	return s.Flush(ctx)
}

// RetryError is a row that cannot be queued again as asked.
type RetryError struct{ Msg string }

func (e *RetryError) Error() string { return e.Msg }

// RetryAlerts queues outbox rows again — the given row ids or alert ids
// ("msg_…"), or every failed row — aimed at the endpoints configured now:
// a corrected URL or recipient list is used, an endpoint disabled by a 410
// is switched on again, and the retry budget starts afresh. It returns the
// rows queued; the caller flushes them.
func (a *App) RetryAlerts(ctx context.Context, refs []string, failed bool, getenv func(string) string) ([]store.Delivery, error) {
	eps, err := a.Endpoints(getenv)
	if err != nil {
		return nil, err
	}
	rows, err := a.rowsToRetry(ctx, refs, failed)
	if err != nil {
		return nil, err
	}
	reqs := make([]store.Requeue, 0, len(rows))
	for i, d := range rows {
		key, ep, err := retarget(d, eps)
		if err != nil {
			return nil, err
		}
		target := d.Target
		if ep.Notifier != nil {
			if m, err := notify.Decode(d.Payload); err == nil {
				target = ep.Notifier.Target(m)
			}
		}
		reqs = append(reqs, store.Requeue{ID: d.ID, Endpoint: key, Channel: ep.Kind, Target: target})
		rows[i].Endpoint, rows[i].Channel, rows[i].Target = key, ep.Kind, target
	}
	if err := a.store.RequeueDeliveries(ctx, reqs, a.now()); err != nil {
		return nil, err
	}
	return rows, nil
}

func (a *App) rowsToRetry(ctx context.Context, refs []string, failed bool) ([]store.Delivery, error) {
	if failed {
		if len(refs) > 0 {
			return nil, &RetryError{"give row ids, alert ids or --failed, not both"}
		}
		return a.store.Deliveries(ctx, store.DeliveryFailed)
	}
	if len(refs) == 0 {
		return nil, &RetryError{"name the alerts to send again (row ids or msg_… alert ids, as `tracker alerts list` shows them), or --failed for every failed one"}
	}
	var rows []store.Delivery
	seen := map[int64]bool{}
	for _, ref := range refs {
		var ds []store.Delivery
		if strings.HasPrefix(ref, "msg_") {
			all, err := a.store.DeliveriesOfAlert(ctx, ref)
			if err != nil {
				return nil, err
			}
			for _, d := range all {
				if d.Status != store.DeliveryDelivered {
					ds = append(ds, d)
				}
			}
			if len(all) == 0 {
				return nil, &RetryError{fmt.Sprintf("no alert %s in the outbox", ref)}
			}
		} else {
			id, err := strconv.ParseInt(ref, 10, 64)
			if err != nil {
				return nil, &RetryError{fmt.Sprintf("%q is neither a row id nor an alert id (msg_…)", ref)}
			}
			d, err := a.store.Delivery(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				return nil, &RetryError{fmt.Sprintf("no alert row %d in the outbox", id)}
			}
			if err != nil {
				return nil, err
			}
			if d.Status == store.DeliveryDelivered {
				return nil, &RetryError{fmt.Sprintf("alert row %d was delivered to %s on %s: nothing to send again", id, d.Target, d.DeliveredAt.UTC().Format("2006-01-02 15:04 UTC"))}
			}
			ds = []store.Delivery{d}
		}
		for _, d := range ds {
			if !seen[d.ID] {
				seen[d.ID] = true
				rows = append(rows, d)
			}
		}
	}
	return rows, nil
}

// retarget finds the endpoint configured now for a row: the same key, the
// endpoint now holding the URL a row of an older tracker was for, or the
// only endpoint of the row's kind (the URL was corrected).
func retarget(d store.Delivery, eps map[string]notify.Endpoint) (string, notify.Endpoint, error) {
	if ep, ok := eps[d.Endpoint]; ok && !strings.HasPrefix(d.Endpoint, legacyPrefix) {
		return d.Endpoint, ep, nil
	}
	var sameKind []string
	for key, ep := range eps {
		if ep.Kind == d.Channel && !strings.HasPrefix(key, legacyPrefix) {
			sameKind = append(sameKind, key)
		}
	}
	sort.Strings(sameKind)
	if alias, ok := eps[d.Endpoint]; ok {
		for _, key := range sameKind {
			if ep := eps[key]; ep.Notifier == alias.Notifier && ep.Err == alias.Err {
				return key, alias, nil
			}
		}
	}
	if len(sameKind) == 1 {
		return sameKind[0], eps[sameKind[0]], nil
	}
	if len(sameKind) == 0 {
		return "", notify.Endpoint{}, &RetryError{fmt.Sprintf("alert row %d was for %s %s, and no %s endpoint is configured now", d.ID, d.Channel, d.Endpoint, d.Channel)}
	}
	return "", notify.Endpoint{}, &RetryError{fmt.Sprintf("alert row %d was for %s, which is not configured any more, and %d %s endpoints are (%s): name it again in the configuration",
		d.ID, d.Endpoint, len(sameKind), d.Channel, strings.Join(sameKind, ", "))}
}

// outbox adapts the store's delivery rows to notify's small interface, so
// that notify does not know the store; rows are claimed in owner's name.
type outbox struct {
	s     *store.Store
	owner string
	// claim is how long a claimed row is this process's to send; the claim
	// is renewed with the process's leases while it runs (see renewLeases)
	// and confirmed before each send (Hold), so a row is sent twice only if
	// its sender died in the middle of sending it.
	claim time.Duration
	now   func() time.Time
}

func (o outbox) DueEndpoints(ctx context.Context, now time.Time) ([]string, error) {
	return o.s.DueEndpoints(ctx, now)
}

func (o outbox) DueDeliveries(ctx context.Context, now time.Time, endpoint string, limit int) ([]notify.Delivery, error) {
	// Claimed, not just read: another process draining the same outbox
	// never gets these rows while this one sends them.
	// The claim runs from now, not from `now`, the start of the pass: a
	// later batch of a long pass would be claimed already expired, free
	// for another process to send too.
	rows, err := o.s.ClaimEndpointDeliveries(ctx, o.owner, endpoint, now, o.now().Add(o.claim), limit)
	if err != nil {
		return nil, err
	}
	out := make([]notify.Delivery, len(rows))
	for i, r := range rows {
		out[i] = notify.Delivery{ID: r.ID, AlertID: r.AlertID, Endpoint: r.Endpoint, Kind: r.Channel, Target: r.Target,
			Payload: r.Payload, Attempts: r.Attempts, QueuedAt: r.QueuedAt}
	}
	return out, nil
}

// Hold makes sure a row is still this process's just before it is sent,
// and gives the send a claim's length.
func (o outbox) Hold(ctx context.Context, id int64) (time.Time, bool, error) {
	until := o.now().Add(o.claim)
	ok, err := o.s.HoldDelivery(ctx, id, o.owner, until)
	return until, ok, err
}

// Release hands back rows claimed but not attempted.
func (o outbox) Release(ctx context.Context, ids []int64) error {
	return o.s.ReleaseDeliveries(ctx, o.owner, ids)
}

// A row that is no longer pending was settled by another sender (a crawl
// and the daemon flushing at once); that is not an error of this pass.

func (o outbox) MarkDelivered(ctx context.Context, id int64, target string, at time.Time) error {
	return settled(o.s.MarkDelivered(ctx, id, target, at))
}

func (o outbox) MarkRetry(ctx context.Context, id int64, target string, attempts int, next time.Time, lastErr string) error {
	return settled(o.s.MarkRetry(ctx, id, target, attempts, next, lastErr))
}

func (o outbox) MarkFailed(ctx context.Context, id int64, target string, attempts int, lastErr string) error {
	return settled(o.s.MarkFailed(ctx, id, target, attempts, lastErr))
}

func (o outbox) DisabledEndpoints(ctx context.Context) ([]notify.Disabled, error) {
	ds, err := o.s.DisabledEndpoints(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]notify.Disabled, len(ds))
	for i, d := range ds {
		out[i] = notify.Disabled{Endpoint: d.Endpoint, Target: d.Target, Reason: d.Reason, At: d.DisabledAt}
	}
	return out, nil
}

func (o outbox) DisableEndpoint(ctx context.Context, d notify.Disabled) error {
	return o.s.DisableEndpoint(ctx, store.DisabledEndpoint{Endpoint: d.Endpoint, Target: d.Target, Reason: d.Reason, DisabledAt: d.At})
}

func (o outbox) EnableEndpoint(ctx context.Context, endpoint string) error {
	return o.s.EnableEndpoint(ctx, endpoint)
}

func settled(err error) error {
	if errors.Is(err, store.ErrNotPending) {
		return nil
	}
	return err
}

// TestResult is the outcome of a test alert on one endpoint.
type TestResult struct {
	Endpoint, Kind, Target string
	Err                    error
}

// ErrNoChannels means the configuration has no alert endpoint.
var ErrNoChannels = errors.New("no alert channels configured: add alerts.email or alerts.webhooks to the configuration")

// TestAlerts sends a test.ping on every configured endpoint (or those of
// one kind), directly rather than through the outbox, so the user sees at
// once whether delivery works.
func (a *App) TestAlerts(ctx context.Context, kind string, getenv func(string) string) ([]TestResult, error) {
	eps, err := a.Endpoints(getenv)
	if err != nil {
		return nil, err
	}
	msg := notify.Ping(newAlertID(), a.now())
	var out []TestResult
	for _, key := range sortedKeys(eps) {
		ep := eps[key]
		if strings.HasPrefix(key, legacyPrefix) || (kind != "" && ep.Kind != kind) {
			continue
		}
		r := TestResult{Endpoint: key, Kind: ep.Kind}
		if ep.Notifier == nil {
			r.Err = ep.Err
		} else {
			r.Target = ep.Notifier.Target(msg)
			r.Err = ep.Notifier.Send(ctx, msg)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, ErrNoChannels
	}
	return out, nil
}

// OutboxState reads the outbox gauges.
func (a *App) OutboxState(ctx context.Context) (Outbox, error) {
	c, err := a.store.CountDeliveries(ctx)
	if err != nil {
		return Outbox{}, err
	}
	off, err := a.store.DisabledEndpoints(ctx)
	if err != nil {
		return Outbox{}, err
	}
	return Outbox{Pending: c.Pending, Retrying: c.Retrying, Failed: c.Failed, Disabled: len(off)}, nil
}

// logBrokenEndpoints says at start and on reload which endpoints cannot
// send (a secret not set): their alerts wait, the others go out.
func (a *App) logBrokenEndpoints(getenv func(string) string, log *slog.Logger) {
	eps, err := a.Endpoints(getenv)
	if err != nil {
		return // reported by the caller
	}
	for _, key := range sortedKeys(eps) {
		if ep := eps[key]; ep.Notifier == nil && !strings.HasPrefix(key, legacyPrefix) {
			log.Error("alert endpoint cannot send; its alerts wait, the other endpoints deliver",
				slog.String("endpoint", key), slog.String("error", ep.Err.Error()))
		}
	}
}
