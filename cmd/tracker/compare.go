package main

import (
	"context"
	"path/filepath"

	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
)

func runCompare(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "compare")
	format := fs.String("format", "text", "output format: text, markdown, html or json")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("compare takes two files, OLD and NEW (got %d arguments)", len(pos))
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return usagef("--format: %s", err)
	}
	report, err := pipeline.CompareFiles(pos[0], pos[1], extract.Options{})
	if err != nil {
		return err
	}
	meta := render.Meta{Title: filepath.Base(pos[0]) + " → " + filepath.Base(pos[1]), OldLabel: pos[0], NewLabel: pos[1]}
	return render.Report(env.Stdout, f, report, render.Options{Color: render.ColorEnabled(env.Stdout, env.Getenv), Meta: meta})
}
