package wayback

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// maxArchiveHops bounds the redirects Fetch follows inside the archive.
const maxArchiveHops = 5

// Fetch downloads one capture's raw bytes, without the archive's toolbar:
// {base}/web/{timestamp}id_/{original}.
//
// Captures the index already rules out cost no request and return an error
// wrapping ErrSkipped and the reason: a redirect (3xx) is ErrRedirectCapture
// (its target has captures of its own, listed under its own URL), an error
// status ErrCaptureStatus, a type other than HTML or plain text ErrNotHTML.
//
// The archive often redirects a replay to the nearest timestamp it holds;
// Fetch follows such redirects, at most maxArchiveHops, while they stay in
// the archive and on the same page (scheme, "www." and default ports
// aside). A redirect anywhere else is ErrRedirectCapture, so a redirect
// page's text never passes for the page's. A replay answered with an error
// is ErrCaptureStatus, one of another type ErrNotHTML.
//
// A revisit record is fetched like any capture: the archive replays the
// payload it refers to.
func (c *Client) Fetch(ctx context.Context, cp Capture) (Page, error) {
	page := Page{Capture: cp}
	if err := cp.skipReason(); err != nil {
		return page, err
	}
	if !isTimestamp(cp.Timestamp) {
		return page, fmt.Errorf("%w: %s: timestamp %q is not 14 digits", ErrSkipped, cp.Original, cp.Timestamp)
	}
	target := cp.RawURL(c.opts.BaseURL)
	for range maxArchiveHops + 1 {
		resp, err := c.get(ctx, target)
		if err != nil {
			return page, fmt.Errorf("wayback: fetch %s: %w", target, err)
		}
		switch {
		case resp.status >= 300 && resp.status < 400:
			next, err := c.archiveHop(target, resp.header.Get("Location"), cp.Original)
			if err != nil {
				return page, fmt.Errorf("wayback: fetch %s: %w", target, err)
			}
			c.opts.Logger.Debug("following a redirect inside the archive", slog.String("from", target), slog.String("to", next))
			target = next
		case resp.status >= 200 && resp.status < 300:
			ct := resp.header.Get("Content-Type")
			if !textual(ct) {
				return page, fmt.Errorf("wayback: fetch %s: %w: replayed as %s", target, ErrNotHTML, ct)
			}
			page.FinalURL, page.Status, page.ContentType, page.Body = target, resp.status, ct, resp.body
			return page, nil
		default:
			return page, fmt.Errorf("wayback: fetch %s: %w: the archive answered %d", target, ErrCaptureStatus, resp.status)
		}
	}
	return page, fmt.Errorf("wayback: fetch %s: %w: more than %d redirects inside the archive",
		cp.RawURL(c.opts.BaseURL), ErrRedirectCapture, maxArchiveHops)
}

// archiveHop is the raw replay address to follow for a redirect, or why
// not: it leaves the archive or lands on another page.
func (c *Client) archiveHop(from, location, original string) (string, error) {
	if location == "" {
		return "", fmt.Errorf("%w: redirect without a Location", ErrRedirectCapture)
	}
	here, err := url.Parse(from)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", from, err)
	}
	loc, err := here.Parse(location)
	if err != nil {
		return "", fmt.Errorf("%w: bad Location %q: %w", ErrRedirectCapture, location, err)
	}
	archive, err := url.Parse(c.opts.BaseURL)
	if err != nil {
		return "", fmt.Errorf("parse base URL %s: %w", c.opts.BaseURL, err)
	}
	if !strings.EqualFold(loc.Host, archive.Host) {
		return "", fmt.Errorf("%w: redirects out of the archive, to %s", ErrRedirectCapture, loc)
	}
	ts, target, ok := splitReplay(loc)
	if !ok {
		return "", fmt.Errorf("%w: redirects to %s, not a capture", ErrRedirectCapture, loc)
	}
	if pageKey(target) != pageKey(original) {
		return "", fmt.Errorf("%w: %s redirects to %s", ErrRedirectCapture, original, target)
	}
	return Capture{Timestamp: ts, Original: target}.RawURL(c.opts.BaseURL), nil
}

// splitReplay reads /web/{timestamp}{flags}/{original} of a replay address;
// the flags (id_, if_...) are dropped so the next hop asks for raw bytes.
func splitReplay(u *url.URL) (ts, original string, ok bool) {
	rest, ok := strings.CutPrefix(u.EscapedPath(), "/web/")
	if !ok {
		return "", "", false
	}
	seg, original, ok := strings.Cut(rest, "/")
	if !ok || len(seg) < len(timestampLayout) || !isTimestamp(seg[:len(timestampLayout)]) || original == "" {
		return "", "", false
	}
	if u.RawQuery != "" {
		original += "?" + u.RawQuery
	}
	return seg[:len(timestampLayout)], original, true
}

// pageKey compares page addresses the way the archive matches them, plus
// the www twin: no scheme, lower-case host without "www." and default
// port, no trailing slash.
func pageKey(raw string) string {
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return raw
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	key := host + strings.TrimSuffix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}
