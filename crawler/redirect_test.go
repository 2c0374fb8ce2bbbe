package crawler

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/egress"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}

func TestSameSite(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://www.example.com/privacy", "https://example.com/privacy", true},
		{"http://example.com/privacy", "https://legal.example.com/privacy", true},
		{"https://example.com/", "https://login.other.com/", false},
		{"https://www.example.co.uk/", "https://example.co.uk/", true},
		{"https://a.example.co.uk/", "https://b.other.co.uk/", false},
		{"https://vendor.github.io/", "https://other.github.io/", false}, // private suffix
		{"https://EXAMPLE.com./", "https://example.com/", true},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:9090/", true},
		{"http://127.0.0.1/", "http://localhost/", false},
		{"http://[::1]:1/", "http://[::1]:2/", true},
	}
	for _, tt := range tests {
		t.Run(tt.a+" -> "+tt.b, func(t *testing.T) {
			if got := sameSite(mustURL(t, tt.a), mustURL(t, tt.b)); got != tt.want {
				t.Errorf("sameSite = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIsLoginURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://example.com/login", true},
		{"https://example.com/Login?next=/privacy", true},
		{"https://example.com/account/login", true},
		{"https://example.com/signin", true},
		{"https://example.com/sign-in.html", true},
		{"https://example.com/users/sign_in", true},
		{"https://example.com/auth/realms/x", true},
		{"https://example.com/sso", true},
		{"https://example.com/oauth2/authorize?client_id=1", true},
		{"https://accounts.example.com/ServiceLogin?continue=x", true},
		{"https://example.com/index.php?action=login", true},
		{"https://example.com/privacy", false},
		{"https://example.com/blogindex", false},
		{"https://example.com/legal/authors-terms", false},
		{"https://example.com/privacy?section=login-data", false},
		{"https://example.com/", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := isLoginURL(mustURL(t, tt.url)); got != tt.want {
				t.Errorf("isLoginURL = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckRedirect(t *testing.T) {
	req := func(s string) *http.Request { return &http.Request{URL: mustURL(t, s)} }
	chain := func(n int) []*http.Request {
		via := make([]*http.Request, n)
		for i := range via {
			via[i] = req("https://example.com/hop")
		}
		return via
	}
	tests := []struct {
		name   string
		to     string
		via    []*http.Request
		reason Reason // empty: followed
		errHas string
		// allowPrivate is the document's allow_private_redirects
		allowPrivate bool
	}{
		{name: "same site", to: "https://www.example.com/privacy", via: chain(1)},
		{name: "ninth hop", to: "https://example.com/privacy", via: chain(9)},
		{name: "tenth hop", to: "https://example.com/privacy", via: chain(10), reason: ReasonRedirects, errHas: "too many redirects"},
		{name: "loop", to: "https://example.com/hop", via: chain(2), reason: ReasonRedirects, errHas: "redirect loop"},
		{name: "other site", to: "https://other.com/privacy", via: chain(1), reason: ReasonRedirectHost},
		{name: "login", to: "https://example.com/signin", via: chain(1), reason: ReasonRedirectLogin},
		{name: "robots.txt within the site", to: "https://www.example.com/robots.txt",
			via: []*http.Request{req("https://example.com/robots.txt")}},
		{name: "robots.txt to another site", to: "https://cdn.other.com/robots.txt",
			via: []*http.Request{req("https://example.com/robots.txt")}, reason: ReasonRedirectHost},
		{name: "to a private address literal", to: "http://10.0.0.7/privacy", via: chain(1), reason: ReasonRedirectPrivate},
		{name: "to the metadata address", to: "http://169.254.169.254/latest/meta-data/", via: chain(1), reason: ReasonRedirectPrivate},
		{name: "to loopback on another port", to: "http://127.0.0.1:9/admin",
			via: []*http.Request{req("http://127.0.0.1:8080/privacy")}, reason: ReasonRedirectPrivate},
		{name: "within a private configured host", to: "http://127.0.0.1:8080/privacy/v2",
			via: []*http.Request{req("http://127.0.0.1:8080/privacy")}},
		{name: "private allowed by the document", to: "http://127.0.0.1:9/privacy",
			via: []*http.Request{req("http://127.0.0.1:8080/privacy")}, allowPrivate: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(tt.to)
			// The chain's context carries the configured URL, as fetch sets it.
			r = r.WithContext(egress.WithOrigin(t.Context(), tt.via[0].URL, tt.allowPrivate))
			err := checkRedirect(r, tt.via)
			if tt.reason == "" {
				if err != nil {
					t.Errorf("redirect refused: %v", err)
				}
				return
			}
			fe, ok := err.(*FetchError)
			if !ok || fe.Reason != tt.reason {
				t.Errorf("err = %v, want reason %s", err, tt.reason)
			}
			if ok && !strings.Contains(fe.Error(), tt.errHas) {
				t.Errorf("err = %v, want it to say %q", err, tt.errHas)
			}
		})
	}
}
