package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestDaemonLogLevels runs the daemon over a good page, a page that is
// gone and a slow page, stops it with SIGTERM while the slow page is being
// fetched, and reads its log: the failed fetch is a WARN, the missing
// user_agent is told at start, and a normal stop logs no ERROR at all.
func TestDaemonLogLevels(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a daemon process")
	}
	s := newSite(t)
	s.set("/good", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "a"))
	var slowHits atomic.Int32
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slowHits.Add(1)
		select { // answers once the test has sent SIGTERM, or after 10 s
		case <-release:
		case <-time.After(10 * time.Second):
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, policyPage(seedDoc(t, "connect3-2019.txt"), 2025, "b"))
	}))
	defer slow.Close()
	defer close(release)

	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
schedule: "@every 1h"
spread: 0s
host_delay: 0s
respect_robots: false
vendors:
  - id: good
    name: Good
    documents: [{type: privacy, url: %s}]
  - id: gone
    name: Gone
    documents: [{type: privacy, url: %s}]
  - id: slow
    name: Slow
    documents: [{type: privacy, url: %s}]
`, s.url("/good"), s.url("/gone"), slow.URL+"/privacy"))
	listen := freeAddr(t)
	d := startTracker(t, nil, "daemon", "--config", conf, "--listen", listen)
	eventually(t, 20*time.Second, "the failed fetch in the log", func() bool {
		return strings.Contains(d.out.String(), "document=gone/privacy status=error")
	})
	eventually(t, 20*time.Second, "the slow fetch to start", func() bool { return slowHits.Load() > 0 })
	if code, out, errOut := tracker(t, "healthcheck", "--addr", listen); code != 0 || !strings.HasPrefix(out, "healthy: ok\n") {
		t.Errorf("healthcheck on a running daemon: exit %d\n%s%s", code, out, errOut)
	}
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the stop is under way, the fetch still in flight
	release <- struct{}{}
	code, exited := d.wait(t, 20*time.Second)
	out := d.out.String()
	if !exited || code != 0 {
		t.Fatalf("after SIGTERM: exited=%v code=%d\n%s", exited, code, out)
	}
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("a normal stop logged an ERROR:\n%s", out)
	}
	if !regexp.MustCompile(`level=WARN msg=crawled .*document=gone/privacy status=error .*404`).MatchString(out) {
		t.Errorf("the failed fetch is not a WARN:\n%s", out)
	}
	if !regexp.MustCompile(`level=INFO msg=crawled .*document=good/privacy status=new`).MatchString(out) {
		t.Errorf("the good fetch is not an INFO:\n%s", out)
	}
	if !regexp.MustCompile(`level=WARN msg="config: user_agent is not set: requests name no contact" user_agent=tracker/\S+ hint=`).MatchString(out) {
		t.Errorf("no warning about the missing user_agent:\n%s", out)
	}
	if !strings.Contains(out, "document=slow/privacy status=new") {
		t.Errorf("the fetch in flight at SIGTERM was not let finish:\n%s", out)
	}
}

// TestUserAgent: without user_agent, requests say "tracker/VERSION" and
// name no one, and the crawl warns; with it, they carry the operator's.
func TestUserAgent(t *testing.T) {
	page := policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "a")
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/p" {
			got.Store(r.UserAgent())
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	for _, tt := range []struct {
		setting, want string
		warns         bool
	}{
		{"", "tracker/" + currentBuild().Version, true},
		{"user_agent: \"tracker (+mailto:privacy@example.org)\"\n", "tracker (+mailto:privacy@example.org)", false},
	} {
		conf := writeConfig(t, t.TempDir(), tt.setting+"database: t.db\nhost_delay: 0s\nvendors:\n  - {id: a, name: A, documents: [{type: privacy, url: "+srv.URL+"/p}]}\n")
		code, out, errOut := tracker(t, "crawl", "--config", conf)
		if code != 0 {
			t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
		}
		if ua, _ := got.Load().(string); ua != tt.want {
			t.Errorf("User-Agent %q, want %q", ua, tt.want)
		}
		if warned := strings.Contains(errOut, "user_agent is not set"); warned != tt.warns {
			t.Errorf("warning %v, want %v:\n%s", warned, tt.warns, errOut)
		}
	}
	// A crawl of local files only sends nothing, and has nothing to warn of.
	code, _, errOut := tracker(t, "crawl", "--config", "../../configs/demo.yaml", "--db", t.TempDir()+"/demo.db")
	if code != 0 || strings.Contains(errOut, "user_agent") {
		t.Errorf("demo crawl: exit %d\n%s", code, errOut)
	}
}
