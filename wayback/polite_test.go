package wayback

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

var (
	privacyV1 = waybacktest.Capture{Timestamp: "20200101000000", Original: "https://example.com/privacy", Body: html("v1")}
	privacyCp = Capture{Timestamp: "20200101000000", Original: "https://example.com/privacy", MimeType: "text/html", StatusCode: "200"}
)

func TestRateLimitSpacing(t *testing.T) {
	tests := []struct {
		perMinute int
		work      time.Duration // caller's work between fetches
		wantGap   time.Duration
		wantSleep time.Duration
	}{
		{0, 0, 500 * time.Millisecond, 500 * time.Millisecond}, // the default, 120/min
		{60, 200 * time.Millisecond, time.Second, 800 * time.Millisecond},
		{1000, 0, 120 * time.Millisecond, 120 * time.Millisecond}, // capped at 500/min
		{120, 10 * time.Second, 10 * time.Second, 0},              // slow caller: no wait
	}
	for _, tt := range tests {
		t.Run(tt.wantGap.String()+"/"+tt.work.String(), func(t *testing.T) {
			c, arch, clk := newFakeWith(t, Options{CapturesPerMinute: tt.perMinute}, privacyV1)
			for range 4 {
				if _, err := c.Fetch(context.Background(), privacyCp); err != nil {
					t.Fatal(err)
				}
				clk.Advance(tt.work)
			}
			for i, g := range arch.Gaps() {
				if g != tt.wantGap {
					t.Errorf("gap %d = %v, want %v", i, g, tt.wantGap)
				}
			}
			var want []time.Duration
			if tt.wantSleep > 0 {
				want = []time.Duration{tt.wantSleep, tt.wantSleep, tt.wantSleep}
			}
			if got := clk.Sleeps(); !slices.Equal(got, want) {
				t.Errorf("sleeps = %v, want %v", got, want)
			}
		})
	}
}

func TestConcurrentCallersShareTheLimits(t *testing.T) {
	c, arch, _ := newFake(t, privacyV1)
	arch.Fail(waybacktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "120", Path: "/web/"})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			_, err := c.Fetch(context.Background(), privacyCp)
			errs <- err
		})
		wg.Go(func() {
			_, err := c.Captures(context.Background(), "https://example.com/privacy", time.Time{}, time.Time{})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	reqs := arch.Requests()
	if len(reqs) != 1+4+4 { // the refused one, 4 fetches, 4 listings
		t.Errorf("%d requests", len(reqs))
	}
	// Spacing is checked by TestLimitersPerEndpoint: here the waits of
	// both endpoints move one fake clock at once, so stamps only say that
	// nothing went through the pause.
	var refused time.Time
	inFlight := 0
	for _, r := range reqs {
		cdx := r.Path == waybacktest.CDXPath
		if !refused.IsZero() && r.Time.Sub(refused) < 120*time.Second {
			// Only a CDX request already sent when the 429 came may
			// answer inside the pause.
			if inFlight++; !cdx || inFlight > 1 {
				t.Errorf("%s came %v after the 429: the pause must hold for every caller", r.Path, r.Time.Sub(refused))
			}
		}
		if r.Status == http.StatusTooManyRequests {
			refused = r.Time
		}
	}
}

func TestRefusals(t *testing.T) {
	tests := []struct {
		name       string
		faults     []waybacktest.Fault
		wantSleeps []time.Duration
		wantErr    error
		wantMsg    string
	}{
		{
			name:       "429 with Retry-After seconds",
			faults:     []waybacktest.Fault{{Status: 429, RetryAfter: "120"}},
			wantSleeps: []time.Duration{120 * time.Second},
		},
		{
			name:       "429 with Retry-After date",
			faults:     []waybacktest.Fault{{Status: 429, RetryAfter: "Wed, 01 May 2024 12:05:00 GMT"}},
			wantSleeps: []time.Duration{5 * time.Minute},
		},
		{
			name:       "Retry-After longer than the spacing",
			faults:     []waybacktest.Fault{{Status: 429, RetryAfter: "1"}},
			wantSleeps: []time.Duration{time.Second},
		},
		{
			name:       "503 without Retry-After: 60s then doubling",
			faults:     []waybacktest.Fault{{Status: 503}, {Status: 503}, {Status: 503}},
			wantSleeps: []time.Duration{60 * time.Second, 120 * time.Second, 240 * time.Second},
		},
		{
			name:       "500 and a dropped connection count as failures",
			faults:     []waybacktest.Fault{{Status: 500}, {Drop: true}},
			wantSleeps: []time.Duration{60 * time.Second, 120 * time.Second},
		},
		{
			name:       "too many 429s",
			faults:     []waybacktest.Fault{{Status: 429}, {Status: 429}, {Status: 429}, {Status: 429}, {Status: 429}, {Status: 429}},
			wantSleeps: []time.Duration{60 * time.Second, 120 * time.Second, 240 * time.Second, 480 * time.Second},
			wantErr:    ErrTooManyFailures,
			wantMsg:    "the archive keeps refusing or failing (HTTP 429); stopped after 5 tries; run backfill again later — it resumes",
		},
		{
			name:    "asked to wait too long",
			faults:  []waybacktest.Fault{{Status: 503, RetryAfter: "7200"}},
			wantErr: ErrTooManyFailures,
			wantMsg: "the archive asks to wait 2h0m0s (HTTP 503)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, arch, clk := newFake(t, privacyV1)
			arch.Fail(tt.faults...)
			page, err := c.Fetch(context.Background(), privacyCp)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("err = %v, want %v saying %q", err, tt.wantErr, tt.wantMsg)
				}
			} else if err != nil || string(page.Body) != html("v1") {
				t.Fatalf("page %q, err %v", page.Body, err)
			}
			if got := clk.Sleeps(); !slices.Equal(got, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", got, tt.wantSleeps)
			}
			// The server saw the same spacing: nothing was sent early.
			if got := arch.Gaps(); !slices.Equal(got, tt.wantSleeps) {
				t.Errorf("gaps between requests = %v, want %v", got, tt.wantSleeps)
			}
		})
	}
}

