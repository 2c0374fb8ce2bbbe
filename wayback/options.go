package wayback

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// The archive publishes no limits (internetarchive/wayback#274 asks for a
// policy; none came). These come from what its staff told the maintainers
// of the edgi-govdata-archiving/wayback client, the best-documented one:
//
//   - CDX search (/cdx/search/cdx) allows 30 requests a minute per IP,
//     shared with /web/timemap (their issue #206 and pull request #208, June
//     2026; it was 60 before, 100 in 2019: their issue #12);
//   - playback (/web/...) runs on other servers with a limit of its own,
//     about 600 a minute (DEFAULT_MEMENTO_RATE_LIMIT = 0.8 × 600/60 in their
//     src/wayback/_client.py; the archive's staff asked clients to stay at
//     80% of the hard limits);
//   - a client that goes on after 429s for more than a minute is blocked at
//     the firewall for an hour, the block doubling each time (their issue
//     #137, quoting the archive's staff, 2023);
//   - the archive sends no Retry-After (their _client.py, 2023-11-27), and
//     they wait 60 s after a 429.
//
// tracker stays further below: a backfill is not in a hurry, and the limit
// counts every client behind the same IP.
const (
	DefaultCDXPerMinute      = 20  // a third below the archive's 30
	MaxCDXPerMinute          = 30  // the archive's limit
	DefaultCapturesPerMinute = 120 // a fifth of the archive's about 600
	MaxCapturesPerMinute     = 500 // 5/6 of it, near the 80% its staff asked for
)

// Other defaults for the zero fields of Options.
const (
	DefaultBaseURL       = "https://web.archive.org"
	DefaultUserAgent     = "tracker-wayback/1.0"
	DefaultTimeout       = 60 * time.Second
	DefaultMaxBodySize   = 10 << 20
	DefaultMaxFailures   = 5
	DefaultNearestWindow = 24 * time.Hour
)

// Options configure a Client. Zero fields take the defaults above.
type Options struct {
	BaseURL string // default "https://web.archive.org"; tests point it at a local fake
	// CDXPerMinute spaces index requests; at most MaxCDXPerMinute.
	CDXPerMinute int
	// CapturesPerMinute spaces replay requests; at most MaxCapturesPerMinute.
	CapturesPerMinute int
	// NearestWindow is how far from a listed capture the archive's
	// redirect to its nearest capture is followed; default 24 h.
	NearestWindow time.Duration
	UserAgent     string        // sent with every request; should carry a contact
	Timeout       time.Duration // per request, body included; default 60s
	MaxBodySize   int64         // default 10 MiB, after decompression
	MaxFailures   int           // consecutive failures (429/503/5xx/broken connections) before ErrTooManyFailures; default 5
	Logger        *slog.Logger  // default: discard

	// Transport sends the requests; default: a clone of
	// http.DefaultTransport. Tests inject failing dialers.
	Transport http.RoundTripper
	// Sleep waits d or until ctx is done; tests inject a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock the rate limit and Retry-After dates are read from.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	o.CDXPerMinute = within(o.CDXPerMinute, DefaultCDXPerMinute, MaxCDXPerMinute)
	o.CapturesPerMinute = within(o.CapturesPerMinute, DefaultCapturesPerMinute, MaxCapturesPerMinute)
	if o.NearestWindow <= 0 {
		o.NearestWindow = DefaultNearestWindow
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	if o.MaxFailures <= 0 {
		o.MaxFailures = DefaultMaxFailures
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// within is v, its default when unset, and never above the archive's limit.
func within(v, def, limit int) int {
	if v <= 0 {
		return def
	}
	return min(v, limit)
}

// sleep is the real Sleep: a timer that gives way to ctx.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
