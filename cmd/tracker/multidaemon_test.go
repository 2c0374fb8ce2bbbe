package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/store/storetest"
)

// multiSite serves n policy pages whose text moves to the next revision
// when told, and records every request's span per page, to tell whether a
// page was ever fetched by two processes at once.
type multiSite struct {
	srv *httptest.Server

	mu       sync.Mutex
	rev      int
	inFlight map[string]int
	overlaps []string
	fetches  map[string]int
}

func newMultiSite(t *testing.T) *multiSite {
	s := &multiSite{inFlight: map[string]int{}, fetches: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.inFlight[r.URL.Path]++
		if s.inFlight[r.URL.Path] > 1 {
			s.overlaps = append(s.overlaps, r.URL.Path)
		}
		s.fetches[r.URL.Path]++
		rev := s.rev
		s.mu.Unlock()
		time.Sleep(15 * time.Millisecond) // long enough for a second fetch to overlap
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><body><main><h1>Privacy policy of %s</h1><p>We collect your e-mail address to send you receipts.</p>"+
			"<p>We keep your records for %d days, and we may share them with %d advertising partners.</p>"+
			"<p>You may ask us to delete them at any time.</p></main></body></html>", r.URL.Path, 30*(rev+1), rev+1)
		s.mu.Lock()
		s.inFlight[r.URL.Path]--
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *multiSite) bump() {
	s.mu.Lock()
	s.rev++
	s.mu.Unlock()
}

