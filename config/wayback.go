package config

import (
	"fmt"
	"time"
)

// The archive's limits, as the wayback client applies them (see
// wayback/options.go for where they come from; a test keeps both equal).
const (
	maxCDXPerMinute      = 30
	maxCapturesPerMinute = 500
	maxNearestWindow     = 30 * 24 * time.Hour
)

// oldMaxRequestsPerMinute is what older versions accepted for their one
// limit.
const oldMaxRequestsPerMinute = 60

// upgradeWayback reads the one limit of older files, requests_per_minute,
// so that they still load: it capped every request, so it caps both new
// limits, the index's at most at its default (60, allowed then, is twice
// what the index allows now). A warning says what to write instead. With
// either new key beside it, or out of its old range, it is left for
// validate to refuse.
func (c *Config) upgradeWayback(lines map[string]int) {
	line, old := lines["wayback.requests_per_minute"]
	_, cdx := lines["wayback.cdx_per_minute"]
	_, captures := lines["wayback.captures_per_minute"]
	v := c.Wayback.RequestsPerMinute
	if !old || cdx || captures || v < 1 || v > oldMaxRequestsPerMinute {
		return
	}
	c.Wayback.CDXPerMinute = min(v, Default().Wayback.CDXPerMinute)
	c.Wayback.CapturesPerMinute = v
	c.Wayback.RequestsPerMinute = 0
	c.Warnings = append(c.Warnings, fmt.Sprintf(
		"%s:%d: wayback.requests_per_minute is deprecated: the archive limits its index and its replays apart; write cdx_per_minute: %d and captures_per_minute: %d instead (read so now)",
		c.Path, line, c.Wayback.CDXPerMinute, c.Wayback.CapturesPerMinute))
}

func (ck *checker) wayback(w Wayback) {
	ck.httpURL("wayback.base_url", w.BaseURL)
	if _, old := ck.lines["wayback.requests_per_minute"]; old && w.RequestsPerMinute != 0 {
		_, cdx := ck.lines["wayback.cdx_per_minute"]
		_, captures := ck.lines["wayback.captures_per_minute"]
		if cdx || captures {
			ck.fail("wayback.requests_per_minute", "is replaced by cdx_per_minute and captures_per_minute: remove it")
		} else {
			ck.fail("wayback.requests_per_minute", "is replaced by cdx_per_minute (at most %d) and captures_per_minute (at most %d); %d was never allowed (1 to %d)",
				maxCDXPerMinute, maxCapturesPerMinute, w.RequestsPerMinute, oldMaxRequestsPerMinute)
		}
	}
	if w.CDXPerMinute < 1 || w.CDXPerMinute > maxCDXPerMinute {
		ck.fail("wayback.cdx_per_minute", "must be between 1 and %d (the archive's limit for its index), got %d", maxCDXPerMinute, w.CDXPerMinute)
	}
	if w.CapturesPerMinute < 1 || w.CapturesPerMinute > maxCapturesPerMinute {
		ck.fail("wayback.captures_per_minute", "must be between 1 and %d (5/6 of the archive's limit for replays), got %d", maxCapturesPerMinute, w.CapturesPerMinute)
	}
	if w.NearestWindow <= 0 || w.NearestWindow > maxNearestWindow {
		ck.fail("wayback.nearest_window", "must be a duration between 1s and %s, such as 24h, got %s", maxNearestWindow, w.NearestWindow)
	}
}
