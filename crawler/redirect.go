package crawler

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/tracker-dev/tracker/egress"
)

// checkRedirect is the redirect policy handed to colly. A policy page that
// moves to another organisation or lands on a login form would otherwise be
// stored as a new version of the document, so both are errors.
//
// robots.txt redirects go through the same rules: a robots.txt may not
// send tracker where the page itself could not go.
func checkRedirect(req *http.Request, via []*http.Request) error {
	from := via[0].URL
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return &FetchError{URL: from.String(), Reason: ReasonRedirects,
				Err:  fmt.Errorf("redirect loop: %s redirects back to %s", via[len(via)-1].URL, req.URL),
				Hint: "the site redirects in a loop; open the URL in a browser and use the final address"}
		}
	}
	if len(via) >= maxRedirects {
		return &FetchError{URL: from.String(), Reason: ReasonRedirects,
			Err:  fmt.Errorf("too many redirects: stopped after %d, the last to %s", maxRedirects, req.URL),
			Hint: "open the URL in a browser and configure the final address"}
	}
	if !egress.Trusted(req.Context(), req.URL) {
		// An address literal can be refused before any connection; names
		// are checked by the dialer on the address they resolve to.
		if ip, err := netip.ParseAddr(strings.Trim(req.URL.Hostname(), "[]")); err == nil {
			if err := egress.Check(ip); err != nil {
				return &FetchError{URL: from.String(), Reason: ReasonRedirectPrivate,
					Err:  fmt.Errorf("redirected to %s: %w", req.URL, err),
					Hint: "the site points tracker at an internal address; if you trust it, set allow_private_redirects: true for this document"}
			}
		}
	}
	if !sameSite(from, req.URL) {
		return &FetchError{URL: from.String(), Reason: ReasonRedirectHost,
			Err:  fmt.Errorf("redirected to another site: %s", req.URL),
			Hint: "if the document really moved, update its URL in the config"}
	}
	if isLoginURL(req.URL) {
		return &FetchError{URL: from.String(), Reason: ReasonRedirectLogin,
			Err:  fmt.Errorf("redirected to a login page: %s", req.URL),
			Hint: "tracker reads public pages only; find a URL that opens without signing in"}
	}
	return nil
}

// sameSite reports whether two URLs share a registrable domain
// (www.example.com and example.com do; example.com and other.com do not).
// Ports and schemes are ignored: http→https upgrades are routine.
func sameSite(a, b *url.URL) bool {
	return registrable(a.Hostname()) == registrable(b.Hostname())
}

func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if net.ParseIP(host) != nil {
		return host
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host // a bare name such as localhost
}

// loginSegments are path segments (extension dropped) that mark sign-in
// pages. Whole segments only: "blogindex" must not match "login".
var loginSegments = map[string]bool{
	"login": true, "log-in": true, "log_in": true, "logon": true,
	"signin": true, "sign-in": true, "sign_in": true,
	"auth": true, "sso": true, "oauth": true, "oauth2": true, "saml": true,
	"authorize": true, "servicelogin": true, "userlogin": true,
}

// isLoginURL reports whether a redirect target looks like a sign-in page,
// by its path segments (/login, /account/login, /sign-in.html, /users/sign_in)
// or by a query value naming one (?action=login).
func isLoginURL(u *url.URL) bool {
	for seg := range strings.SplitSeq(strings.ToLower(u.Path), "/") {
		seg = strings.TrimSuffix(seg, path.Ext(seg))
		if loginSegments[seg] {
			return true
		}
	}
	for _, vals := range u.Query() {
		for _, v := range vals {
			if loginSegments[strings.ToLower(v)] {
				return true
			}
		}
	}
	return false
}
