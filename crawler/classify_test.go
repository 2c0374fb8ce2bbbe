package crawler

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/gocolly/colly/v2"
)

func TestTransportError(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://example.com/p", Err: err} }
	tests := []struct {
		name     string
		err      error
		canceled bool
		want     Reason
	}{
		{name: "robots", err: colly.ErrRobotsTxtBlocked, want: ReasonRobots},
		{name: "dns", err: wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}), want: ReasonDNS},
		{name: "tls", err: wrap(x509.UnknownAuthorityError{}), want: ReasonTLS},
		{name: "deadline", err: wrap(context.DeadlineExceeded), want: ReasonTimeout},
		{name: "net timeout", err: wrap(&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}), want: ReasonTimeout},
		{name: "refused", err: wrap(&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), want: ReasonConnection},
		{name: "reset", err: wrap(syscall.ECONNRESET), want: ReasonConnection},
		{name: "eof", err: wrap(io.EOF), want: ReasonConnection},
		{name: "unknown", err: errors.New("weird"), want: ReasonOther},
		{name: "redirect refusal kept", err: wrap(&FetchError{Reason: ReasonRedirectLogin}), want: ReasonRedirectLogin},
		{name: "cancelled run", err: wrap(context.Canceled), canceled: true, want: ReasonCanceled},
		{name: "cancel wins over timeout", err: wrap(context.DeadlineExceeded), canceled: true, want: ReasonCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tt.canceled {
				cancel()
			}
			fe := transportError(ctx, "https://example.com/p", tt.err)
			if fe.Reason != tt.want {
				t.Errorf("reason = %s, want %s (%v)", fe.Reason, tt.want, fe)
			}
			if tt.want != ReasonCanceled && tt.want != ReasonRedirectLogin && !errors.Is(fe, tt.err) {
				t.Errorf("%v does not unwrap to the cause", fe)
			}
		})
	}
}

func TestFetchErrorMessage(t *testing.T) {
	fe := &FetchError{
		URL: "https://example.com/p", Reason: ReasonDNS, Hint: "check the host",
		Err: &url.Error{Op: "Get", URL: "https://example.com/p", Err: errors.New("lookup example.com: no such host")},
	}
	want := "fetch https://example.com/p: lookup example.com: no such host; check the host"
	if got := fe.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if strings.Count(fe.Error(), "https://example.com/p") != 1 {
		t.Errorf("URL repeated in %q", fe.Error())
	}
	wrapped := fmt.Errorf("pipeline: %w", fe)
	var got *FetchError
	if !errors.As(wrapped, &got) || got.Reason != ReasonDNS {
		t.Errorf("errors.As through wrapping failed")
	}
}

func TestNew(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	o := c.opts
	if o.UserAgent != DefaultUserAgent || o.Timeout != DefaultTimeout || o.MaxBodySize != DefaultMaxBodySize ||
		o.HostDelay != DefaultHostDelay || o.Parallelism != DefaultParallelism || o.Logger == nil {
		t.Errorf("defaults not applied: %+v", o)
	}
	if c.base.IgnoreRobotsTxt != true {
		t.Error("robots.txt checked although RespectRobots is false")
	}
	if c, _ := New(Options{HostDelay: -1}); c.opts.HostDelay != 0 {
		t.Errorf("negative HostDelay = %s, want none", c.opts.HostDelay)
	}
	if _, err := New(Options{AllowedContentTypes: []string{"html"}}); err == nil {
		t.Error("a content type without a slash was accepted")
	}
}
