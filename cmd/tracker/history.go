package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runHistory(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "history")
	fs.readOnly = true
	docType := fs.String("doc", "", "document type (default: the vendor's first document)")
	format := fs.String("format", "text", "output format: text or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("history takes one VENDOR (got %d arguments)", len(pos))
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	app, t, err := fs.openTarget(ctx, pos[0], *docType)
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
	fmt.Fprintf(env.Stdout, "%s %s — %s\n", cell(t.Vendor.Name), cell(t.Doc.Type), cell(t.Doc.URL))
	if len(entries) == 0 {
		fmt.Fprintf(env.Stdout, "no versions yet: run `tracker crawl %s` or `tracker backfill %s`\n", cell(t.Vendor.ID), cell(t.Vendor.ID))
		return nil
	}
	tb := &table{cols: []column{
		{title: "ID"}, {title: "CAPTURED (UTC)"}, {title: "SOURCE"}, {title: "CHANGE", min: 12},
		{title: "SEVERITY"}, {title: "CATEGORIES", min: 20},
	}}
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
		tb.add(nil, strconv.FormatInt(v.ID, 10), v.CapturedAt.UTC().Format("2006-01-02 15:04"), v.Source, change, sev, cats)
	}
	return tb.write(env.Stdout)
}
