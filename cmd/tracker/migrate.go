package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/store"
)

// runMigrate copies the configured database's history (SQLite, usually)
// into another database (PostgreSQL, usually) and verifies the copy;
// without --to it brings the configured database's schema up to date, as
// the read commands ask when it is behind.
func runMigrate(ctx context.Context, args []string, env Env) error {
	fs := newFlags(env, "migrate")
	to := fs.String("to", "", "the database to copy the history into: a postgres:// URL (or a SQLite path)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("migrate takes no arguments (got %q)", pos)
	}
	cfg, err := fs.load(env)
	if err != nil {
		return err
	}
	if *to == "" {
		return upgradeSchema(ctx, fs, cfg.DatabasePath(), env)
	}
	from := cfg.DatabasePath()
	if from == *to {
		return usagef("--to names the database the history is read from (%s)", store.RedactURL(from))
	}
	src, err := store.Open(ctx, from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	last := time.Now()
	checks, err := src.CopyTo(ctx, dst, func(table string, rows int64) {
		if time.Since(last) > 2*time.Second {
			fmt.Fprintf(env.Stderr, "migrate: %s: %d rows\n", table, rows)
			last = time.Now()
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "copied %s into %s in %s, verified:\n", src.Name(), dst.Name(), time.Since(start).Round(time.Millisecond))
	for _, c := range checks {
		fmt.Fprintf(env.Stdout, "  %-11s %9d rows  sha256 %s\n", c.Table, c.Rows, c.Hash[:16])
	}
	fmt.Fprintf(env.Stdout, "Point the configuration's database (or $TRACKER_DATABASE_URL) at %s.\n", dst.Name())
	return nil
}

// upgradeSchema migrates an existing database to this binary's schema in
// place (what a crawl or the daemon does when it opens it), so that the
// read commands, which never write, can read it. It never creates one.
func upgradeSchema(ctx context.Context, fs *flags, path string, env Env) error {
	fs.creates = false
	if err := fs.checkDatabase(&config.Config{Database: path}); err != nil {
		return err
	}
	name := store.RedactURL(path)
	if ro, err := store.OpenReadOnly(ctx, path); err == nil {
		ro.Close()
		fmt.Fprintf(env.Stdout, "%s is at schema version %d already: nothing to do (`--to URL` copies it into another database)\n", name, store.SchemaVersion())
		return nil
	} else if !errors.Is(err, store.ErrSchemaBehind) {
		return err
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("migrate: close %s: %w", name, err)
	}
	fmt.Fprintf(env.Stdout, "%s upgraded to schema version %d\n", name, store.SchemaVersion())
	return nil
}
