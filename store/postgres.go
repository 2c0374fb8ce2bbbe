package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens the PostgreSQL database at a postgres:// URL (the
// password may also come from PGPASSWORD or ~/.pgpass, as libpq reads
// them). Several processes, on several machines, may share it.
func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	name := RedactURL(dsn)
	db, err := openPostgresDB(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	// A daemon crawls with a few workers, delivers alerts and serves the web
	// pages at once; more connections than that only load the server.
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, name: name, dialect: postgresDialect{}, codec: newCodec(), pages: newPageCache(pageCacheBytes)}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: cannot connect (is the server running, and the URL right?): %w", name, err)
	}
	if err := migratePostgres(ctx, db, pgMigrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	return s, nil
}

// openPostgresDB is a pool of connections whose queries are rebound. The
// driver's own errors quote the URL; only its redacted form is kept.
func openPostgresDB(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errors.New(strings.ReplaceAll(err.Error(), dsn, RedactURL(dsn)))
	}
	return sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)}), nil
}

// RedactURL hides the password of a database URL, so that it can be
// logged; anything without a password is returned as is. It works on
// URLs too malformed to parse, which are the ones that end up in errors.
func RedactURL(dsn string) string {
	return userinfoPassword.ReplaceAllString(dsn, "${1}xxxxx@")
}

var userinfoPassword = regexp.MustCompile(`^([a-z]+://[^:@/]*:)[^@/]*@`)

// pgMigrations mirrors migrations step for step: schema version N means the
// same tables on both databases.
var pgMigrations = []func(tx *sql.Tx) error{
	execFile("migrations/postgres/0001_init.sql"),
	execFile("migrations/postgres/0002_version_flags.sql"),
	execFile("migrations/postgres/0003_packed_text.sql"),
	execFile("migrations/postgres/0004_schedule_leases.sql"),
	execFile("migrations/postgres/0005_summaries_deltas.sql"),
	execFile("migrations/postgres/0006_delivery_endpoints.sql"),
	execFile("migrations/postgres/0007_document_summaries.sql"),
	execFile("migrations/postgres/0008_version_settings.sql"),
	execFile("migrations/postgres/0009_imports.sql"),
	execFile("migrations/postgres/0010_recent_changes.sql"),
}

// migrationLock is the advisory lock key under which a PostgreSQL database
// is migrated: daemons started together migrate one after the other.
const migrationLock = 0x74726b72 // "trkr"

// migratePostgres brings the database up to len(steps), each step and its
// version bump in one transaction (PostgreSQL's DDL is transactional). The
// version lives in tracker_schema, which the first step creates.
func migratePostgres(ctx context.Context, db *sql.DB, steps []func(tx *sql.Tx) error) error {
	for {
		done, err := migratePostgresOne(ctx, db, steps)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

func migratePostgresOne(ctx context.Context, db *sql.DB, steps []func(tx *sql.Tx) error) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: begin: %w", err)
	}
	defer tx.Rollback() // a no-op once committed
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", migrationLock); err != nil {
		return false, fmt.Errorf("migrate: lock: %w", err)
	}
	v, err := pgSchemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if v > len(steps) {
		return false, fmt.Errorf("the database has schema version %d, newer than this tracker supports (%d); use a newer tracker binary", v, len(steps))
	}
	if v == len(steps) {
		return true, nil
	}
	if err := steps[v](tx); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE tracker_schema SET version = ?", v+1); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: set schema version: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: commit: %w", v+1, err)
	}
	return false, nil
}

// pgSchemaVersion reads the schema version, 0 for an empty schema, and
// refuses a schema that holds another program's tables.
func pgSchemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var hasVersion bool
	if err := tx.QueryRowContext(ctx, "SELECT to_regclass('tracker_schema') IS NOT NULL").Scan(&hasVersion); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !hasVersion {
		var tables int
		if err := tx.QueryRowContext(ctx,
			"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").Scan(&tables); err != nil {
			return 0, fmt.Errorf("read schema: %w", err)
		}
		if tables > 0 {
			return 0, errors.New("the database is not a tracker database (its schema has tables of another program); give tracker a database or schema of its own")
		}
		return 0, nil
	}
	var app string
	var v int
	if err := tx.QueryRowContext(ctx, "SELECT application, version FROM tracker_schema").Scan(&app, &v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if app != "tracker" {
		return 0, fmt.Errorf("the database is not a tracker database (application %q)", app)
	}
	return v, nil
}
