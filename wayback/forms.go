package wayback

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// queryForm is the url= value to ask the CDX index for a page: host, path
// and query, without scheme, default port or "www.".
//
// The index matches pages by a URL key that folds the scheme, default
// ports, case and a leading "www." (or "www2."...): example.com/privacy and
// www.example.com/privacy are one page to it, and asking for both returns
// every row twice (recorded: url=nasa.gov answers rows of
// http://www.nasa.gov:80/). So it is asked once.
func queryForm(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("parse %q: %w", raw, err)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", fmt.Errorf("%q has no host", raw)
	}
	host = withoutWWW(host)
	port := u.Port()
	if (port == "80" && u.Scheme == "http") || (port == "443" && u.Scheme == "https") {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	}
	form := host + u.EscapedPath()
	if u.RawQuery != "" {
		form += "?" + u.RawQuery
	}
	return form, nil
}

// withoutWWW drops a leading "www." ("www2." too) from a host name that
// has a dot after it, as the index's URL key does.
func withoutWWW(host string) string {
	rest, ok := strings.CutPrefix(host, "www")
	if !ok || net.ParseIP(host) != nil {
		return host
	}
	i := strings.IndexByte(rest, '.')
	if i < 0 || strings.Trim(rest[:i], "0123456789") != "" || !strings.Contains(rest[i+1:], ".") {
		return host
	}
	return rest[i+1:]
}
