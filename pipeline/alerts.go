package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
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

// route is one configured endpoint an alert is queued for: its stable key
// (what the outbox row names), its kind, and where it goes today.
type route struct{ key, kind, target string }

func (a *App) routes(v config.Vendor) []route {
	var out []route
	if e := a.cfg.Alerts.Email; e != nil {
		to := e.To
		if len(v.Alerts.To) > 0 {
			to = v.Alerts.To
		}
		out = append(out, route{notify.ChannelEmail, notify.ChannelEmail, strings.Join(to, ", ")})
	}
	for i, w := range a.cfg.Alerts.Webhooks {
		out = append(out, route{config.EndpointKey(w.Name, "webhooks", i), notify.ChannelWebhook, redactedURL(w.URL)})
	}
	for i, c := range a.cfg.Alerts.Chat {
		out = append(out, route{config.EndpointKey(c.Name, "chat", i), c.Type, chatTarget(c)})
	}
	return out
}

// chatTarget names where a chat endpoint goes before it is first tried:
// its service, never its URL (which holds its token).
func chatTarget(c config.Chat) string {
	if c.URLEnv != "" {
		return "$" + c.URLEnv
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return c.Type
	}
	return u.Scheme + "://" + u.Host + "/…"
}

func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// alert is what an outbox row is built from.
type alert struct {
	typ      string
	from     store.Version
	report   classify.Report
	restored *store.Version // document.restored: the version whose text came back
}

// alertsFor returns the outbox rows for a change, built once the new
// version's id is known, inside the transaction that stores the version: an
// alert is never lost between the two, and never sent for a version that
// was not stored. Each configured endpoint gets its own row, so one URL
// listed twice (while a secret is rotated) is two rows, never a conflict.
func (a *App) alertsFor(t Target, al alert) func(store.Version) ([]store.Delivery, error) {
	routes := a.routes(t.Vendor)
	if len(routes) == 0 {
		return nil
	}
	return func(to store.Version) ([]store.Delivery, error) {
		now := a.now().UTC()
		msg := notify.Message{Type: al.typ, Timestamp: now, Data: notify.Data{
			AlertID:     newAlertID(),
			Vendor:      &notify.Vendor{ID: t.Vendor.ID, Name: t.Vendor.Name},
			Document:    &notify.DocumentRef{Type: t.Doc.Type, URL: t.Doc.URL},
			FromVersion: al.from.ID, ToVersion: to.ID,
			FromTime: al.from.CapturedAt.UTC(), ToTime: to.CapturedAt.UTC(),
			Summary:     al.report.Summary,
			DiffCommand: fmt.Sprintf("tracker diff %s --doc %s --from %d --to %d", t.Vendor.ID, t.Doc.Type, al.from.ID, to.ID),
			DiffURL:     a.diffURL(t, al.from.ID, to.ID),
		}}
		if al.restored != nil {
			msg.Data.Restored = &notify.Restored{Version: al.restored.ID, CapturedAt: al.restored.CapturedAt.UTC()}
		}
		notify.SetChanges(&msg, al.report.Changes)
		payload, err := notify.Fit(&msg, notify.MaxBody)
		if err != nil {
			return nil, fmt.Errorf("encode alert: %w", err)
		}
		ds := make([]store.Delivery, len(routes))
		for i, r := range routes {
			ds[i] = store.Delivery{
				AlertID: msg.ID(), DocumentID: t.Stored.ID, Endpoint: r.key, Channel: r.kind, Target: r.target,
				Payload: payload, Status: store.DeliveryPending, NextAttemptAt: now, CreatedAt: now,
			}
		}
		return ds, nil
	}
}

// diffURL is the diff page of two versions on the web interface users
// open, "" unless web.base_url is configured.
func (a *App) diffURL(t Target, from, to int64) string {
	base := strings.TrimRight(a.cfg.Web.BaseURL, "/")
	if base == "" {
		return ""
	}
	return fmt.Sprintf("%s/vendors/%s/%s/diff?from=%d&to=%d", base, url.PathEscape(t.Vendor.ID), url.PathEscape(t.Doc.Type), from, to)
}

func newAlertID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "msg_" + hex.EncodeToString(b[:])
}

// restoredFraction is how much of the text before the cut must come back
// for the document to count as restored.
const restoredFraction = 0.8

// restoredFrom tells whether the new text brings back a document whose
// latest version was a truncated one (stored after the suspect hold saw it
// twice) that alerted: then the alert must say the document was restored,
// or its readers believe the clauses were deleted. It returns the version
// before the truncated one, whose text came back.
func (a *App) restoredFrom(ctx context.Context, t Target, latest store.Version, text string) (store.Version, bool, error) {
	if float64(len(latest.Text)) >= truncatedFraction*float64(len(text)) {
		return store.Version{}, false, nil // the common case, settled without a query
	}
	changes, err := a.store.Changes(ctx, t.Stored.ID)
	if err != nil {
		return store.Version{}, false, fmt.Errorf("pipeline: changes of %s: %w", t.Key(), err)
	}
	var cut *store.Change
	for i := range changes {
		if changes[i].ToVersion == latest.ID {
			cut = &changes[i]
		}
	}
	if cut == nil {
		return store.Version{}, false, nil
	}
	sev, err := classify.ParseSeverity(cut.MaxSeverity)
	if err != nil || sev < a.minSeverity(t.Vendor) {
		return store.Version{}, false, nil // the cut raised no alert: nothing to take back
	}
	prev, err := a.store.Version(ctx, cut.FromVersion)
	if err != nil {
		return store.Version{}, false, fmt.Errorf("pipeline: version %d of %s: %w", cut.FromVersion, t.Key(), err)
	}
	full := float64(len(prev.Text))
	if float64(len(latest.Text)) >= truncatedFraction*full || float64(len(text)) < restoredFraction*full {
		return store.Version{}, false, nil
	}
	return prev, true, nil
}
