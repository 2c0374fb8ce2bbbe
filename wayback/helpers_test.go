package wayback

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

var clockStart = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// newFake starts a fake archive and a client on a shared fake clock, with
// no jitter so pauses are exact.
func newFake(t *testing.T, caps ...waybacktest.Capture) (*Client, *waybacktest.Server, *waybacktest.Clock) {
	t.Helper()
	return newFakeWith(t, Options{}, caps...)
}

// newFakeWith is newFake with options; the fake's address, the user agent
// and the clock are set here.
func newFakeWith(t *testing.T, opts Options, caps ...waybacktest.Capture) (*Client, *waybacktest.Server, *waybacktest.Clock) {
	t.Helper()
	clk := waybacktest.NewClock(clockStart)
	arch := waybacktest.New(t, caps...)
	arch.SetClock(clk.Now)
	opts.BaseURL, opts.UserAgent, opts.Sleep, opts.Now = arch.URL, "tracker-test (privacy@example.com)", clk.Sleep, clk.Now
	c := New(opts)
	c.jitter = func(time.Duration) time.Duration { return 0 }
	return c, arch, clk
}

func html(text string) string {
	return "<html><body><p>" + text + "</p></body></html>"
}

func timestamps(caps []Capture) []string {
	var ts []string
	for _, c := range caps {
		ts = append(ts, c.Timestamp)
	}
	return ts
}

// newStallingServer answers nothing until block is closed.
func newStallingServer(t *testing.T, block <-chan struct{}) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
