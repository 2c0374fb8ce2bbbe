package wayback

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

const (
	// cdxPageSize is the rows asked per CDX page.
	cdxPageSize = 5000
	// maxCDXPages bounds the paging loop: 1000 pages of 5000 rows is far
	// beyond any single page's history.
	maxCDXPages = 1000
)

// Captures lists the distinct captures of rawURL between from and to (zero:
// unbounded), oldest first. It asks for both the given host and its
// www/non-www twin (see queryForms), merges them, and keeps one capture per
// run of the same digest: a capture whose payload equals the one before
// adds nothing, which also drops revisit records of the content just seen.
// A revisit of older content is kept; Fetch replays that content.
func (c *Client) Captures(ctx context.Context, rawURL string, from, to time.Time) ([]Capture, error) {
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return nil, fmt.Errorf("wayback: captures of %s: from %s is after to %s", rawURL, from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	forms, err := queryForms(rawURL)
	if err != nil {
		return nil, fmt.Errorf("wayback: captures of %s: %w", rawURL, err)
	}
	var all []Capture
	for _, f := range forms {
		caps, err := c.list(ctx, f, from, to)
		if err != nil {
			return nil, fmt.Errorf("wayback: captures of %s: %w", rawURL, err)
		}
		all = append(all, caps...)
	}
	return mergeCaptures(all), nil
}

// list pages through the index for one url= form.
func (c *Client) list(ctx context.Context, form string, from, to time.Time) ([]Capture, error) {
	var caps []Capture
	seenKeys := map[string]bool{}
	key := ""
	for range maxCDXPages {
		target := c.cdxURL(form, from, to, key)
		resp, err := c.get(ctx, target)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", form, err)
		}
		if resp.status != http.StatusOK {
			return nil, fmt.Errorf("query %s: the index answered %d", form, resp.status)
		}
		page, next, err := parseCDX(resp.body)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", form, err)
		}
		caps = append(caps, page...)
		if next == "" {
			return caps, nil
		}
		if seenKeys[next] {
			return nil, fmt.Errorf("query %s: the index repeats resume key %q", form, next)
		}
		seenKeys[next] = true
		key = next
	}
	return nil, fmt.Errorf("query %s: more than %d pages of captures", form, maxCDXPages)
}

func (c *Client) cdxURL(form string, from, to time.Time, resumeKey string) string {
	q := url.Values{}
	q.Set("url", form)
	q.Set("output", "json")
	q.Set("fl", "timestamp,original,mimetype,statuscode,digest")
	q.Set("collapse", "digest")
	q.Set("limit", strconv.Itoa(c.pageSize))
	q.Set("showResumeKey", "true")
	if !from.IsZero() {
		q.Set("from", from.UTC().Format(timestampLayout))
	}
	if !to.IsZero() {
		q.Set("to", to.UTC().Format(timestampLayout))
	}
	if resumeKey != "" {
		q.Set("resumeKey", resumeKey)
	}
	return c.opts.BaseURL + "/cdx/search/cdx?" + q.Encode()
}

// mergeCaptures sorts by time, drops exact repeats (same timestamp and
// digest, as both url forms may return) and runs of one digest.
func mergeCaptures(caps []Capture) []Capture {
	slices.SortStableFunc(caps, func(a, b Capture) int {
		if a.Timestamp != b.Timestamp {
			if a.Timestamp < b.Timestamp {
				return -1
			}
			return 1
		}
		return 0
	})
	seen := make(map[[2]string]bool, len(caps))
	out := caps[:0]
	for _, cp := range caps {
		key := [2]string{cp.Timestamp, cp.Digest}
		if cp.Digest == "" {
			key[1] = "url:" + cp.Original
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if n := len(out); n > 0 && cp.Digest != "" && out[n-1].Digest == cp.Digest {
			continue
		}
		out = append(out, cp)
	}
	return slices.Clip(out)
}
