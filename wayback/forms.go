package wayback

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// queryForms are the url= values to ask the CDX index for a page.
//
// The index canonicalises the scheme (http and https match alike) and
// default ports, so the scheme is left out. It does not always fold "www.":
// captures of www.example.com/privacy and example.com/privacy can sit under
// different keys. Users expect both, so both the given host and its
// www/non-www twin are asked for, the given one first. IP addresses and
// single-label hosts have no twin.
func queryForms(raw string) ([]string, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", raw, err)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return nil, fmt.Errorf("%q has no host", raw)
	}
	port := u.Port()
	if (port == "80" && u.Scheme == "http") || (port == "443" && u.Scheme == "https") {
		port = ""
	}
	rest := u.EscapedPath()
	if u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	form := func(h string) string {
		if port != "" {
			h = net.JoinHostPort(h, port)
		}
		return h + rest
	}
	forms := []string{form(host)}
	if twin := wwwTwin(host); twin != "" {
		forms = append(forms, form(twin))
	}
	return forms, nil
}

func wwwTwin(host string) string {
	if rest, ok := strings.CutPrefix(host, "www."); ok {
		if strings.Contains(rest, ".") {
			return rest
		}
		return ""
	}
	if net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return ""
	}
	return "www." + host
}
