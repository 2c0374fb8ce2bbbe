package main

import (
	"context"
	"log/slog"

	"github.com/tracker-dev/tracker/pipeline"
)

// logger builds the logger the global flags ask for, on standard error.
// A command's default level is warn (info for the daemon) unless
// --log-level says otherwise.
func (f *flags) logger(defaultLevel string) (*slog.Logger, error) {
	name := f.logLevel
	if name == "" {
		name = defaultLevel
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(name)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", name)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(f.env.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(f.env.Stderr, opts)), nil
	}
	return nil, usagef("--log-format %q: use text or json", f.logFormat)
}

// open loads the configuration and opens the database.
func (f *flags) open(ctx context.Context) (*pipeline.App, error) {
	cfg, err := f.load(f.env)
	if err != nil {
		return nil, err
	}
	log, err := f.logger("warn")
	if err != nil {
		return nil, err
	}
	return pipeline.Open(ctx, cfg, pipeline.Options{Logger: log})
}

// openTargets opens the database and selects the documents of the given
// vendors (all when none), optionally of one type. The caller closes the
// App.
func (f *flags) openTargets(ctx context.Context, vendors []string, docType string) (*pipeline.App, []pipeline.Target, error) {
	app, err := f.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	targets, err := app.Select(vendors, docType)
	if err != nil {
		app.Close()
		return nil, nil, err
	}
	return app, targets, nil
}

// openTarget opens the database and finds one vendor's document (its first
// when docType is empty). The caller closes the App.
func (f *flags) openTarget(ctx context.Context, vendor, docType string) (*pipeline.App, pipeline.Target, error) {
	app, err := f.open(ctx)
	if err != nil {
		return nil, pipeline.Target{}, err
	}
	t, err := app.Target(vendor, docType)
	if err != nil {
		app.Close()
		return nil, pipeline.Target{}, err
	}
	return app, t, nil
}
