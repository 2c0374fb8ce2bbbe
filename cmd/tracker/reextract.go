package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runReextract(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "reextract")
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
	outs, err := app.Reextract(ctx, targets)
	for _, o := range outs {
		line := fmt.Sprintf("%-28s %s", o.Target.Key(), o.Status)
		if o.Summary != nil {
			line += fmt.Sprintf("  +%d -%d ~%d >%d (technical: no alert)", o.Summary.Added, o.Summary.Removed, o.Summary.Modified, o.Summary.Moved)
		}
		if o.Err != nil {
			line += "  " + render.Sanitize(o.Err.Error())
		}
		fmt.Fprintln(env.Stdout, line)
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("some documents could not be re-extracted")
	}
	return err
}
