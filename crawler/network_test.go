package crawler

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestTransportFailures(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select { // outlast the client's timeout, but never the test
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("secret"))
	}))
	t.Cleanup(tlsSrv.Close)
	closed := closedPortURL(t)

	tests := []struct {
		name    string
		url     string
		robots  bool
		reason  Reason
		timeout time.Duration
	}{
		{name: "timeout", url: slow.URL + "/policy", reason: ReasonTimeout, timeout: 200 * time.Millisecond},
		{name: "timeout after robots", url: slow.URL + "/policy", robots: true, reason: ReasonTimeout, timeout: 200 * time.Millisecond},
		{name: "dns", url: "http://policies.no-such-vendor.invalid/privacy", reason: ReasonDNS},
		{name: "dns via robots", url: "http://policies.no-such-vendor.invalid/privacy", robots: true, reason: ReasonDNS},
		// A handshake under -race on a loaded machine can outlast the
		// default 2 s; the certificate, not the clock, must fail it.
		{name: "untrusted certificate", url: tlsSrv.URL + "/privacy", reason: ReasonTLS, timeout: 20 * time.Second},
		{name: "connection refused", url: closed, reason: ReasonConnection},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCrawler(t, Options{Timeout: tt.timeout, RespectRobots: tt.robots})
			res := c.FetchOne(t.Context(), Request{URL: tt.url})
			wantFetchError(t, res, tt.reason)
			if tt.timeout > 0 && res.Duration > 10*tt.timeout {
				t.Errorf("Duration = %s, the %s timeout was not applied", res.Duration, tt.timeout)
			}
		})
	}
}

// closedPortURL returns a URL on 127.0.0.1 where nothing listens.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/privacy"
}

func TestCancel(t *testing.T) {
	arrived := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{Timeout: 10 * time.Second})

	t.Run("in flight and queued", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go func() {
			<-arrived
			cancel()
		}()
		reqs := []Request{{Key: "a", URL: srv.URL + "/a"}, {Key: "b", URL: srv.URL + "/b"}, {Key: "c", URL: srv.URL + "/c"}}
		start := time.Now()
		var got []Result
		c.Fetch(ctx, reqs, func(r Result) { got = append(got, r) })
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Fetch took %s after cancellation", d)
		}
		if len(got) != len(reqs) {
			t.Fatalf("%d results, want %d", len(got), len(reqs))
		}
		for _, r := range got {
			fe := wantFetchError(t, r, ReasonCanceled)
			if !strings.Contains(fe.Error(), "context canceled") {
				t.Errorf("error %q does not say the context was cancelled", fe)
			}
		}
	})

	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		wantFetchError(t, c.FetchOne(ctx, Request{URL: srv.URL + "/d"}), ReasonCanceled)
	})
}
