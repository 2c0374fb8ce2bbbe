package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/store"
)

// noDatabaseError is a command that reads the history run on a SQLite file
// that does not exist: a mistyped --db, or no crawl yet. Creating an empty
// database there would look like lost history.
type noDatabaseError struct{ path string }

func (e *noDatabaseError) Error() string {
	return fmt.Sprintf("no database at %s (run `tracker crawl` first, or check --db and the configuration's database)", e.path)
}

// checkDatabase refuses to open a missing SQLite file unless the command
// creates the history (crawl, backfill, daemon).
func (f *flags) checkDatabase(cfg *config.Config) error {
	path := cfg.DatabasePath()
	if f.creates || store.IsPostgres(path) {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return &noDatabaseError{path: path}
	}
	return nil // another error is reported, better worded, by the store
}

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
	return f.openChecked(ctx, nil)
}

// openChecked loads the configuration, runs check on it (the command
// line's vendors and document type) and opens the database, so that a
// mistyped vendor is reported before a missing database.
func (f *flags) openChecked(ctx context.Context, check func(*config.Config) error) (*pipeline.App, error) {
	cfg, opts, err := f.prepare(check)
	if err != nil {
		return nil, err
	}
	if f.readOnly {
		app, err := pipeline.OpenReadOnly(ctx, cfg, opts)
		if errors.Is(err, store.ErrNoDatabase) {
			return nil, &noDatabaseError{path: cfg.DatabasePath()}
		}
		return app, err
	}
	return pipeline.Open(ctx, cfg, opts)
}

// prepare loads the configuration, runs check on it (the command line's
// vendors and document type) and checks that the database exists, so that
// a mistyped vendor is reported before a missing database; it gives the
// options the App is opened with.
func (f *flags) prepare(check func(*config.Config) error) (*config.Config, pipeline.Options, error) {
	cfg, err := f.load(f.env)
	if err != nil {
		return nil, pipeline.Options{}, err
	}
	log, err := f.logger("warn")
	if err != nil {
		return nil, pipeline.Options{}, err
	}
	if check != nil {
		if err := check(cfg); err != nil {
			return nil, pipeline.Options{}, err
		}
	}
	if err := f.checkDatabase(cfg); err != nil {
		return nil, pipeline.Options{}, err
	}
	return cfg, pipeline.Options{Logger: log, Version: currentBuild().Version}, nil
}

// openTargets opens the database and selects the documents of the given
// vendors (all when none), optionally of one type. The caller closes the
// App.
func (f *flags) openTargets(ctx context.Context, vendors []string, docType string) (*pipeline.App, []pipeline.Target, error) {
	app, err := f.openChecked(ctx, func(cfg *config.Config) error { return pipeline.CheckSelection(cfg, vendors, docType) })
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
	check := func(cfg *config.Config) error { return pipeline.CheckSelection(cfg, []string{vendor}, docType) }
	app, err := f.openChecked(ctx, check)
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
