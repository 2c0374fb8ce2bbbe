package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tracker-dev/tracker/store"
)

// runMigrate copies the configured database's history (SQLite, usually)
// into another database (PostgreSQL, usually) and verifies the copy.
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
	if *to == "" {
		return usagef("migrate needs --to, the database to copy into, e.g. --to postgres://tracker@db.example/tracker")
	}
	cfg, err := fs.load(env)
	if err != nil {
		return err
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
