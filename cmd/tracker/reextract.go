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
	docType := fs.String("doc", "", "only documents of this type")
	format := fs.String("format", "text", "output format: text or json")
	vendors, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	app, targets, err := fs.openTargets(ctx, vendors, *docType)
	if err != nil {
		return err
	}
	defer app.Close()
	outs, err := app.Reextract(ctx, targets)
	if *format == "json" {
		j := make([]outcomeJSON, len(outs))
		for i, o := range outs {
			j[i] = newOutcomeJSON(o)
		}
		if perr := render.JSON(env.Stdout, j); perr != nil {
			return perr
		}
	} else {
		for _, o := range outs {
			if o.Status == pipeline.StatusChanged && o.Note == "" {
				o.Note = "stored as a technical version: no alert"
			}
			printOutcome(env.Stdout, o)
		}
	}
	if errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("%d of %s could not be re-extracted", failedCount(outs), plural(len(outs), "document"))
	}
	return err
}
