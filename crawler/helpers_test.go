package crawler

import (
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// hit is one request as the test server saw it.
type hit struct {
	Host, Path string
	At         time.Time
	Header     http.Header
}

// recorder notes every request a test server receives, with the server's
// own clock, so timing assertions never depend on the client side.
type recorder struct {
	mu   sync.Mutex
	hits []hit
}

func (rec *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.hits = append(rec.hits, hit{Host: r.Host, Path: r.URL.Path, At: time.Now(), Header: r.Header.Clone()})
		rec.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// hitsFor returns the requests for one path, or all but robots.txt when
// path is empty.
func (rec *recorder) hitsFor(path string) []hit {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []hit
	for _, h := range rec.hits {
		if (path == "" && h.Path != "/robots.txt") || h.Path == path {
			out = append(out, h)
		}
	}
	return out
}

func readFixture(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", name))
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := readFixture(name)
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// newTestCrawler builds a Crawler with test-friendly defaults: no host
// delay and a short timeout unless the test sets them.
func newTestCrawler(t *testing.T, opts Options) *Crawler {
	t.Helper()
	if opts.HostDelay == 0 {
		opts.HostDelay = -1
	}
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	opts.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.transport.Proxy = nil // tests only ever talk to 127.0.0.1
	c.guarded.Proxy = nil
	return c
}

// wantFetchError asserts res failed with reason and returns its error.
func wantFetchError(t *testing.T, res Result, reason Reason) *FetchError {
	t.Helper()
	if res.Body != nil {
		t.Errorf("failed result carries a body of %d bytes", len(res.Body))
	}
	var fe *FetchError
	if !errors.As(res.Err, &fe) {
		t.Fatalf("Err = %v (%T), want *FetchError with reason %s", res.Err, res.Err, reason)
	}
	if fe.Reason != reason {
		t.Fatalf("reason = %s, want %s (err: %v)", fe.Reason, reason, fe)
	}
	msg := fe.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, res.URL) || fe.Hint == "" {
		t.Errorf("error %q should be one line naming %s with a hint", msg, res.URL)
	}
	return fe
}
