package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify/webhook"
	"github.com/tracker-dev/tracker/store"
)

// daemonProc is tracker running as a child process.
type daemonProc struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startTracker(t *testing.T, env []string, args ...string) *daemonProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "TRACKER_RUN_MAIN=1"), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &daemonProc{cmd: cmd, out: out, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits for the process to exit, at most d.
func (p *daemonProc) wait(t *testing.T, d time.Duration) (int, bool) {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // let Cleanup's receive succeed
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), true
		}
		return 0, true
	case <-time.After(d):
		return -1, false
	}
}

// eventually polls cond every 100 ms for at most d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", d, what)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func versionCount(t *testing.T, dbPath, vendor string) int {
	t.Helper()
	st, err := store.OpenReadOnly(context.Background(), dbPath) // as a reader, beside the daemon
	if errors.Is(err, store.ErrNoDatabase) || errors.Is(err, store.ErrSchemaBehind) {
		return 0 // not created, or not migrated, yet
	}
	if err != nil {
		t.Fatalf("open %s: %v", dbPath, err)
	}
	defer st.Close()
	d, err := st.Document(context.Background(), vendor, "privacy")
	if err != nil {
		return 0
	}
	vs, err := st.Versions(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

func TestDaemonCrawlsAlertsAndStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a daemon process")
	}
	s := newSite(t)
	s.set("/p", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "a"))

	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	var mu sync.Mutex
	var hooks []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header, body, 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		mu.Lock()
		hooks = append(hooks, string(body))
		mu.Unlock()
	}))
	defer receiver.Close()

	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
schedule: "@every 1s"
spread: 0s
host_delay: 0s
alerts:
  min_severity: medium
  webhooks:
    - url: %s
      secret_env: TEST_WEBHOOK_SECRET
vendors:
  - id: gs
    name: Grandstream
    documents:
      - {type: privacy, url: %s}
`, receiver.URL, s.url("/p")))
	listen := freeAddr(t)
	env := []string{"TEST_WEBHOOK_SECRET=" + secret}
	d := startTracker(t, env, "daemon", "--config", conf, "--listen", listen)
	db := filepath.Join(dir, "tracker.db")

	eventually(t, 20*time.Second, "the first version", func() bool { return versionCount(t, db, "gs") >= 1 })

	page := s.get("/p")
	edited := strings.Replace(page, "We also do not provide any personal information to any third-party ad networks.",
		"We may sell your personal information, including your location, to data brokers.", 1)
	if edited == page {
		t.Fatal("fixture edit did not apply")
	}
	s.set("/p", edited)
	eventually(t, 20*time.Second, "the changed version", func() bool { return versionCount(t, db, "gs") >= 2 })
	eventually(t, 20*time.Second, "the webhook alert", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(hooks) == 1
	})
	if !strings.Contains(hooks[0], `"type":"document.changed"`) || !strings.Contains(hooks[0], "data brokers") {
		t.Errorf("webhook body: %s", hooks[0])
	}

	for path, want := range map[string]string{"/healthz": "ok", "/metrics": "tracker_fetches_total"} {
		resp, err := http.Get("http://" + listen + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}

	// SIGHUP: an invalid configuration is refused and the old one kept; a
	// valid one is taken.
	good, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("vendors: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.cmd.Process.Signal(syscall.SIGHUP)
	eventually(t, 10*time.Second, "the refused reload in the log", func() bool {
		return strings.Contains(d.out.String(), "reload refused")
	})
	if _, exited := d.wait(t, 500*time.Millisecond); exited {
		t.Fatalf("daemon exited on an invalid reload:\n%s", d.out.String())
	}
	if err := os.WriteFile(conf, good, 0o644); err != nil {
		t.Fatal(err)
	}
	d.cmd.Process.Signal(syscall.SIGHUP)
	eventually(t, 10*time.Second, "the reload in the log", func() bool {
		return strings.Contains(d.out.String(), "configuration reloaded")
	})

	second := startTracker(t, env, "daemon", "--config", conf)
	code, exited := second.wait(t, 5*time.Second)
	if !exited || code == 0 || !strings.Contains(second.out.String(), "already running") {
		t.Errorf("second daemon: exited=%v code=%d output:\n%s", exited, code, second.out.String())
	}

	// One-shot commands work beside the daemon.
	if code, out, errOut := tracker(t, "history", "gs", "--config", conf); code != 0 {
		t.Errorf("history beside the daemon: %d %s%s", code, out, errOut)
	}

	start := time.Now()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, exited = d.wait(t, 5*time.Second)
	if !exited || code != 0 {
		t.Fatalf("after SIGTERM: exited=%v code=%d in %s; output:\n%s", exited, code, time.Since(start), d.out.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(hooks) != 1 {
		t.Errorf("%d webhook deliveries, want exactly 1", len(hooks))
	}
}

func TestDaemonSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a daemon process")
	}
	const docs = 40
	body := policyPage(seedDoc(t, "voiceconnect-2025.txt"), 2025, "k")
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(30 * time.Millisecond) // so that the kill lands mid-crawl
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(body, "<main>", "<main><h1>Policy "+r.URL.Path+"</h1>", 1))
	}))
	defer slow.Close()

	dir := t.TempDir()
	var cfg strings.Builder
	cfg.WriteString("database: tracker.db\nschedule: \"@every 1s\"\nspread: 0s\nhost_delay: 0s\nparallelism: 4\nvendors:\n")
	for i := range docs {
		fmt.Fprintf(&cfg, "  - id: v%02d\n    name: V%02d\n    documents:\n      - {type: privacy, url: %s/doc%02d}\n", i, i, slow.URL, i)
	}
	conf := writeConfig(t, dir, cfg.String())
	db := filepath.Join(dir, "tracker.db")

	d := startTracker(t, nil, "daemon", "--config", conf)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon output:\n%s", d.out.String())
		}
	})
	eventually(t, 20*time.Second, "some versions", func() bool { return versionCount(t, db, "v00")+versionCount(t, db, "v01") > 0 })
	if err := d.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	d.wait(t, 5*time.Second)

	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("integrity check after SIGKILL: %v", err)
	}
	st.Close()

	code, out, errOut := tracker(t, "crawl", "--config", conf)
	if code != 0 {
		t.Fatalf("crawl after SIGKILL: exit %d\n%s%s", code, out, errOut)
	}
	for i := range docs {
		if n := versionCount(t, db, fmt.Sprintf("v%02d", i)); n != 1 {
			t.Errorf("v%02d has %d versions after restart, want 1", i, n)
		}
	}
	// And a daemon starts again on the same database: the lock died with the
	// killed process.
	d2 := startTracker(t, nil, "daemon", "--config", conf)
	// Signalled only once it has started: a SIGTERM before the handlers are
	// set kills the process (seen under a loaded machine with a fixed sleep).
	eventually(t, 20*time.Second, "the restarted daemon to start", func() bool {
		return strings.Contains(d2.out.String(), "daemon started")
	})
	time.Sleep(500 * time.Millisecond)
	if err := d2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, exited := d2.wait(t, 10*time.Second); !exited || code != 0 {
		t.Fatalf("restarted daemon: exited=%v code=%d\n%s", exited, code, d2.out.String())
	}
}
