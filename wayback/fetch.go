package wayback

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxArchiveHops bounds the redirects Fetch follows inside the archive.
const maxArchiveHops = 5

// Fetch downloads one capture's raw bytes, without the archive's toolbar:
// {base}/web/{timestamp}id_/{original}.
//
// The archive's answers are told from the captures it replays by the
// Memento-Datetime header, which only a capture has:
//
//   - a capture (with Memento-Datetime) is what the site answered then: a
//     2xx is the page, dated by its Memento-Datetime; a redirect to another
//     page is ErrRedirectCapture; a 4xx or 5xx, a 429 included, is
//     ErrCaptureStatus — the site's error, never the archive refusing;
//   - the archive's redirect to its nearest capture (no Memento-Datetime,
//     X-Archive-Redirect-Reason) is followed only to a capture within
//     Options.NearestWindow of the listed one, else ErrOutsideWindow;
//   - the archive's own pages are never a capture: "This URL has been
//     excluded" is ErrExcluded (permanent), "has not archived that URL"
//     and the rest ErrNotArchived.
//
// The body is decoded whatever the encoding headers say, and bytes that
// are not text are ErrNotText. Captures the index already rules out cost
// no request and return an error wrapping ErrSkipped and the reason.
func (c *Client) Fetch(ctx context.Context, cp Capture) (Page, error) {
	page := Page{Capture: cp}
	if err := cp.skipReason(); err != nil {
		return page, err
	}
	listed, _ := cp.Time() // checked by skipReason
	target := cp.RawURL(c.opts.BaseURL)
	for range maxArchiveHops + 1 {
		resp, err := c.get(ctx, c.replay, target)
		if err != nil {
			return page, fmt.Errorf("wayback: fetch %s: %w", target, err)
		}
		if !resp.memento {
			next, err := c.archiveAnswer(target, resp, cp.Original, listed)
			if err != nil {
				return page, fmt.Errorf("wayback: fetch %s: %w", target, err)
			}
			c.opts.Logger.Debug("following the archive to its nearest capture", slog.String("from", target), slog.String("to", next))
			target = next
			continue
		}
		captured, err := http.ParseTime(resp.header.Get("Memento-Datetime"))
		if err != nil {
			return page, fmt.Errorf("wayback: fetch %s: %w: Memento-Datetime %q: %w", target, ErrNotArchived, resp.header.Get("Memento-Datetime"), err)
		}
		switch s := resp.status; {
		case s >= 300 && s < 400:
			next, err := c.archiveHop(target, resp.header.Get("Location"), cp.Original, listed)
			if err != nil {
				return page, fmt.Errorf("wayback: fetch %s: the site redirected when captured: %w", target, err)
			}
			target = next // the site's redirect to the same page (scheme, slash)
		case s >= 200 && s < 300:
			ct := resp.header.Get("Content-Type")
			if !textual(ct) {
				return page, fmt.Errorf("wayback: fetch %s: %w: replayed as %s", target, ErrNotHTML, ct)
			}
			if isPDFType(ct) {
				if !bytes.Contains(resp.body[:min(len(resp.body), 1024)], []byte("%PDF-")) {
					return page, fmt.Errorf("wayback: fetch %s: %w: replayed as a PDF but %s (%d bytes)", target, ErrNotText, http.DetectContentType(resp.body), len(resp.body))
				}
			} else if !isText(resp.body) {
				return page, fmt.Errorf("wayback: fetch %s: %w: %s (%d bytes)", target, ErrNotText, http.DetectContentType(resp.body), len(resp.body))
			}
			page.Captured, page.Timestamp = captured.UTC(), captured.UTC().Format(timestampLayout)
			page.FinalURL, page.Status, page.ContentType, page.Body = target, s, ct, resp.body
			return page, nil
		default:
			return page, fmt.Errorf("wayback: fetch %s: %w: HTTP %d, captured %s", target, ErrCaptureStatus, s, captured.UTC().Format(time.RFC3339))
		}
	}
	return page, fmt.Errorf("wayback: fetch %s: %w: more than %d redirects inside the archive",
		cp.RawURL(c.opts.BaseURL), ErrRedirectCapture, maxArchiveHops)
}

// archiveAnswer judges an answer of the archive itself (no
// Memento-Datetime): a redirect to its nearest capture gives the address to
// follow; its own pages are errors.
func (c *Client) archiveAnswer(target string, resp response, original string, listed time.Time) (string, error) {
	if resp.status >= 300 && resp.status < 400 {
		return c.archiveHop(target, resp.header.Get("Location"), original, listed)
	}
	text := strings.ToLower(string(resp.body))
	runtimeErr := resp.header.Get("X-Archive-Wayback-Runtime-Error")
	switch {
	case strings.Contains(text, "excluded from the wayback machine"):
		return "", fmt.Errorf("%w (HTTP %d): %w", ErrExcluded, resp.status, ErrPermanent)
	case strings.Contains(runtimeErr, "AccessControlException"):
		// "RobotAccessControlException: Blocked By Robots" and the like:
		// the whole site, not this capture.
		return "", fmt.Errorf("%w (HTTP %d, %s): %w", ErrExcluded, resp.status, runtimeErr, ErrPermanent)
	case strings.Contains(text, "has not archived that url"):
		return "", fmt.Errorf("%w: HTTP %d, the archive's \"has not archived that URL\" page", ErrNotArchived, resp.status)
	}
	return "", fmt.Errorf("%w: HTTP %d without a Memento-Datetime, not a capture: %.100q", ErrNotArchived, resp.status, bytes.TrimSpace(resp.body))
}

// archiveHop is the raw replay address to follow for a redirect, or why
// not: it leaves the archive, lands on another page, or on a capture
// further than the window from the listed one.
func (c *Client) archiveHop(from, location, original string, listed time.Time) (string, error) {
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
	if !strings.EqualFold(pageKey(target), pageKey(original)) {
		return "", fmt.Errorf("%w: %s redirects to %s", ErrRedirectCapture, original, target)
	}
	at, err := time.Parse(timestampLayout, ts)
	if err != nil {
		return "", fmt.Errorf("%w: redirects to a capture at %q: %w", ErrRedirectCapture, ts, err)
	}
	if gap := at.Sub(listed).Abs(); gap > c.opts.NearestWindow {
		return "", fmt.Errorf("%w: listed at %s, replayed from %s, %s away (window %s)",
			ErrOutsideWindow, listed.Format(time.RFC3339), at.Format(time.RFC3339), roundGap(gap), c.opts.NearestWindow)
	}
	return Capture{Timestamp: ts, Original: target}.RawURL(c.opts.BaseURL), nil
}

func roundGap(d time.Duration) time.Duration {
	if d > time.Hour {
		return d.Round(time.Minute)
	}
	return d.Round(time.Second)
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

// pageKey compares page addresses the way the archive matches them: no
// scheme, host without "www." and default port, no trailing slash. Callers
// compare keys without regard to case, as the archive does.
func pageKey(raw string) string {
	s := raw
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return raw
	}
	return keyOf(u)
}

func keyOf(u *url.URL) string {
	host := withoutWWW(strings.ToLower(u.Hostname()))
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	key := host + strings.TrimSuffix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}
