package wayback

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Client talks to one archive. It is safe for concurrent use. It keeps two
// limiters, one for the CDX index and one for replays, because the archive
// limits them apart; each sends one request at a time. A live 429 or 503
// pauses both. Create one Client per process so that its limits and pauses
// hold for every request the process makes.
type Client struct {
	opts   Options
	http   *http.Client
	cdx    *limiter
	replay *limiter

	mu       sync.Mutex
	resume   time.Time // no request on any endpoint before this
	failures int       // consecutive refusals or failures, all endpoints

	// pageSize is the CDX rows asked per page.
	pageSize int
	// jitter is added to growing pauses so that many clients refused at
	// once do not come back at once; tests replace it.
	jitter func(d time.Duration) time.Duration
}

// New builds a Client; zero Options fields take their defaults.
func New(opts Options) *Client {
	opts = opts.withDefaults()
	return &Client{
		opts: opts,
		http: &http.Client{
			Transport: opts.Transport,
			// Redirects are followed by Fetch, which checks they stay in
			// the archive, on the same page and within the window.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		cdx:      newLimiter("cdx", opts.CDXPerMinute),
		replay:   newLimiter("replay", opts.CapturesPerMinute),
		pageSize: cdxPageSize,
		jitter: func(d time.Duration) time.Duration {
			return rand.N(d/10 + 1)
		},
	}
}
