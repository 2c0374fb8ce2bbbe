package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runHistory(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "history")
	var c common
	c.register(fs.FlagSet)
	docType := fs.String("doc", "", "document type (default: the vendor's first document)")
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("history takes one VENDOR (got %d arguments)", len(pos))
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: use text or json", *format)
	}
	app, t, err := c.openTarget(ctx, env, pos[0], *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	entries, err := app.History(ctx, t)
	if err != nil {
		return err
	}
	if *format == "json" {
		out := make([]pipeline.HistoryJSON, len(entries))
		for i, e := range entries {
			out[i] = e.JSON(t)
		}
		return render.JSON(env.Stdout, out)
	}
	return printHistory(env, t, entries)
}

func printHistory(env Env, t pipeline.Target, entries []pipeline.HistoryEntry) error {
	fmt.Fprintf(env.Stdout, "%s %s — %s\n", t.Vendor.Name, t.Doc.Type, t.Doc.URL)
	if len(entries) == 0 {
		fmt.Fprintf(env.Stdout, "no versions yet: run `tracker crawl %s` or `tracker backfill %s`\n", t.Vendor.ID, t.Vendor.ID)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCAPTURED (UTC)\tSOURCE\tCHANGE\tSEVERITY\tCATEGORIES")
	for _, e := range entries {
		v := e.Version
		change, sev, cats := "first version", "", ""
		if s := e.Summary; s != nil {
			change = fmt.Sprintf("+%d -%d ~%d >%d", s.Added, s.Removed, s.Modified, s.Moved)
			sev = s.MaxSeverity.String()
			if s.Material {
				sev += " (material)"
			}
			cats = strings.Join(s.Categories, ", ")
		}
		if v.FlapOf != 0 {
			change += fmt.Sprintf(" (back to the text of %d)", v.FlapOf)
		}
		if v.Technical {
			change += " (re-extracted)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.CapturedAt.UTC().Format("2006-01-02 15:04"), v.Source, change, sev, cats)
	}
	return tw.Flush()
}
