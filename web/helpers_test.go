package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
)

// policySite serves one policy page on 127.0.0.1 whose body a test swaps
// between crawls; every other path is a 404.
type policySite struct {
	mu   sync.Mutex
	body []byte
	srv  *httptest.Server
}

func newPolicySite(t testing.TB) *policySite {
	t.Helper()
	s := &policySite{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/privacy" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		body := s.body
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *policySite) set(body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body = body
}

// fixture is a real App on a fresh SQLite database whose first vendor's
// privacy policy was crawled twice (two versions, one change) and whose
// "broken" vendor's only page answers 404.
type fixture struct {
	app      *pipeline.App
	site     *policySite
	handler  http.Handler
	from, to int64 // the two stored versions of the privacy policy
	logs     *syncBuffer
}

// fixtureConfig takes the site's URL, then the first vendor's id and name.
const fixtureConfig = `database: tracker.db
host_delay: 0s
respect_robots: false
timeout: 10s
vendors:
  - id: %[2]s
    name: %[3]q
    documents:
      - type: privacy
        url: %[1]s/privacy
  - id: broken
    name: Broken Ltd
    documents:
      - type: terms
        url: %[1]s/missing
`

// testVendor is the vendor whose policy the fixture crawls.
type testVendor struct{ ID, Name string }

var acme = testVendor{ID: "acme", Name: "Acme & Co <Labs>"}

// newFixture crawls acme's two versions given as file names under
// testdata.
func newFixture(t testing.TB, oldFile, newFile string) *fixture {
	t.Helper()
	return newVendorFixture(t, acme, oldFile, newFile)
}

func newVendorFixture(t testing.TB, v testVendor, oldFile, newFile string) *fixture {
	t.Helper()
	oldBody, newBody := readTestdata(t, oldFile), readTestdata(t, newFile)
	site := newPolicySite(t)
	app := openApp(t, site.srv.URL, v)
	ctx := context.Background()
	targets, err := app.Select(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []pipeline.Status{pipeline.StatusNew, pipeline.StatusChanged}
	for i, body := range [][]byte{oldBody, newBody} {
		site.set(body)
		outs, err := app.Crawl(ctx, targets)
		if err != nil && !errors.Is(err, pipeline.ErrSomeFailed) {
			t.Fatalf("crawl %d: %v", i+1, err)
		}
		if got := outs[0].Status; got != want[i] {
			t.Fatalf("crawl %d: %s is %s (%v, %s), want %s", i+1, targets[0].Key(), got, outs[0].Err, outs[0].Note, want[i])
		}
		if outs[1].Status != pipeline.StatusError {
			t.Fatalf("crawl %d: broken/terms is %s, want an error", i+1, outs[1].Status)
		}
	}
	f := newFixtureFor(t, app, targets[0])
	f.site = site
	return f
}

// openApp opens an App on a fresh database in a temporary folder, with the
// vendor v's privacy policy and the broken vendor's terms on siteURL.
func openApp(t testing.TB, siteURL string, v testVendor) *pipeline.App {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tracker.yaml")
	yaml := fmt.Sprintf(fixtureConfig, siteURL, v.ID, v.Name)
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	app, err := pipeline.Open(context.Background(), cfg, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

// newFixtureFor serves app, whose target t holds exactly two versions.
func newFixtureFor(t testing.TB, app *pipeline.App, target pipeline.Target) *fixture {
	t.Helper()
	vs, err := app.Store().Versions(context.Background(), target.Stored.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %d, %v; want 2", len(vs), err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	return &fixture{app: app, handler: Handler(app, log), from: vs[0].ID, to: vs[1].ID, logs: logs}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// do runs one request through the handler.
func (f *fixture) do(t testing.TB, method, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
