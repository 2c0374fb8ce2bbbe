// Package crawler fetches the configured documents over HTTP with colly:
// politely (User-Agent, robots.txt, per-host delay, bounded parallelism),
// conditionally (ETag / Last-Modified → 304) and strictly: anything that is
// not a readable document of the requested site comes back as a FetchError.
package crawler

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// Crawler fetches documents. It is safe for concurrent use; robots.txt
// answers, cookies, connections and host delays are shared by all calls.
type Crawler struct {
	opts      Options
	base      *colly.Collector // cloned per request to carry its context
	transport *http.Transport
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

	c := &Crawler{
		opts:      opts,
		transport: newTransport(opts.Timeout),
		judge:     judge{maxBody: opts.MaxBodySize, types: types},
		sched:     newScheduler(opts.Parallelism, opts.HostParallelism, opts.HostDelay),
		log:       opts.Logger,
	}
	col := colly.NewCollector()
	col.UserAgent = opts.UserAgent
	// One byte over the cap: colly truncates silently at MaxBodySize, so a
	// body that reaches cap+1 is known to be too large and is refused.
	col.MaxBodySize = int(opts.MaxBodySize + 1)
	col.IgnoreRobotsTxt = !opts.RespectRobots
	col.AllowURLRevisit = true        // documents are refetched every run
	col.ParseHTTPErrorResponse = true // statuses are judged here, not by colly
	col.WithTransport(c.transport)
	col.SetRequestTimeout(opts.Timeout)
	col.SetRedirectHandler(checkRedirect)
	c.base = col
	return c, nil
}

// newTransport is the one transport of a Crawler: keep-alive, HTTP/2, and
// phase timeouts no longer than the whole-request timeout.
func newTransport(timeout time.Duration) *http.Transport {
	phase := min(10*time.Second, timeout)
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: phase, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   phase,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
}
