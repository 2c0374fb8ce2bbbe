package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify/webhook"
)

func TestAlertsTestAndList(t *testing.T) {
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("thirty-two bytes of secret here!"))
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header, body, time.Minute); err != nil {
			http.Error(w, err.Error(), 401)
			return
		}
		mu.Lock()
		got = append(got, string(body))
		mu.Unlock()
	}))
	defer hook.Close()
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
`, hook.URL))
	run := func(getenv func(string) string, args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: getenv})
		return code, out.String() + errOut.String()
	}
	withSecret := func(k string) string {
		if k == "HOOK_SECRET" {
			return secret
		}
		return ""
	}

	code, out := run(withSecret, "alerts", "test", "--config", conf)
	if code != 0 || !strings.Contains(out, "delivered") || len(got) != 1 || !strings.Contains(got[0], `"type":"test"`) {
		t.Fatalf("alerts test: exit %d\n%s\nreceived %q", code, out, got)
	}
	code, out = run(func(string) string { return "" }, "alerts", "test", "--config", conf)
	if code == 0 || !strings.Contains(out, "HOOK_SECRET is not set") || strings.Contains(out, secret) {
		t.Errorf("alerts test without the secret: exit %d\n%s", code, out)
	}
	code, out = run(withSecret, "alerts", "list", "--config", conf)
	if code != 0 || !strings.Contains(out, "no alerts") {
		t.Errorf("alerts list: exit %d\n%s", code, out)
	}
	if code, out = run(withSecret, "alerts", "list", "--status", "lost", "--config", conf); code != 2 {
		t.Errorf("alerts list --status lost: exit %d\n%s", code, out)
	}
}
