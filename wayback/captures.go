package wayback

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	// cdxPageSize is the rows asked per CDX page.
	cdxPageSize = 5000
	// maxCDXPages bounds the paging loop: 1000 pages of 5000 rows is far
	// beyond any single page's history.
	maxCDXPages = 1000
)

// The index keeps rows of a successful page (200) and revisit records of
// one (resolveRevisits=true gives a revisit the status and type of the
// capture it refers to when that capture was read earlier in the same
// answer; a revisit of something older keeps "-"), HTML, text or PDF only, and
// collapses runs of one digest after filtering.
const (
	filterStatus = "statuscode:(200|-)"
	filterType   = `mimetype:(text/html|application/xhtml\+xml|text/plain|application/pdf|warc/revisit)(;.*)?`
)

// Listing is what the index holds for one page.
type Listing struct {
	// Captures are the distinct captures worth a fetch, oldest first: one
	// per run of the same content (digest).
	Captures []Capture
	Rows     int // rows the index answered
	Repeats  int // identical rows left out (the index repeats rows)
	Repaired int // rows whose timestamp had an inserted "00" month or day
	// Malformed rows were skipped one by one: no URL, another page's, a
	// timestamp beyond repair, missing fields.
	Malformed int
	Unwanted  int // well-formed rows of redirects, errors or other types
	Collapsed int // rows with the same content as the capture before them
}

// Captures lists the distinct captures of rawURL between from and to (zero:
// unbounded), oldest first. It asks the index once per URL key: the index
// folds the scheme, default port, case and "www." into one key.
func (c *Client) Captures(ctx context.Context, rawURL string, from, to time.Time) (Listing, error) {
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return Listing{}, fmt.Errorf("wayback: captures of %s: from %s is after to %s", rawURL, from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	form, err := queryForm(rawURL)
	if err != nil {
		return Listing{}, fmt.Errorf("wayback: captures of %s: %w", rawURL, err)
	}
	rows, err := c.list(ctx, form, from, to)
	if err != nil {
		return Listing{}, fmt.Errorf("wayback: captures of %s: %w", rawURL, err)
	}
	return c.distinct(rows, rawURL), nil
}

// list pages through the index with its resume keys.
func (c *Client) list(ctx context.Context, form string, from, to time.Time) ([]string, error) {
	var rows []string
	seenKeys := map[string]bool{}
	key := ""
	for range maxCDXPages {
		resp, err := c.get(ctx, c.cdx, c.cdxURL(form, from, to, key))
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", form, err)
		}
		if resp.status != http.StatusOK {
			return nil, fmt.Errorf("query %s: %w", form, indexRefusal(resp))
		}
		page, next, err := splitCDX(resp.body)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", form, err)
		}
		rows = append(rows, page...)
		if next == "" {
			return rows, nil
		}
		if seenKeys[next] {
			return nil, fmt.Errorf("query %s: the index repeats resume key %q", form, next)
		}
		seenKeys[next] = true
		key = next
	}
	return nil, fmt.Errorf("query %s: more than %d pages of captures", form, maxCDXPages)
}

// indexRefusal explains an index answer other than 200. A 403 with
// X-Archive-Wayback-Runtime-Error is the archive refusing the site for
// good (AdministrativeAccessControlException: Blocked Site Error, or
// RobotAccessControlException).
func indexRefusal(resp response) error {
	cause := strings.TrimSpace(resp.header.Get("X-Archive-Wayback-Runtime-Error"))
	if resp.status == http.StatusForbidden && cause != "" {
		if i := strings.LastIndex(cause, "exception."); i >= 0 {
			cause = cause[i+len("exception."):]
		}
		return fmt.Errorf("%w (%s): %w", ErrBlocked, cause, ErrPermanent)
	}
	snippet := string(bytes.TrimSpace(resp.body))
	return fmt.Errorf("the index answered %d: %.200q", resp.status, snippet)
}

func (c *Client) cdxURL(form string, from, to time.Time, resumeKey string) string {
	q := url.Values{}
	q.Set("url", form)
	q.Set("limit", strconv.Itoa(c.pageSize))
	q.Set("showResumeKey", "true")
	q.Set("resolveRevisits", "true")
	q["filter"] = []string{filterStatus, filterType}
	q.Set("collapse", "digest")
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

// distinct parses the rows, drops repeats and malformed rows one by one,
// sorts by time and keeps one capture per run of one digest: a capture
// whose payload equals the one before adds nothing, and a revisit has the
// digest of what it revisits. A change back to older content is kept.
func (c *Client) distinct(rows []string, page string) Listing {
	l := Listing{Rows: len(rows)}
	type dated struct {
		cp Capture
		at time.Time
	}
	var caps []dated
	key := strings.ToLower(pageKey(page))
	seen := make(map[string]bool, len(rows))
	for _, line := range rows {
		if seen[line] {
			l.Repeats++
			continue
		}
		seen[line] = true
		cp, at, repaired, problem := parseRow(line, key)
		if repaired {
			l.Repaired++
		}
		switch {
		case problem == nil:
			caps = append(caps, dated{cp, at})
		case problem.unwanted:
			l.Unwanted++
		default:
			l.Malformed++
			c.opts.Logger.Info("index row skipped", slog.String("page", page), slog.String("reason", problem.reason), slog.String("row", truncate(line, 200)))
		}
	}
	slices.SortStableFunc(caps, func(a, b dated) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.cp.Timestamp, b.cp.Timestamp)
	})
	for _, d := range caps {
		if n := len(l.Captures); n > 0 && l.Captures[n-1].Digest == d.cp.Digest {
			l.Collapsed++
			continue
		}
		l.Captures = append(l.Captures, d.cp)
	}
	return l
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
