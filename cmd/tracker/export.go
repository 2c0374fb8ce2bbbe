package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/export"
	"github.com/tracker-dev/tracker/pipeline"
)

func runExport(ctx context.Context, args []string, env Env) error {
	fl := newFlags(env, "export")
	fl.readOnly = true // an export reads the history, never writes it
	format := fl.String("format", "ota", "dataset format: ota (one Markdown file per version, Open Terms Archive's layout), jsonl (one line per changed clause) or csv (one row per version)")
	since := fl.String("since", "", "only versions captured from this date on (YYYY-MM-DD)")
	pos, err := fl.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("export needs a folder to write the dataset into")
	}
	dir, vendors := pos[0], pos[1:]
	if err := checkFormat(*format, "ota", "jsonl", "csv"); err != nil {
		return err
	}
	opt := pipeline.ExportOptions{Vendors: vendors}
	if opt.Since, err = parseDay(*since, "--since"); err != nil {
		return err
	}
	// The database first: an export that cannot read it must leave no
	// folder behind, nor a half-made one the next export would resume.
	app, err := fl.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	x, err := export.Open(dir, export.Params{Format: export.Format(*format), Since: *since, Vendors: vendors})
	if errors.Is(err, export.ErrOtherExport) {
		return usagef("%s", err)
	}
	if err != nil {
		return err
	}
	defer x.Close()
	if x.Resumed {
		fmt.Fprintf(env.Stderr, "export: resuming the unfinished export in %s\n", dir)
	}
	tty := isTerminal(env.Stderr)
	docs := 0
	opt.Progress = func(key string, n int) {
		docs++
		if tty {
			fmt.Fprintf(env.Stderr, "\r\033[Kexport: %d documents, last %s (%s)", docs, key, plural(n, "version"))
		}
	}
	start := time.Now()
	counts, err := app.Export(ctx, x, opt)
	if tty && docs > 0 {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return fmt.Errorf("%w; run the same export again to resume", err)
	}
	what := plural(counts.Versions, "version")
	if *format == "jsonl" {
		what = plural(counts.Changes, "changed clause") + " in " + what
	}
	files := map[string]string{"ota": "README.md, index.csv and one Markdown file per version", "jsonl": "changes.jsonl", "csv": "versions.csv"}[*format]
	fmt.Fprintf(env.Stdout, "%s: %s of %s of %s (%s), %s\n", dir, what, plural(counts.Documents, "document"),
		plural(len(counts.Vendors), "vendor"), files, time.Since(start).Round(time.Millisecond))
	if len(counts.Sources) > 1 {
		var parts []string
		for _, s := range []string{"live", "wayback", "ota"} {
			if n := counts.Sources[s]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, s))
			}
		}
		fmt.Fprintf(env.Stdout, "sources: %s\n", strings.Join(parts, ", "))
	}
	return nil
}