func TestBackoffCapAndJitter(t *testing.T) {
	c := New(Options{MaxFailures: 50})
	var last time.Duration
	for n := 1; n <= 12; n++ {
		d := c.pauseFor(http.Header{}, n)
		base := min(basePause<<(n-1), maxPause)
		if d < base || d > min(base+base/10, maxPause) {
			t.Errorf("pause after %d failures = %v, want within 10%% above %v, at most %v", n, d, base, maxPause)
		}
		if d < last {
			t.Errorf("pause after %d failures = %v, shorter than %v", n, d, last)
		}
		last = d
	}
}

func TestFailuresResetOnSuccess(t *testing.T) {
	c, arch, _ := newFake(t, privacyV1)
	c.opts.MaxFailures = 3
	for range 3 {
		arch.Fail(waybacktest.Fault{Status: 503}, waybacktest.Fault{Status: 503})
		if _, err := c.Fetch(context.Background(), privacyCp); err != nil {
			t.Fatalf("two failures then success: %v", err)
		}
	}
	// After a stop the next call starts afresh, once the archive relents.
	arch.Fail(waybacktest.Fault{Status: 503}, waybacktest.Fault{Status: 503}, waybacktest.Fault{Status: 503})
	if _, err := c.Fetch(context.Background(), privacyCp); !errors.Is(err, ErrTooManyFailures) {
		t.Fatalf("err = %v, want ErrTooManyFailures", err)
	}
	if _, err := c.Fetch(context.Background(), privacyCp); err != nil {
		t.Fatalf("after the archive relents: %v", err)
	}
}

func TestCancelWhilePaused(t *testing.T) {
	c, arch, clk := newFake(t, privacyV1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.opts.Sleep = func(ctx context.Context, d time.Duration) error {
		if d >= time.Minute {
			cancel() // the user gives up during the pause
		}
		return clk.Sleep(ctx, d)
	}
	arch.Fail(waybacktest.Fault{Status: 429, RetryAfter: "300"})
	_, err := c.Fetch(ctx, privacyCp)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTooManyFailures) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := arch.Count("/"); n != 1 {
		t.Errorf("%d requests, want only the refused one", n)
	}
}

func TestCancelWhilePausedRealClock(t *testing.T) {
	arch := waybacktest.New(t, privacyV1)
	arch.Fail(waybacktest.Fault{Status: 429, RetryAfter: "600"})
	c := New(Options{BaseURL: arch.URL})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Fetch(ctx, privacyCp)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("returned after %v", el)
	}
}

func TestCancelWhileWaitingForTheSlot(t *testing.T) {
	c, arch, _ := newFake(t, privacyV1)
	c.replay.slot <- struct{}{} // another request in flight
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Fetch(ctx, privacyCp); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if n := arch.Count("/"); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestUserAgent(t *testing.T) {
	tests := []struct{ configured, want string }{
		{"tracker/2.0 (+mailto:privacy@example.com)", "tracker/2.0 (+mailto:privacy@example.com)"},
		{"", DefaultUserAgent},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			clk := waybacktest.NewClock(clockStart)
			arch := waybacktest.New(t, privacyV1)
			arch.Fail(waybacktest.Fault{Status: 503})
			c := New(Options{BaseURL: arch.URL, UserAgent: tt.configured, Sleep: clk.Sleep, Now: clk.Now})
			if _, err := c.Captures(context.Background(), "https://example.com/privacy", time.Time{}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Fetch(context.Background(), privacyCp); err != nil {
				t.Fatal(err)
			}
			reqs := arch.Requests()
			if len(reqs) != 3 {
				t.Errorf("%d requests, want 3", len(reqs))
			}
			for _, r := range reqs {
				if r.UserAgent != tt.want {
					t.Errorf("%s sent User-Agent %q, want %q", r.Path, r.UserAgent, tt.want)
				}
			}
		})
	}
}

func TestRequestTimeout(t *testing.T) {
	// A replay that never answers counts as a failure once Timeout passes.
	block := make(chan struct{})
	srv := newStallingServer(t, block)
	clk := waybacktest.NewClock(clockStart)
	c := New(Options{BaseURL: srv, Timeout: 50 * time.Millisecond, MaxFailures: 2, Sleep: clk.Sleep, Now: clk.Now})
	_, err := c.Fetch(context.Background(), privacyCp)
	close(block)
	if !errors.Is(err, ErrTooManyFailures) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTooManyFailures from deadlines", err)
	}
}
