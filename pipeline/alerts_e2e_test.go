package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/internal/payloadtest"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
	"github.com/tracker-dev/tracker/notify/smtptest"
)

// alertRig is a crawlable page, an SMTP server and a webhook receiver,
// with a configuration that lists the receiver's URL twice (a secret being
// rotated the obvious way) and links to a web interface.
type alertRig struct {
	app    *App
	page   *page
	smtp   *smtptest.Server
	hooks  *hookReceiver
	getenv func(string) string
}

func newAlertRig(t *testing.T, paras []string) *alertRig {
	t.Helper()
	r := &alertRig{page: &page{}, smtp: smtptest.Start(t, smtptest.Options{})}
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("a secret of thirty-two bytes!!!!"))
	next := "whsec_" + base64.StdEncoding.EncodeToString([]byte("the next secret, thirty-two byte"))
	r.hooks = &hookReceiver{secret: secret}
	hookSrv := httptest.NewServer(r.hooks)
	t.Cleanup(hookSrv.Close)
	site := httptest.NewServer(r.page)
	t.Cleanup(site.Close)
	r.page.set(policyHTML("1", paras...))
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.yaml")
	os.WriteFile(path, []byte(fmt.Sprintf(`database: tracker.db
host_delay: 0s
web:
  base_url: https://tracker.example.org/
alerts:
  min_severity: medium
  email: {host: 127.0.0.1, port: %d, tls: none, from: tracker@example.org, to: [privacy-team@example.org]}
  webhooks:
    - {url: %s, secret_env: HOOK_SECRET}
    - {url: %s, secret_env: [HOOK_SECRET_NEXT, HOOK_SECRET]}
vendors:
  - id: acme
    name: Acme Telecom
    documents:
      - {type: privacy, url: %s}
`, r.smtp.Port, hookSrv.URL, hookSrv.URL, site.URL)), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.app, err = Open(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.app.Close() })
	r.getenv = func(k string) string {
		return map[string]string{"HOOK_SECRET": secret, "HOOK_SECRET_NEXT": next}[k]
	}
	if o := r.crawl(t); o.Status != StatusNew {
		t.Fatalf("first crawl: %+v", o)
	}
	return r
}

func (r *alertRig) crawl(t *testing.T) Outcome {
	t.Helper()
	ts, _ := r.app.Select(nil, "")
	outs, err := r.app.Crawl(context.Background(), ts)
	if err != nil {
		t.Fatalf("crawl: %v (%+v)", err, outs)
	}
	return outs[0]
}

func (r *alertRig) flush(t *testing.T) notify.Result {
	t.Helper()
	res, err := r.app.FlushAlerts(context.Background(), r.getenv)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (r *alertRig) bodies() []string {
	r.hooks.mu.Lock()
	defer r.hooks.mu.Unlock()
	return append([]string(nil), r.hooks.bodies...)
}

// The case, end to end: a policy with 60 typo fixes and, at the
// end, one clause that now sells data. The high change is in the e-mail
// and in the webhook, first; one URL listed twice (two secrets) stores the
// version and delivers to both entries.
func TestSixtyLowAndOneHigh(t *testing.T) {
	var before, after []string
	for i := range 60 {
		before = append(before, fmt.Sprintf("Clause %d: we keep teh records of category %d for our own accounting.", i, i))
		after = append(after, fmt.Sprintf("Clause %d: we keep the records of category %d for our own accounting.", i, i))
	}
	before = append(before, "We do not sell your personal information.")
	after = append(after, "We do not sell your personal information. We may sell your personal information to data brokers.")
	r := newAlertRig(t, before)
	r.page.set(policyHTML("2", after...))
	o := r.crawl(t)
	if o.Status != StatusChanged || o.Summary.MaxSeverity != classify.High {
		t.Fatalf("crawl: %+v", o)
	}
	if o.Summary.Modified+o.Summary.Added < 61 {
		t.Fatalf("summary %+v: the fixture does not make 61 changes", o.Summary)
	}
	if res := r.flush(t); res.Delivered != 3 || res.Failed != 0 {
		t.Fatalf("flush: %+v, want the e-mail and both webhook entries", res)
	}

	bodies := r.bodies()
	if len(bodies) != 2 {
		t.Fatalf("%d webhook deliveries, want one per configured entry", len(bodies))
	}
	r.hooks.mu.Lock()
	if len(r.hooks.bad) > 0 || r.hooks.ids[0] != r.hooks.ids[1] {
		t.Errorf("signatures %v, ids %q: want both verified, one alert id", r.hooks.bad, r.hooks.ids)
	}
	r.hooks.mu.Unlock()
	for _, b := range bodies {
		payloadtest.Validate(t, []byte(b))
		var m notify.Message
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			t.Fatal(err)
		}
		first := m.Data.Changes[0]
		if first.Severity != classify.High || !strings.Contains(first.NewText, "data brokers") {
			t.Errorf("first change in the webhook: %+v", first)
		}
		if len(m.Data.Changes) != o.Summary.Modified+o.Summary.Added+o.Summary.Removed+o.Summary.Moved {
			t.Errorf("%d changes in a small body, want all of them", len(m.Data.Changes))
		}
		if !strings.HasPrefix(m.Data.DiffURL, "https://tracker.example.org/vendors/acme/privacy/diff?from=1&to=2") {
			t.Errorf("diff_url %q", m.Data.DiffURL)
		}
	}

	mails := r.smtp.Messages()
	if len(mails) != 1 {
		t.Fatalf("%d e-mails", len(mails))
	}
	mail := decodeQP(string(mails[0].Data))
	sell := strings.Index(mail, "data brokers")
	typo := strings.Index(mail, "Clause 0:")
	if sell < 0 || typo < 0 || sell > typo {
		t.Errorf("the e-mail lacks the high change, or lists it after the typos (%d, %d)", sell, typo)
	}
	for _, want := range []string{"lower-severity changes not shown", "https://tracker.example.org/vendors/acme/privacy/diff?from=1&to=2", "tracker diff acme --doc privacy --from 1 --to 2"} {
		if !strings.Contains(mail, want) {
			t.Errorf("the e-mail lacks %q", want)
		}
	}
}

