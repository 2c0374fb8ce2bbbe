// Package crawler fetches the configured documents over HTTP with colly:
// politely (User-Agent, robots.txt, per-host delay, bounded parallelism),
// conditionally (ETag / Last-Modified → 304) and strictly: anything that is
// not a readable document of the requested site comes back as a FetchError.
//
// Every byte read, page or robots.txt, is counted after decoding under one
// budget (package fetchbody), and every hop the remote side chooses may
// reach public addresses only (package egress).
package crawler

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tracker-dev/tracker/egress"
	"github.com/tracker-dev/tracker/fetchbody"
)

// Crawler fetches documents. It is safe for concurrent use; robots.txt
// answers, cookies, connections and host delays are shared by all calls.
type Crawler struct {
	opts      Options
	base      *colly.Collector // cloned per request to carry its context
	transport *http.Transport  // to the configured hosts
	guarded   *http.Transport  // to every host the remote side points to
	robots    *robots
	judge     judge
	sched     *scheduler
	log       *slog.Logger
}

// New builds a Crawler; zero options take the package defaults.
func New(opts Options) (*Crawler, error) {
	opts = opts.withDefaults()
	types := make([]string, 0, len(opts.AllowedContentTypes))
	for _, t := range opts.AllowedContentTypes {
		mt := mediaType(t)
		if mt == "" || !strings.Contains(mt, "/") {
			return nil, fmt.Errorf("crawler: allowed content type %q is not a media type", t)
		}
		types = append(types, mt)
	}
	if opts.MaxBodySize >= int64(^uint(0)>>1) {
		return nil, fmt.Errorf("crawler: max body size %d is too large", opts.MaxBodySize)
	}

	trusted, dialer := newTransport(opts.Timeout)
	route := egress.Route(trusted, dialer)
	budget := &fetchbody.Transport{Next: route, Limit: opts.MaxBodySize, Large: fetchbody.NewGate(largeBodies, largeBody)}
	c := &Crawler{
		opts:      opts,
		transport: trusted,
		guarded:   route.Guarded,
		judge:     judge{maxBody: opts.MaxBodySize, types: types},
		sched:     newScheduler(opts.Parallelism, opts.HostParallelism, opts.HostDelay),
		log:       opts.Logger,
	}
	c.robots = &robots{
		client: &http.Client{Transport: budget, CheckRedirect: checkRedirect, Timeout: opts.Timeout},
		agent:  opts.UserAgent,
		byHost: make(map[string]robotsEntry),
	}
	col := colly.NewCollector()
	col.UserAgent = opts.UserAgent
	// The transport refuses a body past the budget; colly's own limit
	// (one byte over, since it truncates silently) is a second guard.
	col.MaxBodySize = int(opts.MaxBodySize + 1)
	col.IgnoreRobotsTxt = true // fetched by c.robots, under the same rules
	col.AllowURLRevisit = true // documents are refetched every run
	col.ParseHTTPErrorResponse = true
	col.WithTransport(budget)
	col.SetRequestTimeout(opts.Timeout)
	col.SetRedirectHandler(checkRedirect)
	c.base = col
	return c, nil
}

// At most largeBodies bodies past largeBody bytes are read at once (see
// fetchbody.Gate): policies are tens to hundreds of kilobytes, and a crawl
// of eight hostile pages at once must not hold eight budgets.
const (
	largeBodies = 2
	largeBody   = 1 << 20
)

// EgressTransport is the transport pages are fetched through (keep-alive,
// phase timeouts, no transparent decompression), routed by package egress:
// a request to the host marked on its context by egress.WithOrigin goes
// out as configured, any other may reach public addresses only. The
// archive client sends its requests through one too.
func EgressTransport(timeout time.Duration) *egress.Transport {
	return egress.Route(newTransport(timeout))
}

// newTransport is the transport to configured hosts: keep-alive, HTTP/2,
// phase timeouts no longer than the whole-request timeout, and no
// transparent decompression (fetchbody decodes under the budget instead).
// The dialer is returned for the guarded copy.
func newTransport(timeout time.Duration) (*http.Transport, *net.Dialer) {
	phase := min(10*time.Second, timeout)
	d := &net.Dialer{Timeout: phase, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		DisableCompression:    true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   phase,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}, d
}
