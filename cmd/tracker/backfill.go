package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runBackfill(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "backfill")
	fs.creates = true
	docType := fs.String("doc", "", "only documents of this type")
	since := fs.String("since", "", "only captures from this date on (YYYY-MM-DD)")
	until := fs.String("until", "", "only captures up to this date (YYYY-MM-DD, inclusive)")
	limit := fs.Int("limit", 0, "fetch at most N new captures per document (0: all)")
	format := fs.String("format", "text", "output format: text or json (progress stays on standard error)")
	vendors, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	opt := pipeline.BackfillOptions{Limit: *limit}
	if *limit < 0 {
		return usagef("--limit must not be negative")
	}
	if opt.Since, err = parseDay(*since, "--since"); err != nil {
		return err
	}
	if opt.Until, err = parseDay(*until, "--until"); err != nil {
		return err
	}
	if !opt.Until.IsZero() {
		opt.Until = opt.Until.Add(24*time.Hour - time.Second) // the whole day
	}
	if !opt.Since.IsZero() && !opt.Until.IsZero() && opt.Until.Before(opt.Since) {
		return usagef("--until %s is before --since %s", *until, *since)
	}
	app, targets, err := fs.openTargets(ctx, vendors, *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	opt.Progress = progress(env.Stderr, time.Now)
	outs, err := app.Backfill(ctx, app.NewWayback(), targets, opt)
	if *format == "json" {
		j := make([]backfillJSON, len(outs))
		for i, o := range outs {
			j[i] = backfillJSON{Vendor: o.Target.Vendor.ID, Document: o.Target.Doc.Type,
				Captures: o.Captures, Fetched: o.Fetched, Versions: o.Versions, Skipped: o.Skipped,
				Left: o.Failed, Malformed: o.Malformed, Repaired: o.Repaired}
			if o.Err != nil {
				j[i].Error = o.Err.Error()
			}
		}
		if perr := render.JSON(env.Stdout, j); perr != nil {
			return perr
		}
	} else {
		for _, o := range outs {
			line := fmt.Sprintf("%-28s %s, %d fetched, %s, %d skipped", o.Target.Key(), plural(o.Captures, "capture"),
				o.Fetched, plural(o.Versions, "new version"), o.Skipped)
			if o.Failed > 0 {
				line += fmt.Sprintf(", %d left for the next run", o.Failed)
			}
			if o.Malformed > 0 {
				line += fmt.Sprintf(", %s skipped", plural(o.Malformed, "malformed index row"))
			}
			if o.Repaired > 0 {
				line += fmt.Sprintf(", %s repaired", plural(o.Repaired, "index timestamp"))
			}
			printLine(env.Stdout, line, o.Err)
		}
	}
	if errors.Is(err, pipeline.ErrPermanentFailure) {
		return fmt.Errorf("some documents failed for good (see above); this is permanent: running backfill again will not help them")
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("some documents failed; run backfill again to resume")
	}
	if err != nil {
		return fmt.Errorf("%w; run backfill again later to resume where it stopped", err)
	}
	return nil
}

// backfillJSON is one document's result in `tracker backfill --format json`.
type backfillJSON struct {
	Vendor   string `json:"vendor"`
	Document string `json:"document"`
	Captures int    `json:"captures"` // listed by the archive in the range
	Fetched  int    `json:"fetched"`  // fetched by this run
	Versions int    `json:"versions"` // new versions stored
	Skipped  int    `json:"skipped"`  // revisits, redirects, non-HTML or failed captures
	// Left is how many captures failed now and are fetched again by the
	// next run; Malformed how many index rows could not be read.
	Left      int    `json:"left"`
	Malformed int    `json:"malformed"`
	Repaired  int    `json:"repaired"` // index timestamps read in a repaired form
	Error     string `json:"error,omitempty"`
}

func parseDay(s, flag string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("%s %q: use a date YYYY-MM-DD", flag, s)
	}
	return t, nil
}

// progress reports captures done / total with rate and ETA: on one updated
// line on a terminal, as plain lines otherwise. The backfill says when a
// document's captures start (done 0); the rate is measured from then.
func progress(w io.Writer, now func() time.Time) func(pipeline.Target, int, int) {
	tty := isTerminal(w)
	var start time.Time
	var current string
	return func(t pipeline.Target, done, total int) {
		if t.Key() != current || done == 0 {
			current, start = t.Key(), now()
		}
		if done == 0 {
			return
		}
		msg := fmt.Sprintf("%s: %d/%d captures", t.Key(), done, total)
		if elapsed := now().Sub(start); elapsed > 0 {
			perMinute := float64(done) / elapsed.Minutes()
			eta := time.Duration(float64(total-done) / perMinute * float64(time.Minute))
			msg += fmt.Sprintf(", %.1f/min, ETA %s", perMinute, eta.Round(time.Second))
		}
		if tty {
			fmt.Fprintf(w, "\r\033[K%s", msg)
			if done == total {
				fmt.Fprintln(w)
			}
			return
		}
		fmt.Fprintln(w, "backfill: "+msg)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
