package browser

import (
	"context"
	"iter"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/tracker-dev/tracker/egress"
	"golang.org/x/net/publicsuffix"
)

// skipped are resource types that hold no policy text: not loaded at all.
var skipped = map[network.ResourceType]bool{
	network.ResourceTypeImage:              true,
	network.ResourceTypeMedia:              true,
	network.ResourceTypeFont:               true,
	network.ResourceTypeTextTrack:          true,
	network.ResourceTypeManifest:           true,
	network.ResourceTypePing:               true,
	network.ResourceTypeCSPViolationReport: true,
	network.ResourceTypePrefetch:           true,
	network.ResourceTypeSignedExchange:     true,
	network.ResourceTypeFedCM:              true,
}

// intercept answers every request the tab makes: the document from the
// crawler's body, the scripts and data the page needs let through when
// their address is allowed, everything else refused.
func (r *run) intercept(events iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range events {
		if err != nil {
			return
		}
		// Each answer is its own call: a slow DNS lookup must not hold up
		// the page's other requests.
		go r.answer(ev)
	}
}

func (r *run) answer(ev fetch.EventRequestPaused) {
	ctx := r.tctx
	switch r.decide(ev) {
	case serve:
		headers := []*fetch.HeaderEntry{{Name: "Content-Type", Value: cmpOr(r.page.ContentType, "text/html; charset=utf-8")}}
		_, _ = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID: ev.RequestID, ResponseCode: 200, ResponseHeaders: headers, Body: r.page.Body,
		})
	case allow:
		_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
	default:
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
}

type verdict int

const (
	refuse verdict = iota
	allow
	serve
)

func (r *run) decide(ev fetch.EventRequestPaused) verdict {
	r.mu.Lock()
	mainDoc := ev.ResourceType == network.ResourceTypeDocument && ev.FrameID == r.mainFrame
	if mainDoc && !r.served {
		r.served = true
		r.mu.Unlock()
		return serve
	}
	r.requests++
	r.mu.Unlock()
	v := r.judge(ev, mainDoc)
	if v == refuse {
		r.mu.Lock()
		r.blocked++
		r.mu.Unlock()
	}
	return v
}

func (r *run) judge(ev fetch.EventRequestPaused, mainDoc bool) verdict {
	if skipped[ev.ResourceType] || ev.Request == nil {
		return refuse
	}
	if ev.ResourceType == network.ResourceTypeDocument && !mainDoc {
		return refuse // frames (ads, consent managers, videos) are not read
	}
	u, err := url.Parse(ev.Request.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return refuse
	}
	if mainDoc && !sameSite(r.target, u) {
		return refuse // a script sending the tab to another site
	}
	if r.trustedURL(u) {
		return allow
	}
	if !r.public(u.Hostname()) {
		return refuse
	}
	return allow
}

// lookupTimeout bounds the address check of one request.
const lookupTimeout = 5 * time.Second

// public reports whether every address host resolves to is public, by
// the same ranges as the crawler's (package egress).
func (r *run) public(host string) bool {
	ctx, cancel := context.WithTimeout(r.tctx, lookupTimeout)
	defer cancel()
	return egress.CheckHost(ctx, net.DefaultResolver, host) == nil
}

// privateRange names the non-public range an address is in, "" for a
// public one (or one that does not parse: no answer to judge).
func privateRange(addr string) string {
	// Chromium writes IPv6 addresses in brackets.
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]"))
	if err != nil {
		return ""
	}
	return egress.Classify(ip)
}

// sameSite: the same registrable domain (www.example.com and example.com).
func sameSite(a, b *url.URL) bool {
	return registrable(a.Hostname()) == registrable(b.Hostname())
}

func registrable(host string) string {
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
