package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/email"
	"github.com/tracker-dev/tracker/notify/webhook"
	"github.com/tracker-dev/tracker/store"
)

// minSeverity is the alert threshold for a vendor: its own, else the global.
func (a *App) minSeverity(v config.Vendor) classify.Severity {
	s := a.cfg.Alerts.MinSeverity
	if v.Alerts.MinSeverity != "" {
		s = v.Alerts.MinSeverity
	}
	sev, err := classify.ParseSeverity(s)
	if err != nil { // validated when the configuration was read
		return classify.Medium
	}
	return sev
}

// channel is one place an alert goes: an e-mail recipient list or a webhook.
type channel struct{ name, target string }

func (a *App) channels(v config.Vendor) []channel {
	var out []channel
	if e := a.cfg.Alerts.Email; e != nil {
		to := e.To
		if len(v.Alerts.To) > 0 {
			to = v.Alerts.To
		}
		out = append(out, channel{"email", strings.Join(to, ", ")})
	}
	for _, w := range a.cfg.Alerts.Webhooks {
		out = append(out, channel{"webhook", w.URL})
	}
	return out
}

// alertsFor returns the outbox rows for a change, built once the new
// version's id is known, inside the transaction that stores the version: an
// alert is never lost between the two, and never sent for a version that
// was not stored.
func (a *App) alertsFor(t Target, from store.Version, report classify.Report) func(store.Version) ([]store.Delivery, error) {
	chans := a.channels(t.Vendor)
	if len(chans) == 0 || report.Summary.MaxSeverity < a.minSeverity(t.Vendor) {
		return nil
	}
	return func(to store.Version) ([]store.Delivery, error) {
		msg := notify.Message{
			Type: "document.changed", ID: newAlertID(),
			Vendor:      notify.Vendor{ID: t.Vendor.ID, Name: t.Vendor.Name},
			Document:    notify.DocumentRef{Type: t.Doc.Type, URL: t.Doc.URL},
			FromVersion: from.ID, ToVersion: to.ID,
			FromTime: from.CapturedAt, ToTime: to.CapturedAt,
			DetectedAt: a.now().UTC(), Summary: report.Summary, Changes: report.Changes,
			DiffCommand: fmt.Sprintf("tracker diff %s --doc %s --from %d --to %d", t.Vendor.ID, t.Doc.Type, from.ID, to.ID),
		}
		payload, err := json.Marshal(msg)
		if err != nil {
			return nil, fmt.Errorf("encode alert: %w", err)
		}
		ds := make([]store.Delivery, len(chans))
		for i, c := range chans {
			ds[i] = store.Delivery{
				AlertID: msg.ID, DocumentID: t.Stored.ID, Channel: c.name, Target: c.target,
				Payload: payload, Status: "pending", NextAttemptAt: msg.DetectedAt, CreatedAt: msg.DetectedAt,
			}
		}
		return ds, nil
	}
}

func newAlertID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "msg_" + hex.EncodeToString(b[:])
}

// Notifiers builds every configured channel, keyed as notify.Sender expects.
// Secrets are read from the environment here; a missing one is named, never
// shown.
func (a *App) Notifiers(getenv func(string) string) (map[string]notify.Notifier, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	out := map[string]notify.Notifier{}
	if e := a.cfg.Alerts.Email; e != nil {
		password := ""
		if e.PasswordEnv != "" {
			password = getenv(e.PasswordEnv)
			if password == "" {
				return nil, fmt.Errorf("alerts.email.password_env: environment variable %s is not set", e.PasswordEnv)
			}
		}
		lists := [][]string{e.To}
		for _, v := range a.cfg.Vendors {
			if len(v.Alerts.To) > 0 {
				lists = append(lists, v.Alerts.To)
			}
		}
		for _, to := range lists {
			n, err := email.New(email.Config{
				Host: e.Host, Port: e.Port, TLS: e.TLS, Username: e.Username, Password: password,
				From: e.From, To: to, Timeout: a.cfg.Timeout,
			})
			if err != nil {
				return nil, fmt.Errorf("alerts.email: %w", err)
			}
			out[notifierKey(n)] = n
		}
	}
	for i, w := range a.cfg.Alerts.Webhooks {
		secret := getenv(w.SecretEnv)
		if secret == "" {
			return nil, fmt.Errorf("alerts.webhooks[%d].secret_env: environment variable %s is not set", i, w.SecretEnv)
		}
		n, err := webhook.New(webhook.Config{URL: w.URL, Secret: secret, Timeout: a.cfg.Timeout, UserAgent: a.cfg.UserAgent})
		if err != nil {
			return nil, fmt.Errorf("alerts.webhooks[%d] (%s, secret from %s): %w", i, w.URL, w.SecretEnv, err)
		}
		out[notifierKey(n)] = n
	}
	return out, nil
}

