package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

func runVendors(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "vendors")
	fs.readOnly = true
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	cfg, opts, err := fs.prepare(func(cfg *config.Config) error { return pipeline.CheckSelection(cfg, pos, "") })
	if err != nil {
		return err
	}
	// One read of the documents' rows, not an App bound to them first.
	st, err := pipeline.ReadSummaries(ctx, cfg, opts, pos)
	if errors.Is(err, store.ErrNoDatabase) {
		return &noDatabaseError{path: cfg.DatabasePath()}
	}
	if err != nil {
		return err
	}
	now := time.Now()
	if *format == "json" {
		out := make([]pipeline.StatusJSON, len(st))
		for i, s := range st {
			out[i] = s.JSON(now)
		}
		return render.JSON(env.Stdout, out)
	}
	// The vendors' names and the documents' URLs are in --format json (and
	// `tracker history` shows the URL): with them a line would not fit in
	// 100 columns.
	t := &table{cols: []column{
		{title: "DOCUMENT", min: 16}, {title: "VERSIONS"}, {title: "LAST FETCH (UTC)"},
		{title: "STATUS"}, {title: "NEXT CRAWL (UTC)", min: 16},
	}}
	for _, s := range st {
		last, status := "never", "-"
		var notes []string
		if !s.LastFetch.StartedAt.IsZero() {
			last = s.LastFetch.StartedAt.UTC().Format("2006-01-02 15:04")
			status = s.LastFetch.Outcome
			switch {
			case status == "suspect":
				// A text held back: say so, and why.
				status = "held"
				notes = append(notes, "held: "+strings.TrimPrefix(render.Sanitize(s.LastFetch.Error), "held as suspect: "))
			case s.LastFetch.Error != "":
				notes = append(notes, s.LastFetch.Outcome+": "+render.Sanitize(s.LastFetch.Error))
			}
		}
		if d := s.Target.Stored; d.FailCount > 0 {
			n := fmt.Sprintf("%s in a row", plural(d.FailCount, "failure"))
			if !d.NextAttemptAt.IsZero() && d.NextAttemptAt.After(now) {
				n += "; the daemon waits until " + d.NextAttemptAt.UTC().Format("2006-01-02 15:04 UTC") + " before trying again"
			}
			notes = append(notes, n)
		}
		t.add(notes, s.Target.Key(), strconv.Itoa(s.Versions), last, status, nextCrawl(s.Target.Stored, now))
	}
	return t.write(env.Stdout)
}

// nextCrawl says when the daemon crawls the document next, as the database
// has it: the time, "now (by …)" while a process holds it, "due" when the
// time has passed, "at daemon start" before any daemon or crawl scheduled it.
func nextCrawl(d store.Document, now time.Time) string {
	switch {
	case d.LeaseOwner != "" && d.LeaseUntil.After(now):
		return "now (by " + d.LeaseOwner + ")"
	case d.DueAt.IsZero():
		return "at daemon start"
	case d.DueAt.Year() == 9999:
		return "never (not configured)"
	case !d.DueAt.After(now):
		return "due"
	}
	return d.DueAt.UTC().Format("2006-01-02 15:04")
}
