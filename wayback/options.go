package wayback

import (
	"context"
	"log/slog"
	"strings"
	"time"
)

// Defaults for the zero fields of Options.
const (
	DefaultBaseURL           = "https://web.archive.org"
	DefaultRequestsPerMinute = 15
	DefaultUserAgent         = "tracker-wayback/1.0"
	DefaultTimeout           = 60 * time.Second
	DefaultMaxBodySize       = 10 << 20
	DefaultMaxFailures       = 5
)

// Options configure a Client. Zero fields take the defaults above.
type Options struct {
	BaseURL           string        // default "https://web.archive.org"; tests point it at a local fake
	RequestsPerMinute int           // default 15
	UserAgent         string        // sent with every request; should carry a contact
	Timeout           time.Duration // per request, body included; default 60s
	MaxBodySize       int64         // default 10 MiB
	MaxFailures       int           // consecutive failures (429/503/5xx/network) before ErrTooManyFailures; default 5
	Logger            *slog.Logger  // default: discard

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
	if o.RequestsPerMinute <= 0 {
		o.RequestsPerMinute = DefaultRequestsPerMinute
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
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
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
