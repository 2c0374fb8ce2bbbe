package wayback

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// 7. Two limiters: the CDX index at 20 a minute, replays at 120, and one
// live 429 pauses both.
func TestLimitersPerEndpoint(t *testing.T) {
	var caps []waybacktest.Capture
	for i := range 4 {
		caps = append(caps, waybacktest.Capture{
			Timestamp: time.Date(2020+i, 1, 1, 0, 0, 0, 0, time.UTC).Format("20060102150405"),
			Original:  "https://example.com/privacy", Body: html(strings.Repeat("v", i+1)),
		})
	}
	caps = append(caps, waybacktest.Capture{Timestamp: "20200101000000", Original: "https://example.com/terms", Body: html("t")})
	c, arch, clk := newFake(t, caps...)
	ctx := context.Background()
	list, err := c.Captures(ctx, "https://example.com/privacy", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cp := range list.Captures {
		if _, err := c.Fetch(ctx, cp); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Captures(ctx, "https://example.com/terms", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	reqs := arch.Requests()
	if len(reqs) != 6 {
		t.Fatalf("%d requests, want 1 CDX + 4 replays + 1 CDX", len(reqs))
	}
	for i := 2; i <= 4; i++ {
		if gap := reqs[i].Time.Sub(reqs[i-1].Time); gap != 500*time.Millisecond {
			t.Errorf("replay %d came %v after the previous one, want 500ms (120 a minute)", i, gap)
		}
	}
	if gap := reqs[5].Time.Sub(reqs[0].Time); gap != 3*time.Second {
		t.Errorf("second CDX request %v after the first, want 3s (20 a minute)", gap)
	}

	// A live 429 on a replay holds the index too.
	arch.Fail(waybacktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "120", Path: waybacktest.ReplayPrefix})
	clk.Advance(time.Minute)
	if _, err := c.Fetch(ctx, list.Captures[0]); err != nil {
		t.Fatal(err)
	}
	refused := arch.Requests()[6].Time
	if _, err := c.Captures(ctx, "https://example.com/privacy", time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	reqs = arch.Requests()
	last := reqs[len(reqs)-1]
	if last.Path != waybacktest.CDXPath || last.Time.Sub(refused) < 120*time.Second {
		t.Errorf("CDX request %v after the replay's 429, want the 120 s pause to hold it", last.Time.Sub(refused))
	}
}

// 8. Offline: DNS failures, refused and unreachable connections fail at
// once with their cause, not as the archive refusing.
func TestNetworkErrorsFailFast(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "http://" + closed.Addr().String()
	closed.Close()

	dial := func(err error) func(context.Context, string, string) (net.Conn, error) {
		return func(context.Context, string, string) (net.Conn, error) { return nil, err }
	}
	tests := []struct {
		name    string
		base    string
		dial    func(context.Context, string, string) (net.Conn, error)
		wantMsg string
	}{
		{"connection refused", refusedURL, nil, "connection refused"},
		{"DNS", "http://web.archive.example", dial(&net.DNSError{Err: "no such host", Name: "web.archive.example", IsNotFound: true}), "no such host"},
		{"DNS, temporary", "http://web.archive.example", dial(&net.DNSError{Err: "Temporary failure in name resolution", Name: "web.archive.example", IsTemporary: true}), "name resolution"},
		{"network unreachable", "http://192.0.2.1", dial(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}), "unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := waybacktest.NewClock(clockStart)
			opts := Options{BaseURL: tt.base, Sleep: clk.Sleep, Now: clk.Now}
			if tt.dial != nil {
				opts.Transport = &http.Transport{DialContext: tt.dial}
			}
			c := New(opts)
			_, err := c.Captures(context.Background(), "https://example.com/privacy", time.Time{}, time.Time{})
			if !errors.Is(err, ErrNetwork) || errors.Is(err, ErrTooManyFailures) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v, want ErrNetwork saying %q", err, tt.wantMsg)
			}
			if s := clk.Sleeps(); len(s) != 0 {
				t.Errorf("slept %v before failing", s)
			}
		})
	}
}