// TestThreeDaemonsOnePostgres runs three daemon processes (the binary,
// built here) on one PostgreSQL database over 200 documents served
// locally, kills one with SIGKILL mid-run, and checks that every document
// was crawled every period, none by two daemons at once, and that each of
// the two changes of every page made one version and one alert.
func TestThreeDaemonsOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs three daemons")
	}
	url := storetest.PostgresURL(t)
	const (
		docs   = 200
		period = 6 * time.Second
		lease  = 3 * time.Second
	)
	bin := filepath.Join(t.TempDir(), "tracker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := newMultiSite(t)

	var mu sync.Mutex
	alerts := map[string][]int64{} // document URL → to_version of each delivery
	ids := map[string]int{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p struct {
			Data struct {
				Document struct {
					URL string `json:"url"`
				} `json:"document"`
				ToVersion int64 `json:"to_version"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		m := p.Data
		mu.Lock()
		alerts[m.Document.URL] = append(alerts[m.Document.URL], m.ToVersion)
		ids[r.Header.Get("webhook-id")]++
		mu.Unlock()
	}))
	defer receiver.Close()

	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "database: %q\nschedule: \"@every %s\"\nspread: 1s\nhost_delay: 0s\nparallelism: 8\n", url, period)
	fmt.Fprintf(&cfg, "alerts:\n  min_severity: low\n  webhooks:\n    - url: %s\n      secret_env: TEST_WEBHOOK_SECRET\nvendors:\n", receiver.URL)
	for i := range docs {
		fmt.Fprintf(&cfg, "  - id: v%03d\n    name: V%03d\n    documents:\n      - {type: privacy, url: %s/doc%03d}\n", i, i, site.srv.URL, i)
	}
	conf := writeConfig(t, dir, cfg.String())
	env := append(os.Environ(), "TEST_WEBHOOK_SECRET=whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")

	type proc struct {
		cmd    *exec.Cmd
		out    *syncBuffer
		listen string
		done   chan error
	}
	start := func() *proc {
		p := &proc{out: &syncBuffer{}, listen: freeAddr(t), done: make(chan error, 1)}
		p.cmd = exec.Command(bin, "daemon", "--config", conf, "--listen", p.listen, "--lease", lease.String(), "--shutdown-timeout", "10s")
		p.cmd.Env = env
		p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { p.done <- p.cmd.Wait() }()
		t.Cleanup(func() {
			_ = p.cmd.Process.Kill()
			if t.Failed() {
				t.Logf("daemon %s output (last 3000 bytes):\n%s", p.listen, tail(p.out.String(), 3000))
			}
		})
		return p
	}
	began := time.Now()
	daemons := []*proc{start(), start(), start()}

	// Every page is stored once, then changes twice; the second daemon is
	// killed between the two changes, in the middle of its crawls.
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	versions := func() int {
		var n int
		sums, err := st.DocumentSummaries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sums {
			n += s.Versions
		}
		return n
	}
	eventually(t, 120*time.Second, "a first version of every page", func() bool { return versions() == docs })
	site.bump()
	eventually(t, 120*time.Second, "the first change of every page", func() bool { return versions() == 2*docs })
	// Kill a daemon while it holds leases: wait until it crawls something.
	killed := daemons[1]
	eventually(t, 20*time.Second, "the second daemon crawling", func() bool {
		resp, err := http.Get("http://" + killed.listen + "/metrics")
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return strings.Contains(string(b), "tracker_crawls_in_flight ") && !strings.Contains(string(b), "tracker_crawls_in_flight 0")
	})
	site.bump()
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	eventually(t, 120*time.Second, "the second change of every page", func() bool { return versions() == 3*docs })
	eventually(t, 120*time.Second, "an alert for every change", func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, a := range alerts {
			n += len(a)
		}
		return n >= 2*docs
	})
	// Two more periods of crawling with a daemon down.
	time.Sleep(2 * period)
	healthz := map[string]string{}
	for _, p := range []*proc{daemons[0], daemons[2]} {
		resp, err := http.Get("http://" + p.listen + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "daemon: ") {
			t.Errorf("/healthz of %s: %d %s", p.listen, resp.StatusCode, b)
		}
		healthz[p.listen] = strings.TrimSpace(string(b))
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []*proc{daemons[0], daemons[2]} {
		select {
		case err := <-p.done:
			if err != nil {
				t.Errorf("daemon %s after SIGTERM: %v", p.listen, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("daemon %s did not stop", p.listen)
		}
	}
	ended := time.Now()

	// None fetched twice at once.
	site.mu.Lock()
	if len(site.overlaps) > 0 {
		t.Errorf("%d fetches overlapped another of the same page, e.g. %s", len(site.overlaps), site.overlaps[0])
	}
	site.mu.Unlock()

	// One version per revision, one alert per change, none twice.
	ctx := context.Background()
	sums, err := st.DocumentSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	crawlers := map[string]int{}
	var maxGap, quietGap time.Duration
	for _, s := range sums {
		if s.Versions != 3 {
			t.Errorf("%s has %d versions, want 3", s.VendorID, s.Versions)
		}
		fs, err := st.Fetches(ctx, s.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		times := make([]time.Time, 0, len(fs))
		for _, f := range fs {
			crawlers[f.Crawler]++
			times = append(times, f.StartedAt)
		}
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		// Every period: no gap between two fetches (nor from the first to
		// the end) longer than a period, plus the lease of a killed daemon,
		// the spread and a poll.
		times = append(times, ended.Add(-period)) // the last period may be cut by the stop
		for i := 1; i < len(times); i++ {
			gap := times[i].Sub(times[i-1])
			maxGap = max(maxGap, gap)
			// Away from the kill, a period plus a poll and the spread.
			if times[i].Before(killedAt) || times[i-1].After(killedAt.Add(lease)) {
				quietGap = max(quietGap, gap)
			}
		}
	}
	if limit := period + lease + 3*time.Second; maxGap > limit {
		t.Errorf("a document went %s without a fetch, more than %s", maxGap, limit)
	}
	if limit := period + 2*time.Second; quietGap > limit {
		t.Errorf("away from the kill, a document went %s without a fetch, more than %s", quietGap, limit)
	}
	mu.Lock()
	defer mu.Unlock()
	for id, n := range ids {
		if n != 1 {
			t.Errorf("alert %s delivered %d times", id, n)
		}
	}
	for u, tos := range alerts {
		if len(tos) != 2 || tos[0] == tos[1] {
			t.Errorf("%s: alerts for versions %v, want two distinct", u, tos)
		}
	}
	if len(alerts) != docs {
		t.Errorf("alerts for %d documents, want %d", len(alerts), docs)
	}
	if len(crawlers) != 3 {
		t.Errorf("fetches by %d processes, want 3: %v", len(crawlers), crawlers)
	}
	site.mu.Lock()
	total := 0
	for _, n := range site.fetches {
		total += n
	}
	site.mu.Unlock()
	t.Logf("%d documents, %s, killed at +%s; %d fetches by daemon: %v; longest gap %s (%s away from the kill); healthz: %v",
		docs, ended.Sub(began).Round(time.Second), killedAt.Sub(began).Round(time.Second), total, crawlers, maxGap.Round(100*time.Millisecond), quietGap.Round(100*time.Millisecond), healthz)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
