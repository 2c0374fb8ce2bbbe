package egress

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
)

type originKey struct{}

// origin is what a chain of requests trusts: the configured URL's host.
type origin struct {
	host, port   string
	allowPrivate bool
}

// WithOrigin marks ctx as carrying requests for the configured URL u:
// requests to u's own host go out unchecked, every other one (a redirect
// elsewhere, a hop the remote side chose) may reach public addresses only,
// unless allowPrivate lifts that for this document.
func WithOrigin(ctx context.Context, u *url.URL, allowPrivate bool) context.Context {
	return context.WithValue(ctx, originKey{}, origin{host: hostOf(u), port: portOf(u), allowPrivate: allowPrivate})
}

// Trusted reports whether a request to u under ctx goes out unchecked.
// A ctx without an origin trusts nothing.
func Trusted(ctx context.Context, u *url.URL) bool {
	o, ok := ctx.Value(originKey{}).(origin)
	if !ok {
		return false
	}
	if o.allowPrivate {
		return true
	}
	if hostOf(u) != o.host {
		return false
	}
	// The same host on another port is another service: the same IP on
	// another port is exactly what an attacker would aim at. An upgrade
	// from http to https on the default ports stays on the host.
	p := portOf(u)
	return p == o.port || (isDefaultPort(p) && isDefaultPort(o.port))
}

func hostOf(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	default:
		return "80"
	}
}

func isDefaultPort(p string) bool { return p == "80" || p == "443" }

// Transport sends each request through Trusted when its URL is trusted
// under the request's context (see WithOrigin), else through Guarded,
// whose dialler must refuse non-public addresses (see Guard). The two keep
// separate connection pools, so a connection opened to a trusted private
// host is never reused for a hop the remote side chose.
type Transport struct {
	Trusted, Guarded *http.Transport
	Resolver         *net.Resolver // for requests sent through a proxy; nil: the default
}

// RoundTrip routes req.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if Trusted(req.Context(), req.URL) {
		return t.Trusted.RoundTrip(req)
	}
	// Through a proxy the dialler sees the proxy, not the target: the
	// target's name is resolved and checked here instead (a proxy may
	// resolve it again differently; only the direct path is rebinding-proof).
	if t.Guarded.Proxy != nil {
		if p, err := t.Guarded.Proxy(req); err == nil && p != nil {
			r := t.Resolver
			if r == nil {
				r = net.DefaultResolver
			}
			if err := CheckHost(req.Context(), r, req.URL.Hostname()); err != nil {
				return nil, err
			}
		}
	}
	return t.Guarded.RoundTrip(req)
}

// CloseIdleConnections closes both pools' idle connections.
func (t *Transport) CloseIdleConnections() {
	t.Trusted.CloseIdleConnections()
	t.Guarded.CloseIdleConnections()
}

// Guard returns a copy of base whose connections are dialled by a copy of
// d that refuses non-public addresses after resolution.
func Guard(base *http.Transport, d *net.Dialer) *http.Transport {
	g := base.Clone()
	gd := *d
	gd.ControlContext = Control
	g.DialContext = gd.DialContext
	g.DialTLSContext = nil
	return g
}

// Route builds the routing Transport over base, dialled by d.
func Route(base *http.Transport, d *net.Dialer) *Transport {
	return &Transport{Trusted: base, Guarded: Guard(base, d)}
}
