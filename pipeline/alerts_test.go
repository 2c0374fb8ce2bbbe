package pipeline

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/smtptest"
	"github.com/tracker-dev/tracker/notify/webhook"
)

// page is a policy served from memory, editable between crawls.
type page struct {
	mu   sync.Mutex
	body string
}

func (p *page) set(s string) { p.mu.Lock(); p.body = s; p.mu.Unlock() }

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, p.body)
}

// hookReceiver verifies signatures and answers with the queued statuses,
// then 200.
type hookReceiver struct {
	mu       sync.Mutex
	secret   string
	statuses []int
	ids      []string
	bodies   []string
	bad      []error
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := webhook.Verify(h.secret, r.Header, body, time.Hour*24*365); err != nil {
		h.bad = append(h.bad, err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	h.ids = append(h.ids, r.Header.Get("webhook-id"))
	h.bodies = append(h.bodies, string(body))
	status := http.StatusOK
	if len(h.statuses) > 0 {
		status, h.statuses = h.statuses[0], h.statuses[1:]
	}
	w.WriteHeader(status)
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func TestAlertsDeliveredOnceAndNeverLost(t *testing.T) {
	ctx := context.Background()
	smtp := smtptest.Start(t, smtptest.Options{})
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("a secret of thirty-two bytes!!!!"))
	hooks := &hookReceiver{secret: secret, statuses: []int{http.StatusServiceUnavailable}}
	hookSrv := httptest.NewServer(hooks)
	defer hookSrv.Close()
	pol := &page{}
	site := httptest.NewServer(pol)
	defer site.Close()

	base := []string{
		"Last updated January 5, 2025.",
		"We collect your name and e-mail address to run the service.",
		"We do not sell or rent your personal information to third parties.",
	}
	pol.set(policyHTML("1", base...))

	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "tracker.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`database: tracker.db
host_delay: 0s
alerts:
  min_severity: medium
  email:
    host: 127.0.0.1
    port: %d
    tls: none
    from: tracker@example.org
    to: [privacy-team@example.org]
  webhooks:
    - url: %s
      secret_env: HOOK_SECRET
vendors:
  - id: acme
    name: Acme Telecom
    documents:
      - {type: privacy, url: %s}
`, smtp.Port, hookSrv.URL, site.URL)), 0o644)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	getenv := func(k string) string {
		if k == "HOOK_SECRET" {
			return secret
		}
		return ""
	}
	open := func() *App {
		a, err := Open(ctx, cfg, Options{Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	crawl := func(a *App) Outcome {
		t.Helper()
		ts, _ := a.Select(nil, "")
		outs, err := a.Crawl(ctx, ts)
		if err != nil {
			t.Fatalf("crawl: %v", err)
		}
		return outs[0]
	}
	pending := func(a *App) int {
		ds, err := a.Store().Deliveries(ctx, "pending")
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}

	a := open()
	if o := crawl(a); o.Status != StatusNew {
		t.Fatalf("first crawl: %s", o.Status)
	}

	// A date-only change: a version may be stored, but no alert.
	dated := append([]string{"Last updated March 9, 2026."}, base[1:]...)
	pol.set(policyHTML("2", dated...))
	if o := crawl(a); o.Summary != nil && o.Summary.Material {
		t.Fatalf("date-only change rated material: %+v", o.Summary)
	}
	if n := pending(a); n != 0 {
		t.Fatalf("date-only change queued %d alerts", n)
	}

	// A material change: one alert, on both channels.
	material := []string{dated[0], base[1], "We may sell your personal information, including your precise location, to data brokers."}
	pol.set(policyHTML("3", material...))
	if o := crawl(a); o.Status != StatusChanged || o.Summary == nil || !o.Summary.Material {
		t.Fatalf("material change: %+v", o)
	}
	if n := pending(a); n != 2 {
		t.Fatalf("%d deliveries queued, want 2 (email and webhook)", n)
	}
	res, err := a.FlushAlerts(ctx, getenv)
	if err != nil || res.Delivered != 1 || res.Failed != 0 {
		t.Fatalf("first flush: %+v, %v; want the email delivered and the webhook retried", res, err)
	}

	// Restart: the pending webhook survives in the database.
	a.Close()
	a = open()
	defer a.Close()
	if n := pending(a); n != 1 {
		t.Fatalf("%d pending after restart, want 1", n)
	}
	clk.Advance(10 * time.Minute)
	res, err = a.FlushAlerts(ctx, getenv)
	if err != nil || res.Delivered != 1 {
		t.Fatalf("second flush: %+v, %v", res, err)
	}
	if n := pending(a); n != 0 {
		t.Errorf("%d still pending", n)
	}
	ds, _ := a.Store().Deliveries(ctx, "delivered")
	if len(ds) != 2 {
		t.Errorf("%d delivered rows, want 2", len(ds))
	}

	hooks.mu.Lock()
	defer hooks.mu.Unlock()
	if len(hooks.bad) > 0 {
		t.Errorf("signatures did not verify: %v", hooks.bad)
	}
	if len(hooks.ids) != 2 || hooks.ids[0] != hooks.ids[1] || hooks.ids[0] == "" {
		t.Errorf("webhook ids %q: want the same id on both attempts", hooks.ids)
	}
	if !strings.Contains(hooks.bodies[1], `"type":"document.changed"`) || !strings.Contains(hooks.bodies[1], "data brokers") {
		t.Errorf("webhook body: %s", hooks.bodies[1])
	}
	msgs := smtp.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d e-mails, want 1", len(msgs))
	}
	mail := string(msgs[0].Data)
	for _, want := range []string{"Subject: [tracker] Acme Telecom privacy: material change", "multipart/alternative", "text/html", "tracker diff acme"} {
		if !strings.Contains(mail, want) {
			t.Errorf("e-mail lacks %q:\n%s", want, mail)
		}
	}
}

func TestVendorAlertOverrides(t *testing.T) {
	a := openTestApp(t, `database: tracker.db
alerts:
  min_severity: medium
  email: {host: 127.0.0.1, port: 25, tls: none, from: t@example.org, to: [team@example.org]}
  webhooks:
    - {url: "https://hooks.example.org/x", secret_env: S}
vendors:
  - id: plain
    name: Plain
    documents:
      - {type: privacy, url: "https://plain.example/p"}
  - id: vip
    name: VIP
    alerts: {to: [owner@example.org, legal@example.org], min_severity: high}
    documents:
      - {type: privacy, url: "https://vip.example/p"}
`)
	plain, _ := a.cfg.Vendor("plain")
	vip, _ := a.cfg.Vendor("vip")
	if got := a.minSeverity(plain); got != classify.Medium {
		t.Errorf("plain threshold %s", got)
	}
	if got := a.minSeverity(vip); got != classify.High {
		t.Errorf("vip threshold %s", got)
	}
	want := map[string][]route{
		"plain": {{"email", "email", "team@example.org"}, {"webhooks[0]", "webhook", "https://hooks.example.org/x"}},
		"vip":   {{"email", "email", "owner@example.org, legal@example.org"}, {"webhooks[0]", "webhook", "https://hooks.example.org/x"}},
	}
	for id, v := range map[string]config.Vendor{"plain": plain, "vip": vip} {
		if got := a.routes(v); fmt.Sprint(got) != fmt.Sprint(want[id]) {
			t.Errorf("%s routes %v, want %v", id, got, want[id])
		}
	}
	// One e-mail endpoint, whose recipients depend on the vendor.
	eps, err := a.Endpoints(func(k string) string {
		if k == "S" {
			return "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef01234567"))
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	mail := eps["email"].Notifier
	for id, r := range want {
		m := notify.Message{Data: notify.Data{Vendor: &notify.Vendor{ID: id}}}
		if got := mail.Target(m); got != r[0].target {
			t.Errorf("e-mail target for %s = %q, want %q", id, got, r[0].target)
		}
	}
	if eps["webhooks[0]"].Notifier == nil {
		t.Errorf("webhook endpoint: %v", eps["webhooks[0]"].Err)
	}
}
