package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

func runVendors(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "vendors")
	var c common
	c.register(fs.FlagSet)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	app, targets, err := c.openTargets(ctx, env, pos, "")
	if err != nil {
		return err
	}
	defer app.Close()
	st, err := app.Status(ctx, targets)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VENDOR\tNAME\tDOCUMENT\tVERSIONS\tLAST FETCH (UTC)\tNEXT CRAWL (UTC)\tSTATUS\tURL")
	now := time.Now()
	for _, s := range st {
		last, status := "never", "-"
		if !s.LastFetch.StartedAt.IsZero() {
			last = s.LastFetch.StartedAt.UTC().Format("2006-01-02 15:04")
			status = s.LastFetch.Outcome
			if s.LastFetch.Error != "" {
				status += ": " + truncate(render.Sanitize(s.LastFetch.Error), 80)
			}
		}
		if d := s.Target.Stored; d.FailCount > 0 {
			status += fmt.Sprintf(" [%d failures in a row", d.FailCount)
			if !d.NextAttemptAt.IsZero() && d.NextAttemptAt.After(time.Now()) {
				status += ", backing off until " + d.NextAttemptAt.UTC().Format("2006-01-02 15:04")
			}
			status += "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", s.Target.Vendor.ID, s.Target.Vendor.Name, s.Target.Doc.Type, s.Versions, last, nextCrawl(s.Target.Stored, now), status, s.Target.Doc.URL)
	}
	return tw.Flush()
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

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
