package crawler

import (
	"log/slog"
	"time"
)

// Defaults applied by New to zero-valued options.
const (
	// DefaultUserAgent names the program and no one: a contact is the
	// operator's to give (tracker's user_agent).
	DefaultUserAgent   = "tracker"
	DefaultTimeout     = 30 * time.Second
	DefaultMaxBodySize = 10 << 20
	DefaultHostDelay   = time.Second
	DefaultParallelism = 8
	maxRedirects       = 10
)

// DefaultContentTypes are the media types tracker can extract text from.
var DefaultContentTypes = []string{
	"text/html",
	"application/xhtml+xml",
	"text/plain",
	"text/markdown",
	"text/x-markdown",
	"application/pdf",
	"application/x-pdf",
	// File hosts (object stores, CMS downloads) serve PDFs under this
	// generic type: accepted, then the body must prove to be a PDF.
	"application/octet-stream",
}

// Options configure a Crawler. Zero values take the defaults above; a
// negative HostDelay turns the per-host delay off.
type Options struct {
	UserAgent   string
	Timeout     time.Duration // whole request, body included
	MaxBodySize int64         // a larger body is an error, never truncated
	// RespectRobots refuses URLs that robots.txt disallows for UserAgent.
	// robots.txt is fetched once per host for the Crawler's lifetime.
	RespectRobots bool
	HostDelay     time.Duration // minimum gap between two requests to one host
	Parallelism   int           // requests in flight at once
	// HostParallelism is how many requests one host gets at once; default
	// 1, the polite choice for sites one does not run.
	HostParallelism int
	// AllowedContentTypes are the media types accepted (without
	// parameters); empty means DefaultContentTypes.
	AllowedContentTypes []string
	Logger              *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	switch {
	case o.HostDelay == 0:
		o.HostDelay = DefaultHostDelay
	case o.HostDelay < 0:
		o.HostDelay = 0
	}
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.HostParallelism <= 0 {
		o.HostParallelism = 1
	}
	if len(o.AllowedContentTypes) == 0 {
		o.AllowedContentTypes = DefaultContentTypes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
