package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrations is the ordered list of schema steps; the schema version of a
// database is the number of steps applied to it (PRAGMA user_version). Add
// steps at the end only; never edit one that has shipped.
var migrations = []func(tx *sql.Tx) error{
	execFile("migrations/0001_init.sql"),
	execFile("migrations/0002_version_flags.sql"),
	execFile("migrations/0003_packed_text.sql"),
	execFile("migrations/0004_schedule_leases.sql"),
	execFile("migrations/0005_summaries_deltas.sql"),
	execFile("migrations/0006_delivery_endpoints.sql"),
	execFile("migrations/0007_document_summaries.sql"),
	execFile("migrations/0008_version_settings.sql"),
	steps(widenVersionSource, execFile("migrations/0009_imports.sql")),
	execFile("migrations/0010_recent_changes.sql"),
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return len(migrations) }

func execFile(name string) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		script, err := migrationFiles.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if _, err := tx.Exec(string(script)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
}

// steps runs several steps as one.
func steps(fns ...func(tx *sql.Tx) error) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		for _, fn := range fns {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	}
}

// widenVersionSource lets versions.source be 'ota' (imported from Open
// Terms Archive). SQLite cannot alter a CHECK constraint; for a change
// that leaves every stored row valid and the file's format as it is, its
// documented way is to edit the table's definition in sqlite_schema and
// bump schema_version, in the migration's transaction
// (https://www.sqlite.org/lang_altertable.html#otheralter). The edit is
// checked: a definition written otherwise than migration 1 wrote it fails
// the migration instead of being left half-changed.
func widenVersionSource(tx *sql.Tx) error {
	const before = "CHECK (source IN ('live', 'wayback'))"
	const after = "CHECK (source IN ('live', 'wayback', 'ota'))"
	var def string
	if err := tx.QueryRow(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'versions'`).Scan(&def); err != nil {
		return fmt.Errorf("read the versions table: %w", err)
	}
	if strings.Count(def, before) != 1 {
		return fmt.Errorf("the versions table is not defined as expected (no %s)", before)
	}
	var version int
	if err := tx.QueryRow("PRAGMA schema_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema_version: %w", err)
	}
	for _, q := range []string{
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_schema SET sql = '" + strings.ReplaceAll(strings.Replace(def, before, after, 1), "'", "''") + "' WHERE type = 'table' AND name = 'versions'",
		// Other connections read the new definition once the version moves.
		fmt.Sprintf("PRAGMA schema_version = %d", version+1),
		"PRAGMA writable_schema = OFF",
	} {
		if _, err := tx.Exec(q); err != nil {
			return fmt.Errorf("widen versions.source: %w", err)
		}
	}
	var problem string
	if err := tx.QueryRow("PRAGMA quick_check").Scan(&problem); err != nil || problem != "ok" {
		return fmt.Errorf("widen versions.source: quick_check: %s %v", problem, err)
	}
	return nil
}

// migrate brings the database up to len(steps), each step and its version
// bump in one transaction, so that a crash leaves the database at a whole
// version. A database newer than this binary is refused: writing to it
// could break what a newer tracker relies on.
func migrate(ctx context.Context, db *sql.DB, steps []func(tx *sql.Tx) error) error {
	current, err := userVersion(ctx, db)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if err := checkApplication(ctx, db, current); err != nil {
		return err
	}
	if current > len(steps) {
		return fmt.Errorf("the database has schema version %d, newer than this tracker supports (%d); use a newer tracker binary", current, len(steps))
	}
	for current < len(steps) {
		next, err := migrateOne(ctx, db, steps)
		if err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", current+1, err)
		}
		current = next
	}
	return nil
}

// migrateOne applies the next missing step. The version is read again
// inside the (immediate, hence exclusive for writers) transaction because
// another process may have migrated in the meantime.
func migrateOne(ctx context.Context, db *sql.DB, steps []func(tx *sql.Tx) error) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // a no-op once committed
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if v >= len(steps) {
		return v, nil
	}
	if err := steps[v](tx); err != nil {
		return 0, err
	}
	// PRAGMA takes no bound parameters; v+1 is an int we computed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return 0, fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return v + 1, nil
}

// applicationID marks a tracker database in the SQLite header ("trkr"); the
// first migration sets it.
const applicationID = 0x74726b72

// checkApplication refuses to migrate a SQLite file made by another program:
// the first migration would fill someone else's database with our tables.
func checkApplication(ctx context.Context, db *sql.DB, version int) error {
	if version == 0 {
		var tables int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
			return fmt.Errorf("read schema: %w", err)
		}
		if tables > 0 {
			return errors.New("the file is not a tracker database (it has tables of another program)")
		}
		return nil
	}
	var id int64
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return fmt.Errorf("read application id: %w", err)
	}
	if id != applicationID {
		return fmt.Errorf("the file is not a tracker database (application id %#x)", id)
	}
	return nil
}

func userVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}