func notifierKey(n notify.Notifier) string { return n.Channel() + "\x00" + n.Target() }

// Sender delivers the outbox with the configured channels.
func (a *App) Sender(getenv func(string) string) (*notify.Sender, error) {
	ns, err := a.Notifiers(getenv)
	if err != nil {
		return nil, err
	}
	return &notify.Sender{Outbox: outbox{a.store, a.owner, a.lease}, Notifiers: ns, Backoff: notify.Backoff{}, Now: a.now, Logger: a.log.With(slog.String("component", "notify"))}, nil
}

// FlushAlerts sends what is due in the outbox, once.
func (a *App) FlushAlerts(ctx context.Context, getenv func(string) string) (delivered, failed int, err error) {
	due, err := a.store.DueDeliveries(ctx, a.now(), 1)
	if err != nil || len(due) == 0 {
		return 0, 0, err
	}
	s, err := a.Sender(getenv)
	if err != nil {
		return 0, 0, err
	}
	renew, stop := context.WithCancel(ctx)
	defer stop()
	go a.renewLeases(renew) // keeps the claims on the rows being sent
	return s.Flush(ctx)
}

// outbox adapts the store's delivery rows to notify's small interface, so
// that notify does not know the store; rows are claimed in owner's name.
type outbox struct {
	s     *store.Store
	owner string
	// claim is how long a claimed row is this process's to send; the claim
	// is renewed with the process's leases while it runs (see renewLeases),
	// so a row is sent twice only if its sender died in the middle.
	claim time.Duration
}

func (o outbox) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]notify.Delivery, error) {
	// Claimed, not just read: another process draining the same outbox
	// never gets these rows while this one sends them.
	rows, err := o.s.ClaimDeliveries(ctx, o.owner, now, now.Add(o.claim), limit)
	if err != nil {
		return nil, err
	}
	out := make([]notify.Delivery, len(rows))
	for i, r := range rows {
		out[i] = notify.Delivery{ID: r.ID, AlertID: r.AlertID, Channel: r.Channel, Target: r.Target, Payload: r.Payload, Attempts: r.Attempts, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// A row that is no longer pending was settled by another sender (a crawl
// and the daemon flushing at once); that is not an error of this pass.

func (o outbox) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	return settled(o.s.MarkDelivered(ctx, id, at))
}

func (o outbox) MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string) error {
	return settled(o.s.MarkRetry(ctx, id, attempts, next, lastErr))
}

func (o outbox) MarkFailed(ctx context.Context, id int64, attempts int, lastErr string) error {
	return settled(o.s.MarkFailed(ctx, id, attempts, lastErr))
}

func settled(err error) error {
	if errors.Is(err, store.ErrNotPending) {
		return nil
	}
	return err
}

// TestResult is the outcome of a test alert on one channel.
type TestResult struct {
	Channel, Target string
	Err             error
}

// ErrNoChannels means the configuration has no alert channel.
var ErrNoChannels = errors.New("no alert channels configured: add alerts.email or alerts.webhooks to the configuration")

// TestAlerts sends a test message on every configured channel (or only
// those named), directly rather than through the outbox, so the user sees
// at once whether delivery works.
func (a *App) TestAlerts(ctx context.Context, only string, getenv func(string) string) ([]TestResult, error) {
	ns, err := a.Notifiers(getenv)
	if err != nil {
		return nil, err
	}
	now := a.now().UTC()
	msg := notify.Message{
		Type: "test", ID: newAlertID(),
		Vendor:   notify.Vendor{ID: "tracker", Name: "tracker"},
		Document: notify.DocumentRef{Type: "test", URL: "https://example.org/privacy"},
		FromTime: now, ToTime: now, DetectedAt: now,
		Summary: classify.Summary{Categories: []string{}},
		Changes: []classify.Change{},
	}
	var out []TestResult
	for _, key := range sortedKeys(ns) {
		n := ns[key]
		if only != "" && n.Channel() != only {
			continue
		}
		out = append(out, TestResult{Channel: n.Channel(), Target: n.Target(), Err: n.Send(ctx, msg)})
	}
	if len(out) == 0 {
		return nil, ErrNoChannels
	}
	return out, nil
}
