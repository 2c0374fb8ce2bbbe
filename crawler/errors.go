package crawler

import (
	"fmt"
	"net/url"
	"time"

	"github.com/tracker-dev/tracker/fetchbody"
)

// Reason says why a fetch failed, for callers that react per cause
// (retry later, fix the URL, stop tracking).
type Reason string

const (
	ReasonDNS           Reason = "dns"
	ReasonTimeout       Reason = "timeout"
	ReasonTLS           Reason = "tls"
	ReasonConnection    Reason = "connection"
	ReasonHTTPStatus    Reason = "http-status"
	ReasonTooLarge      Reason = "too-large"
	ReasonContentType   Reason = "content-type"
	ReasonRobots        Reason = "robots"
	ReasonRedirectHost  Reason = "redirect-host"
	ReasonRedirectLogin Reason = "redirect-login"
	// ReasonRedirectPrivate is a hop the remote side chose that would
	// reach a loopback, private, link-local or metadata address.
	ReasonRedirectPrivate Reason = "redirect-private"
	ReasonRedirects       Reason = "redirects" // too many, or a loop
	ReasonDecode          Reason = "decode"    // a Content-Encoding that cannot be read
	ReasonNotText         Reason = "not-text"  // bytes that are not text in any declared or detected charset
	ReasonRateLimited     Reason = "rate-limited"
	// ReasonCanceled marks documents not fetched because the caller's
	// context ended; it says nothing about the site.
	ReasonCanceled Reason = "canceled"
	ReasonOther    Reason = "other"
)

// FetchError is the error of every failed Result.
type FetchError struct {
	URL        string
	Reason     Reason
	Status     int           // HTTP status when a response arrived, else 0
	Err        error         // the cause
	Hint       string        // what the user can do about it
	RetryAfter time.Duration // from Retry-After on 429/503, else 0
}

// Error reads "fetch URL: cause; hint" on one line.
func (e *FetchError) Error() string {
	msg := "fetch " + e.URL + ": " + causeText(e.Err)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *FetchError) Unwrap() error { return e.Err }

// causeText drops the *url.Error wrapper, which would repeat the method
// and the URL already named by FetchError.
func causeText(err error) string {
	if err == nil {
		return "failed"
	}
	// Only a *url.Error at the top: one wrapped deeper sits under a prefix
	// ("robots.txt: …") that must stay.
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// formatSize names a byte limit the way users configure it.
func formatSize(n int64) string { return fetchbody.FormatSize(n) }

// BudgetError is the cause of a fetch stopped by its document's time budget.
type BudgetError struct{ Budget time.Duration }

func (e *BudgetError) Error() string {
	return fmt.Sprintf("document took longer than its %s time budget (document_timeout)", e.Budget)
}
