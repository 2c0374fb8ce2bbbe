package wayback

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Client talks to one archive. It is safe for concurrent use, but sends one
// request at a time: create one per process so its rate limit and pauses
// hold for every request the process makes.
type Client struct {
	opts Options
	http *http.Client
	gate gate

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
			// Redirects are followed by Fetch, which checks they stay in
			// the archive and on the same page.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		gate:     newGate(time.Minute / time.Duration(opts.RequestsPerMinute)),
		pageSize: cdxPageSize,
		jitter: func(d time.Duration) time.Duration {
			return rand.N(d/10 + 1)
		},
	}
}
