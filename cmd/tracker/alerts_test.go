package main

import (
	"bytes"
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

	"github.com/tracker-dev/tracker/notify/webhook"
)

// hookServer verifies signatures, records bodies and answers status.
type hookServer struct {
	mu     sync.Mutex
	secret string
	status int
	bodies []string
	srv    *httptest.Server
}

func newHookServer(t *testing.T, secret string, status int) *hookServer {
	h := &hookServer{secret: secret, status: status}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(h.secret, r.Header, body, time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		h.bodies = append(h.bodies, string(body))
		w.WriteHeader(h.status)
		io.WriteString(w, "receiver says no")
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookServer) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

func runTracker(getenv func(string) string, args ...string) (int, string) {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: getenv})
	return code, out.String() + errOut.String()
}

func envWith(kv ...string) func(string) string {
	return func(k string) string {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1]
			}
		}
		return ""
	}
}

func TestAlertsTestAndList(t *testing.T) {
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("thirty-two bytes of secret here!"))
	hook := newHookServer(t, secret, http.StatusOK)
	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
alerts:
  webhooks:
    - {url: %s, secret_env: HOOK_SECRET}
vendors:
  - id: a
    name: A
    documents:
      - {type: privacy, url: "http://127.0.0.1:1/p"}
`, hook.srv.URL))
	withSecret := envWith("HOOK_SECRET", secret)

	code, out := runTracker(withSecret, "alerts", "test", "--config", conf)
	if got := hook.got(); code != 0 || !strings.Contains(out, "delivered") || len(got) != 1 || !strings.Contains(got[0], `"type":"test.ping"`) {
		t.Fatalf("alerts test: exit %d\n%s\nreceived %q", code, out, got)
	}
	code, out = runTracker(envWith(), "alerts", "test", "--config", conf)
	if code != 1 || !strings.Contains(out, "HOOK_SECRET is not set") || strings.Contains(out, secret) {
		t.Errorf("alerts test without the secret: exit %d\n%s", code, out)
	}
	// A secret that is set but too short is a configuration error, named
	// with its file, line and field, and never shown.
	short := "whsec_" + base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!"))
	code, out = runTracker(envWith("HOOK_SECRET", short), "alerts", "test", "--config", conf)
	if code != 2 || !strings.Contains(out, "tracker.yaml:4: alerts.webhooks[0].secret_env: the secret in HOOK_SECRET is not valid") ||
		!strings.Contains(out, "fewer than 24") || strings.Contains(out, short[6:]) {
		t.Errorf("alerts test with a short secret: exit %d\n%s", code, out)
	}
	code, out = runTracker(envWith("HOOK_SECRET", "whsec_not base64!"), "alerts", "test", "--config", conf)
	if code != 2 || !strings.Contains(out, "not valid") {
		t.Errorf("alerts test with a secret that is not base64: exit %d\n%s", code, out)
	}
	code, out = runTracker(withSecret, "alerts", "list", "--config", conf)
	if code != 0 || !strings.Contains(out, "no alerts") {
		t.Errorf("alerts list: exit %d\n%s", code, out)
	}
	if code, out = runTracker(withSecret, "alerts", "list", "--status", "lost", "--config", conf); code != 2 {
		t.Errorf("alerts list --status lost: exit %d\n%s", code, out)
	}
	if code, out = runTracker(withSecret, "alerts", "retry", "--config", conf); code != 2 || !strings.Contains(out, "--failed") {
		t.Errorf("alerts retry without ids: exit %d\n%s", code, out)
	}
}

// A receiver that answers 410 Gone: the crawl exits 1 and says the alert
// failed for good; `alerts list` shows the endpoint disabled and the whole
// error; after the URL is corrected, `alerts retry --failed` sends the
// alert to the new URL.
func TestAlertsGoneListRetry(t *testing.T) {
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("thirty-two bytes of secret here!"))
	gone := newHookServer(t, secret, http.StatusGone)
	fixed := newHookServer(t, secret, http.StatusNoContent)
	s := newSite(t)
	s.set("/p", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "a"))
	dir := t.TempDir()
	config := func(hookURL string) string {
		return writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
host_delay: 0s
alerts:
  min_severity: medium
  webhooks:
    - {url: %s, secret_env: HOOK_SECRET}
vendors:
  - id: gs
    name: Grandstream
    documents:
      - {type: privacy, url: %s}
`, hookURL, s.url("/p")))
	}
	conf := config(gone.srv.URL + "/hook")
	env := envWith("HOOK_SECRET", secret)
	if code, out := runTracker(env, "crawl", "--config", conf); code != 0 {
		t.Fatalf("first crawl: exit %d\n%s", code, out)
	}
	page := s.get("/p")
	edited := strings.Replace(page, "We also do not provide any personal information to any third-party ad networks.",
		"We may sell your personal information, including your location, to data brokers.", 1)
	s.set("/p", edited)

	code, out := runTracker(env, "crawl", "--config", conf)
	if code != 1 || !strings.Contains(out, "1 alert delivery failed for good") || !strings.Contains(out, "tracker alerts retry --failed") {
		t.Fatalf("crawl whose alert failed for good: exit %d\n%s", code, out)
	}
	if n := len(gone.got()); n != 1 {
		t.Fatalf("gone receiver got %d requests", n)
	}

	code, out = runTracker(env, "alerts", "list", "--config", conf)
	flat := strings.Join(strings.Fields(out), " ") // notes wrap at 100 columns
	for _, want := range []string{
		"endpoint webhooks[0] is disabled: " + gone.srv.URL + "/hook answered 410 Gone",
		"failed",
		"status 410 Gone: receiver says no; endpoint webhooks[0] disabled", // the whole error, status code included
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("alerts list lacks %q:\n%s", want, out)
		}
	}

	conf = config(fixed.srv.URL + "/hook")
	code, out = runTracker(env, "alerts", "retry", "--failed", "--config", conf)
	if code != 0 || !strings.Contains(out, "→ webhooks[0] "+fixed.srv.URL+"/hook") || !strings.Contains(out, "alerts: 1 delivered, 0 failed") {
		t.Fatalf("alerts retry --failed: exit %d\n%s", code, out)
	}
	got := fixed.got()
	if len(got) != 1 || !strings.Contains(got[0], "data brokers") {
		t.Fatalf("fixed receiver got %q", got)
	}
	code, out = runTracker(env, "alerts", "list", "--format", "json", "--config", conf)
	if code != 0 || strings.Contains(out, "disabled") || !strings.Contains(out, `"status": "delivered"`) || !strings.Contains(out, `"target": "`+fixed.srv.URL+`/hook"`) {
		t.Errorf("alerts list after the retry: exit %d\n%s", code, out)
	}
	if code, out := runTracker(env, "alerts", "retry", "1", "--config", conf); code != 2 || !strings.Contains(out, "was delivered") {
		t.Errorf("retry of a delivered row: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "tracker.db")); err != nil {
		t.Fatal(err)
	}
}
