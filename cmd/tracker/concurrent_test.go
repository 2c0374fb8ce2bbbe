package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/notify/smtptest"
	"github.com/tracker-dev/tracker/notify/webhook"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/store/storetest"
)

// TestCrawlBesideDaemonSQLite and TestCrawlBesideDaemonPostgres run
// `tracker crawl` processes next to a running daemon, all on one
// database, over 20 material changes of one page: every change is stored
// once and alerted once per channel, counted at a real SMTP server and a
// real webhook receiver.
func TestCrawlBesideDaemonSQLite(t *testing.T) {
	crawlBesideDaemon(t, filepath.Join(t.TempDir(), "tracker.db"))
}

func TestCrawlBesideDaemonPostgres(t *testing.T) {
	crawlBesideDaemon(t, storetest.PostgresURL(t))
}

func crawlBesideDaemon(t *testing.T, database string) {
	if testing.Short() {
		t.Skip("starts a daemon and crawl processes")
	}
	const changes = 20
	s := newSite(t)
	base := policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "a")
	const anchor = "We also do not provide any personal information to any third-party ad networks."
	if !strings.Contains(base, anchor) {
		t.Fatal("the seed page changed")
	}
	page := func(i int) string {
		if i == 0 {
			return base
		}
		return strings.Replace(base, anchor, fmt.Sprintf("We may sell your personal information to %d data brokers and keep it for %d years.", i, i+1), 1)
	}
	s.set("/p", page(0))

	mail := smtptest.Start(t, smtptest.Options{})
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	var mu sync.Mutex
	hooks := map[string]int{} // webhook-id → deliveries
	var bodies []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header, body, 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		mu.Lock()
		hooks[r.Header.Get("webhook-id")]++
		bodies = append(bodies, string(body))
		mu.Unlock()
	}))
	defer receiver.Close()

	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: %q
schedule: "@every 1s"
spread: 0s
host_delay: 0s
alerts:
  min_severity: low
  email:
    host: %s
    port: %d
    tls: none
    from: tracker@example.org
    to: [team@example.org]
  webhooks:
    - url: %s
      secret_env: TEST_WEBHOOK_SECRET
vendors:
  - id: gs
    name: Grandstream
    documents:
      - {type: privacy, url: %s}
`, database, mail.Host, mail.Port, receiver.URL, s.url("/p")))
	if !filepath.IsAbs(database) && !store.IsPostgres(database) {
		t.Fatal("database must be absolute")
	}
	env := []string{"TEST_WEBHOOK_SECRET=" + secret}
	daemon := startTracker(t, env, "daemon", "--config", conf)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon output:\n%s", daemon.out.String())
		}
	})
	eventually(t, 20*time.Second, "the first version", func() bool { return versionCount(t, database, "gs") >= 1 })

	for i := 1; i <= changes; i++ {
		s.set("/p", page(i))
		// Two crawls at once, while the daemon crawls every second.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := startTracker(t, env, "crawl", "--config", conf)
				if code, exited := p.wait(t, 60*time.Second); !exited || code != 0 {
					t.Errorf("crawl %d: exited=%v code=%d\n%s", i, exited, code, p.out.String())
				}
			}()
		}
		wg.Wait()
		if n := versionCount(t, database, "gs"); n != i+1 {
			t.Fatalf("after change %d: %d versions, want %d", i, n, i+1)
		}
	}
	eventually(t, 60*time.Second, "every alert on both channels", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(hooks) >= changes && len(mail.Messages()) >= changes
	})
	// Leave time for a duplicate to show up, then stop the daemon.
	time.Sleep(2 * time.Second)
	if err := daemon.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, exited := daemon.wait(t, 30*time.Second); !exited || code != 0 {
		t.Errorf("daemon: exited=%v code=%d", exited, code)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != changes || len(hooks) != changes {
		t.Errorf("%d webhook deliveries with %d ids, want %d of each", len(bodies), len(hooks), changes)
	}
	if got := len(mail.Messages()); got != changes {
		t.Errorf("%d e-mails, want %d", got, changes)
	}
	toVersions := map[int64]bool{}
	for _, b := range bodies {
		var m struct {
			Data struct {
				ToVersion int64 `json:"to_version"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			t.Fatal(err)
		}
		toVersions[m.Data.ToVersion] = true
	}
	if len(toVersions) != changes {
		t.Errorf("webhooks name %d distinct versions, want %d", len(toVersions), changes)
	}

	st, err := store.Open(context.Background(), database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	doc, err := st.Document(context.Background(), "gs", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := st.Versions(context.Background(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != changes+1 {
		t.Errorf("%d versions, want %d", len(vs), changes+1)
	}
	seen := map[string]bool{}
	for _, v := range vs {
		if seen[v.Hash] {
			t.Errorf("version %d repeats an earlier text", v.ID)
		}
		seen[v.Hash] = true
	}
	crawlers := map[string]bool{}
	fs, err := st.Fetches(context.Background(), doc.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		crawlers[f.Crawler] = true
	}
	t.Logf("%d fetches by %d processes; %d versions; %d e-mails; %d webhooks", len(fs), len(crawlers), len(vs), len(mail.Messages()), len(bodies))
}
