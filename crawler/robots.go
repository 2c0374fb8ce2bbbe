package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/tracker-dev/tracker/egress"
)

// robotsTTL is how long a host's robots.txt answer is kept (RFC 9309 asks
// crawlers not to use a cached copy for more than 24 hours).
const robotsTTL = 24 * time.Hour

// robots fetches and caches robots.txt per host. It replaces colly's own
// fetch, which read the file without a size limit, outside the request's
// context, and followed its redirects anywhere.
type robots struct {
	client *http.Client // the crawler's transport, budget and redirect rules
	agent  string
	mu     sync.Mutex
	byHost map[string]robotsEntry
}

type robotsEntry struct {
	data *robotstxt.RobotsData
	at   time.Time
}

// allowed reports whether u may be fetched; a nil error means yes. An
// answer that could not be had is an error, never a silent allow, except
// where RFC 9309 says the file is "unavailable" (4xx, or redirects that
// could not be followed): then everything is allowed.
func (rb *robots) allowed(ctx context.Context, u *url.URL, allowPrivate bool) *FetchError {
	host := u.Scheme + "://" + u.Host
	rb.mu.Lock()
	e, ok := rb.byHost[host]
	rb.mu.Unlock()
	if !ok || time.Since(e.at) > robotsTTL {
		data, fe := rb.fetch(ctx, host, allowPrivate)
		if fe != nil {
			return fe
		}
		e = robotsEntry{data: data, at: time.Now()}
		rb.mu.Lock()
		rb.byHost[host] = e
		rb.mu.Unlock()
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.data.TestAgent(path, rb.agent) {
		return &FetchError{URL: u.String(), Reason: ReasonRobots,
			Err:  fmt.Errorf("disallowed by the site's robots.txt (%s/robots.txt)", host),
			Hint: "ask the site owner, or turn robots.txt checking off only if you may fetch it"}
	}
	return nil
}

func (rb *robots) fetch(ctx context.Context, host string, allowPrivate bool) (*robotstxt.RobotsData, *FetchError) {
	robotsURL := host + "/robots.txt"
	u, err := url.Parse(robotsURL)
	if err != nil {
		return nil, &FetchError{URL: robotsURL, Reason: ReasonOther, Err: err, Hint: "fix the document's URL in the config"}
	}
	ctx = egress.WithOrigin(ctx, u, allowPrivate)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return nil, &FetchError{URL: robotsURL, Reason: ReasonOther, Err: err, Hint: "fix the document's URL in the config"}
	}
	req.Header.Set("User-Agent", rb.agent)
	req.Header.Set("Accept", "text/plain,*/*;q=0.1")
	resp, err := rb.client.Do(req)
	if err != nil {
		var fe *FetchError
		if errors.As(err, &fe) && (fe.Reason == ReasonRedirectHost || fe.Reason == ReasonRedirectLogin ||
			fe.Reason == ReasonRedirectPrivate || fe.Reason == ReasonRedirects) {
			// Redirects that may not be followed leave the file
			// "unavailable" (RFC 9309 2.3.1.2): no rules, and no request
			// to where it pointed.
			return allowAll(), nil
		}
		fe = transportError(ctx, robotsURL, err)
		fe.Err = fmt.Errorf("robots.txt: %w", fe.Err)
		return nil, fe
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return allowAll(), nil
	case resp.StatusCode < 200 || resp.StatusCode >= 300:
		fe := statusError(robotsURL, resp.StatusCode, resp.Header, time.Now())
		fe.Reason = ReasonRobots
		fe.Err = fmt.Errorf("robots.txt could not be read: %w", fe.Err)
		fe.Hint = "the site's robots.txt is unavailable; tracker tries again on the next crawl"
		return nil, fe
	}
	body, err := io.ReadAll(resp.Body) // the transport holds it to the budget
	if err != nil {
		fe := transportError(ctx, robotsURL, err)
		fe.Err = fmt.Errorf("robots.txt: %w", fe.Err)
		return nil, fe
	}
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		return nil, &FetchError{URL: robotsURL, Reason: ReasonRobots, Status: resp.StatusCode,
			Err: fmt.Errorf("robots.txt cannot be parsed: %w", err), Hint: "tell the site owner; turn robots.txt checking off only if you may fetch the site"}
	}
	return data, nil
}

func allowAll() *robotstxt.RobotsData {
	d, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return d
}
