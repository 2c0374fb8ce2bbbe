package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// judge decides whether a response is a usable document. It is kept apart
// from request building and from colly so that every rule is one testable
// function of status, headers and body.
type judge struct {
	maxBody int64
	types   []string // allowed media types, lower case
}

// headers rules on a response before its body is read, so that a PDF or an
// oversized page is refused without downloading it. nil means "read on".
func (j judge) headers(rawURL string, status int, h http.Header, conditional bool, now time.Time) *FetchError {
	switch {
	case status == http.StatusNotModified && conditional:
		return nil
	case status == http.StatusNotModified:
		return &FetchError{URL: rawURL, Reason: ReasonHTTPStatus, Status: status,
			Err:  errors.New("HTTP 304 Not Modified to a request that carried no validators"),
			Hint: "the server or a cache in between is misbehaving; retry later"}
	case status >= 200 && status < 300:
		if ct := h.Get("Content-Type"); ct != "" {
			if fe := j.contentType(rawURL, status, ct); fe != nil {
				return fe
			}
		}
		if n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil && n > j.maxBody {
			return j.tooLarge(rawURL, status)
		}
		return nil
	default:
		return statusError(rawURL, status, h, now)
	}
}

// body rules on the downloaded body. contentType is the header value, empty
// when the server sent none; the body is then sniffed.
func (j judge) body(rawURL string, status int, contentType string, body []byte) *FetchError {
	if int64(len(body)) > j.maxBody {
		return j.tooLarge(rawURL, status)
	}
	if contentType == "" {
		return j.contentType(rawURL, status, http.DetectContentType(body))
	}
	if mediaType(contentType) == "application/octet-stream" && !isPDF(body) {
		// Only a PDF is welcome under the generic type; anything else is
		// named by what it sniffs as.
		sniffed := mediaType(http.DetectContentType(body))
		if sniffed == "application/octet-stream" {
			sniffed = "binary data"
		}
		return j.contentType(rawURL, status, sniffed)
	}
	return nil
}

// isPDF reports the PDF magic within the first kilobyte, where the format
// allows it to stand.
func isPDF(body []byte) bool {
	return bytes.Contains(body[:min(len(body), 1024)], []byte("%PDF-"))
}

func (j judge) contentType(rawURL string, status int, ct string) *FetchError {
	mt := mediaType(ct)
	if slices.Contains(j.types, mt) {
		return nil
	}
	return &FetchError{URL: rawURL, Reason: ReasonContentType, Status: status,
		Err:  fmt.Errorf("unsupported content type %s: tracker reads HTML, plain text, Markdown and PDF only", mt),
		Hint: "point the URL at the HTML or PDF version of the document"}
}

func (j judge) tooLarge(rawURL string, status int) *FetchError {
	return &FetchError{URL: rawURL, Reason: ReasonTooLarge, Status: status,
		Err:  fmt.Errorf("body exceeds %s limit", formatSize(j.maxBody)),
		Hint: "raise the crawler's maximum body size if this page is really that large"}
}

// statusError describes a response that is neither 2xx nor an expected 304.
func statusError(rawURL string, status int, h http.Header, now time.Time) *FetchError {
	e := &FetchError{URL: rawURL, Reason: ReasonHTTPStatus, Status: status,
		Err: fmt.Errorf("HTTP %d %s", status, http.StatusText(status))}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), now)
	}
	switch {
	case status == http.StatusTooManyRequests:
		e.Reason = ReasonRateLimited
		e.Hint = "the site is rate-limiting tracker; retry later or raise the per-host delay"
		if e.RetryAfter > 0 {
			e.Hint = fmt.Sprintf("the site is rate-limiting tracker; retry after %s", e.RetryAfter)
		}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Hint = "the site refuses automated access or needs a login; open the URL in a browser"
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Hint = "the document is gone or has moved; find its new URL and update the config"
	case status >= 500:
		e.Hint = "the site has a server error; retry later"
		if e.RetryAfter > 0 {
			e.Hint = fmt.Sprintf("the site is unavailable; retry after %s", e.RetryAfter)
		}
	case status >= 300 && status < 400:
		e.Hint = "the site answered a redirect that could not be followed; open the URL in a browser"
	default:
		e.Hint = "check the URL in the config"
	}
	return e
}

// parseRetryAfter reads delay-seconds or an HTTP date; a missing, invalid
// or past value gives 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 || secs > int64(365*24*time.Hour/time.Second) {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}

// mediaType is the lower-case type/subtype of a Content-Type value.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// resultContentType is the Content-Type to report for a body colly has
// already decoded: colly converts any declared charset to UTF-8, so the
// reported charset must say so or callers would decode twice.
func resultContentType(header string, body []byte) string {
	if header == "" {
		return http.DetectContentType(body)
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || params["charset"] == "" {
		return header
	}
	params["charset"] = "utf-8"
	return mime.FormatMediaType(mt, params)
}
