package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one document to fetch.
type Request struct {
	Key string // the caller's id for the document, echoed in the Result
	URL string
	// Validators from the previous successful fetch; when set the request
	// is conditional and an unchanged page answers 304 without a body.
	ETag         string
	LastModified string
	// Validate, when set, is asked for the validators just before the
	// request waits for its host's turn, and its answer replaces ETag and
	// LastModified: a crawl of thousands of documents starts fetching
	// before it has looked them all up.
	Validate func(context.Context) (etag, lastModified string)
	// AllowPrivateRedirects lets redirects and robots.txt redirects reach
	// loopback, private and link-local addresses (see package egress);
	// the configured URL itself is always trusted.
	AllowPrivateRedirects bool
	// Budget, when set, bounds the whole fetch (robots.txt, redirects,
	// body) from the moment the host's turn comes.
	Budget time.Duration
}

// acceptHeader prefers the formats tracker extracts but still lets a
// server answer with something else, which the judge then rejects by name.
const acceptHeader = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1"

// buildHeaders is the one place requests get their headers. Accept-Encoding
// is left to the transport, which decodes every coding under the budget.
func buildHeaders(userAgent string, r Request) http.Header {
	h := http.Header{}
	h.Set("User-Agent", userAgent)
	h.Set("Accept", acceptHeader)
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	return h
}

func (r Request) conditional() bool { return r.ETag != "" || r.LastModified != "" }

// parseTarget checks the URL is something worth sending and returns the
// key under which its host is scheduled (host:port, lower case).
func parseTarget(raw string) (*url.URL, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", fmt.Errorf("invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, "", fmt.Errorf("invalid URL: scheme %q is not http or https", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, "", errors.New("invalid URL: no host")
	}
	return u, strings.ToLower(u.Host), nil
}
