package main

import (
	"context"
	"fmt"

	"github.com/tracker-dev/tracker/render"
)

func runShow(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "show")
	fs.readOnly = true
	docType := fs.String("doc", "", "document type (default: the vendor's first document)")
	ref := fs.String("version", "latest", "version: id, YYYY-MM-DD, latest or previous")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("show takes one VENDOR (got %d arguments)", len(pos))
	}
	app, t, err := fs.openTarget(ctx, pos[0], *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	v, err := app.Version(ctx, t, *ref)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "# %s %s, version %d (%s, captured %s)\n# %s\n\n", cell(t.Vendor.Name), cell(t.Doc.Type), v.ID, cell(v.Source),
		v.CapturedAt.UTC().Format("2006-01-02 15:04 UTC"), cell(v.URL))
	fmt.Fprintln(env.Stdout, render.Sanitize(v.Text))
	return nil
}
