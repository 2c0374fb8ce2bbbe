package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runCrawl(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "crawl")
	var c common
	c.register(fs.FlagSet)
	docType := fs.String("doc", "", "only documents of this type")
	vendors, err := fs.parse(args)
	if err != nil {
		return err
	}
	app, targets, err := c.openTargets(ctx, env, vendors, *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	outcomes, crawlErr := app.Crawl(ctx, targets)
	for _, o := range outcomes {
		printOutcome(env.Stdout, o)
	}
	if crawlErr != nil && !errors.Is(crawlErr, pipeline.ErrSomeFailed) {
		return crawlErr
	}
	if err := flushAlerts(ctx, app, env); err != nil {
		return err
	}
	if crawlErr != nil {
		return fmt.Errorf("%d of %d documents failed (see the error lines above; `tracker vendors` shows the last fetch of each)", failedCount(outcomes), len(outcomes))
	}
	return nil
}

// printOutcome writes the one line a crawl prints per document:
// `vendor/type  status  details`.
func printOutcome(w io.Writer, o pipeline.Outcome) {
	line := fmt.Sprintf("%-28s %s", o.Target.Key(), o.Status)
	switch {
	case o.Status == pipeline.StatusError && o.Err != nil:
		line += "  " + render.Sanitize(o.Err.Error())
	case o.Summary != nil:
		s := o.Summary
		material := "no"
		if s.Material {
			material = "yes"
		}
		line += fmt.Sprintf("  +%d -%d ~%d >%d, material: %s", s.Added, s.Removed, s.Modified, s.Moved, material)
		if s.Material {
			line += fmt.Sprintf(" (%s: %s)", s.MaxSeverity, strings.Join(s.Categories, ", "))
		}
	}
	if o.Note != "" {
		line += "  (" + render.Sanitize(o.Note) + ")"
	}
	fmt.Fprintln(w, line)
}

func failedCount(os []pipeline.Outcome) int {
	n := 0
	for _, o := range os {
		if o.Status == pipeline.StatusError {
			n++
		}
	}
	return n
}

// flushAlerts delivers pending alerts after a crawl. A channel that fails
// leaves its alerts in the outbox for the next crawl or the daemon.
func flushAlerts(ctx context.Context, app *pipeline.App, env Env) error {
	delivered, failed, err := app.FlushAlerts(ctx, env.Getenv)
	if err != nil {
		return fmt.Errorf("alerts: %w (the alerts stay in the outbox)", err)
	}
	if delivered+failed > 0 {
		fmt.Fprintf(env.Stdout, "alerts: %d delivered, %d failed\n", delivered, failed)
	}
	return nil
}
