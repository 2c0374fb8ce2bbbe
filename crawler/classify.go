package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/gocolly/colly/v2"

	"github.com/tracker-dev/tracker/egress"
	"github.com/tracker-dev/tracker/fetchbody"
)

// transportError turns an error from the HTTP exchange (no usable
// response) into a FetchError. The caller's context is consulted first so
// that a cancelled run is never blamed on the site.
func transportError(ctx context.Context, rawURL string, err error) *FetchError {
	var fe *FetchError
	if errors.As(err, &fe) {
		fe.URL = rawURL // colly may have normalised the URL the refusal names
		return fe
	}
	var budget *BudgetError
	if ctx.Err() != nil && errors.As(context.Cause(ctx), &budget) {
		return &FetchError{URL: rawURL, Reason: ReasonTimeout, Err: budget,
			Hint: "the site is too slow; raise document_timeout if it is really that slow"}
	}
	if ctx.Err() != nil {
		return canceledError(ctx, rawURL)
	}
	e := &FetchError{URL: rawURL, Err: err}
	var (
		dnsErr    *net.DNSError
		blocked   *egress.BlockedError
		tooLarge  *fetchbody.TooLargeError
		decodeErr *fetchbody.DecodeError
	)
	switch {
	case errors.As(err, &blocked):
		e.Reason = ReasonRedirectPrivate
		e.Err = blocked
		e.Hint = "the site points tracker at an internal address; if you trust it, set allow_private_redirects: true for this document"
	case errors.As(err, &tooLarge):
		e.Reason = ReasonTooLarge
		e.Err = tooLarge
		e.Hint = "raise max_body_size if this page is really that large"
	case errors.As(err, &decodeErr):
		e.Reason = ReasonDecode
		e.Err = decodeErr
		e.Hint = "the server sent a body its Content-Encoding does not describe; open the URL in a browser"
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		e.Reason = ReasonRobots
		e.Err = fmt.Errorf("disallowed by the site's robots.txt: %w", err)
		e.Hint = "ask the site owner, or turn robots.txt checking off only if you may fetch it"
	case errors.As(err, &dnsErr):
		e.Reason = ReasonDNS
		e.Hint = "check the host name in the URL; the site may have moved"
	case isTLSError(err):
		e.Reason = ReasonTLS
		e.Hint = "the site's certificate is not trusted; check the URL and the site's HTTPS setup"
	case isTimeout(err):
		e.Reason = ReasonTimeout
		e.Hint = "the site is slow or unreachable; retry later or raise the crawler timeout"
	case isConnectionError(err):
		e.Reason = ReasonConnection
		e.Hint = "the server refused or dropped the connection; retry later and check the URL's port"
	default:
		e.Reason = ReasonOther
		e.Hint = "retry later; if it persists, check the URL"
	}
	return e
}

func canceledError(ctx context.Context, rawURL string) *FetchError {
	return &FetchError{
		URL: rawURL, Reason: ReasonCanceled,
		Err:  fmt.Errorf("not fetched: %w", context.Cause(ctx)),
		Hint: "the run was stopped before this document was fetched",
	}
}

func isTLSError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

func isTimeout(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}

func isConnectionError(err error) bool {
	var op *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.As(err, &op)
}
