package browser

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
)

func TestJudge(t *testing.T) {
	page, _ := url.Parse("https://www.example.com/privacy")
	r := &run{target: page, origin: page, tctx: context.Background(), mainFrame: cdp.FrameID("main")}
	ev := func(typ network.ResourceType, frame, u string) fetch.EventRequestPaused {
		return fetch.EventRequestPaused{ResourceType: typ, FrameID: cdp.FrameID(frame), Request: &network.Request{URL: u}}
	}
	tests := []struct {
		name    string
		ev      fetch.EventRequestPaused
		private bool // the page may reach private addresses
		want    verdict
	}{
		{"script of the page's host", ev(network.ResourceTypeScript, "main", "https://www.example.com/app.js"), false, allow},
		{"data over http on the same host", ev(network.ResourceTypeXHR, "main", "http://www.example.com/api/policy"), false, allow},
		{"image", ev(network.ResourceTypeImage, "main", "https://www.example.com/logo.png"), false, refuse},
		{"font", ev(network.ResourceTypeFont, "main", "https://fonts.example.net/a.woff2"), false, refuse},
		{"frame", ev(network.ResourceTypeDocument, "ad-frame", "https://ads.example.net/"), false, refuse},
		{"the tab sent to another site", ev(network.ResourceTypeDocument, "main", "https://evil.example.net/"), false, refuse},
		{"another port of the page's host", ev(network.ResourceTypeFetch, "main", "https://www.example.com:8443/admin"), false, refuse},
		{"a public address", ev(network.ResourceTypeFetch, "main", "https://93.184.216.34/policy.json"), false, allow},
		{"loopback", ev(network.ResourceTypeFetch, "main", "http://127.0.0.1:8080/"), false, refuse},
		{"cloud metadata", ev(network.ResourceTypeXHR, "main", "http://169.254.169.254/latest/meta-data/"), false, refuse},
		{"private network", ev(network.ResourceTypeScript, "main", "http://10.0.0.7/app.js"), false, refuse},
		{"IPv4-mapped loopback", ev(network.ResourceTypeFetch, "main", "http://[::ffff:127.0.0.1]/"), false, refuse},
		{"NAT64 of a private address", ev(network.ResourceTypeFetch, "main", "http://[64:ff9b::a00:7]/"), false, refuse},
		{"private network, allowed", ev(network.ResourceTypeScript, "main", "http://10.0.0.7/app.js"), true, allow},
		{"not http", ev(network.ResourceTypeOther, "main", "ftp://www.example.com/file"), false, refuse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.page.AllowPrivate = tt.private
			mainDoc := tt.ev.ResourceType == network.ResourceTypeDocument && tt.ev.FrameID == r.mainFrame
			if got := r.judge(tt.ev, mainDoc); got != tt.want {
				t.Errorf("judge = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFirstDocumentServed(t *testing.T) {
	page, _ := url.Parse("https://www.example.com/privacy")
	r := &run{target: page, origin: page, tctx: context.Background(), mainFrame: cdp.FrameID("main")}
	doc := fetch.EventRequestPaused{ResourceType: network.ResourceTypeDocument, FrameID: "main", Request: &network.Request{URL: page.String()}}
	if v := r.decide(doc); v != serve {
		t.Fatalf("the first navigation: %d, want the crawler's document served", v)
	}
	// A script reloading the page gets no second copy: it goes out as any
	// same-site navigation would.
	if v := r.decide(doc); v != allow || r.requests != 1 {
		t.Errorf("the second navigation: %d (requests %d), want it let through and counted", v, r.requests)
	}
}

// TestJudgeTrustsTheConfiguredHost: after a redirect, the page's new host
// is a name the remote side chose and is checked like any other; the
// configured URL's host stays trusted, as in the crawler.
func TestJudgeTrustsTheConfiguredHost(t *testing.T) {
	configured, _ := url.Parse("http://127.0.0.1:8080/privacy")
	landed, _ := url.Parse("http://127.0.0.2:8080/privacy")
	r := &run{target: landed, origin: configured, tctx: context.Background(), mainFrame: cdp.FrameID("main")}
	script := func(u string) fetch.EventRequestPaused {
		return fetch.EventRequestPaused{ResourceType: network.ResourceTypeScript, FrameID: "main", Request: &network.Request{URL: u}}
	}
	if v := r.judge(script("http://127.0.0.1:8080/app.js"), false); v != allow {
		t.Errorf("the configured host: %d, want allowed", v)
	}
	if v := r.judge(script("http://127.0.0.2:8080/app.js"), false); v != refuse {
		t.Errorf("the host redirected to, a loopback address: %d, want refused", v)
	}
	r.page.AllowPrivate = true
	if v := r.judge(script("http://127.0.0.2:8080/app.js"), false); v != allow {
		t.Errorf("the host redirected to, private addresses allowed: %d, want allowed", v)
	}
}
