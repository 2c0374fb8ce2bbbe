package main

import (
	"context"
	"fmt"

	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

func runDiff(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "diff")
	fs.readOnly = true
	docType := fs.String("doc", "", "document type (default: the vendor's first document)")
	from := fs.String("from", "previous", "older version: id, YYYY-MM-DD, latest or previous")
	to := fs.String("to", "latest", "newer version: id, YYYY-MM-DD, latest or previous")
	format := fs.String("format", "text", "output format: text, markdown, html or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("diff takes one VENDOR (got %d arguments)", len(pos))
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return usagef("--format: %s", err)
	}
	app, t, err := fs.openTarget(ctx, pos[0], *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	res, err := app.Diff(ctx, t, *from, *to)
	if err != nil {
		return err
	}
	meta := render.Meta{
		Title:    t.Vendor.Name + " " + t.Doc.Type + " (" + t.Key() + ")",
		OldLabel: versionLabel(res.From), NewLabel: versionLabel(res.To),
		OldURL: res.From.URL, NewURL: res.To.URL,
	}
	return render.Report(env.Stdout, f, res.Report, render.Options{Color: render.ColorEnabled(env.Stdout, env.Getenv), Meta: meta})
}

func versionLabel(v store.Version) string {
	return fmt.Sprintf("version %d · %s (%s)", v.ID, v.CapturedAt.UTC().Format("2006-01-02 15:04 UTC"), v.Source)
}