// decodeQP undoes quoted-printable soft breaks and =XX escapes well enough
// to search the text.
func decodeQP(s string) string {
	s = strings.ReplaceAll(s, "=\r\n", "")
	return strings.NewReplacer("=3D", "=", "=C3=A9", "é", "=E2=80=A6", "…", "=E2=86=92", "→").Replace(s)
}

// A page served truncated twice (so stored, and alerted as deletions),
// then whole again: the alert says the document was restored, with the
// clauses that came back.
func TestRestoredAlert(t *testing.T) {
	var full []string
	for i := range 30 {
		full = append(full, fmt.Sprintf("Right %d: you may ask us to delete your personal data held by partner number %d at any time, and we will do so within 30 days.", i, i))
	}
	r := newAlertRig(t, full)
	cut := full[:3]
	r.page.set(policyHTML("2", cut...))
	if o := r.crawl(t); o.Status != StatusUnchanged || !strings.Contains(o.Note, "suspect") {
		t.Fatalf("first truncated crawl: %+v", o)
	}
	o := r.crawl(t)
	if o.Status != StatusChanged || o.Summary.MaxSeverity < classify.Medium {
		t.Fatalf("second truncated crawl: %+v %+v", o, o.Summary)
	}
	if res := r.flush(t); res.Delivered != 3 {
		t.Fatalf("flush after the cut: %+v", res)
	}
	r.page.set(policyHTML("3", full...))
	o = r.crawl(t)
	if o.Status != StatusChanged || !strings.Contains(o.Note, "restored: the text of version 1 is back") {
		t.Fatalf("crawl of the whole page again: %+v", o)
	}
	if res := r.flush(t); res.Delivered != 3 {
		t.Fatalf("flush after the restore: %+v", res)
	}
	bodies := r.bodies()
	last := bodies[len(bodies)-1]
	payloadtest.Validate(t, []byte(last))
	var m notify.Message
	if err := json.Unmarshal([]byte(last), &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != notify.TypeRestored || m.Data.Restored == nil || m.Data.Restored.Version != 1 || m.Data.FromVersion != 2 || m.Data.ToVersion != 3 {
		t.Fatalf("restored alert: %s", last)
	}
	back := 0
	for _, c := range m.Data.Changes {
		if c.Kind == "added" && strings.Contains(c.NewText, "partner number") {
			back++
		}
	}
	if back != 27 {
		t.Errorf("%d clauses came back in the alert, want 27", back)
	}
	mails := r.smtp.Messages()
	if got := mails[len(mails)-1].Data; !strings.Contains(string(got), "restored") || !strings.Contains(decodeQP(string(got)), "partner number 29") {
		t.Errorf("the e-mail does not say the document was restored")
	}
}

// Chat endpoints get the change through the outbox like any other, each on
// its own: one whose URL variable is not set keeps its alert waiting with
// the reason, and holds back neither the e-mail nor the other chats.
func TestChatEndpoints(t *testing.T) {
	ctx := context.Background()
	smtp := smtptest.Start(t, smtptest.Options{})
	slackRx, ntfyRx := chattest.Start(t), chattest.Start(t)
	pg := &page{}
	site := httptest.NewServer(pg)
	defer site.Close()
	pg.set(policyHTML("1", "We do not sell your personal information."))
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.yaml")
	os.WriteFile(path, []byte(fmt.Sprintf(`database: tracker.db
host_delay: 0s
alerts:
  email: {host: 127.0.0.1, port: %d, tls: none, from: tracker@example.org, to: [team@example.org]}
  chat:
    - {type: slack, url_env: SLACK_URL}
    - {name: phones, type: ntfy, url: %s/acme-alerts}
    - {type: discord, url_env: DISCORD_URL}
vendors:
  - id: acme
    name: Acme
    documents:
      - {type: privacy, url: %s}
`, smtp.Port, ntfyRx.URL, site.URL)), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	getenv := func(k string) string {
		return map[string]string{"SLACK_URL": slackRx.URL + "/services/T/B/SECRET"}[k]
	}
	ts, _ := a.Select(nil, "")
	if _, err := a.Crawl(ctx, ts); err != nil {
		t.Fatal(err)
	}
	pg.set(policyHTML("2", "We may sell your personal information to data brokers."))
	if _, err := a.Crawl(ctx, ts); err != nil {
		t.Fatal(err)
	}
	res, err := a.FlushAlerts(ctx, getenv)
	if err != nil || res.Delivered != 3 || res.Retried != 1 {
		t.Fatalf("flush: %+v, %v; want e-mail, slack and ntfy delivered, discord waiting", res, err)
	}
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d e-mails", n)
	}
	if got := slackRx.Requests(); len(got) != 1 || !strings.Contains(string(got[0].Body), "data brokers") || got[0].Path != "/services/T/B/SECRET" {
		t.Errorf("slack got %+v", got)
	}
	if got := ntfyRx.Requests(); len(got) != 1 || got[0].JSON["topic"] != "acme-alerts" {
		t.Errorf("ntfy got %+v", got)
	}
	ds, err := a.Store().Deliveries(ctx, "pending")
	if err != nil || len(ds) != 1 || ds[0].Endpoint != "chat[2]" || !strings.Contains(ds[0].LastError, "alerts.chat[2].url_env: environment variable DISCORD_URL is not set") {
		t.Errorf("waiting rows %+v, %v", ds, err)
	}
	delivered, _ := a.Store().Deliveries(ctx, "delivered")
	for _, d := range delivered {
		if strings.Contains(d.Target, "SECRET") || strings.Contains(d.Target, "acme-alerts") {
			t.Errorf("row %d shows a chat URL's secret: %q", d.ID, d.Target)
		}
	}
}

// /metrics counts attempts by channel and outcome, and reads the pending,
// retrying and failed alerts and the disabled endpoints from the outbox.
func TestAlertMetrics(t *testing.T) {
	ctx := context.Background()
	r := newAlertRig(t, []string{"We do not sell your personal information."})
	r.hooks.mu.Lock()
	r.hooks.statuses = []int{http.StatusServiceUnavailable, http.StatusGone}
	r.hooks.mu.Unlock()
	r.page.set(policyHTML("2", "We may sell your personal information to data brokers."))
	r.crawl(t)
	res := r.flush(t)
	if res.Delivered != 1 || res.Retried != 1 || res.Failed != 1 {
		t.Fatalf("flush: %+v; want the e-mail delivered, one webhook entry retried and the other gone", res)
	}
	o, err := r.app.OutboxState(ctx)
	if err != nil || o != (Outbox{Pending: 1, Retrying: 1, Failed: 1, Disabled: 1}) {
		t.Fatalf("outbox state %+v, %v", o, err)
	}
	var b strings.Builder
	if _, err := r.app.metrics.WriteWithOutbox(&b, o); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`tracker_alert_attempts_total{channel="email",outcome="delivered"} 1`,
		`tracker_alert_attempts_total{channel="webhook",outcome="failed"} 1`,
		`tracker_alert_attempts_total{channel="webhook",outcome="retry"} 1`,
		"# TYPE tracker_alerts_pending gauge\ntracker_alerts_pending 1",
		"tracker_alerts_retrying 1", "tracker_alerts_failed 1", "tracker_alert_endpoints_disabled 1",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, b.String())
		}
	}
}
