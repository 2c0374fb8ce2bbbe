package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"
)

// ErrNoDatabase is returned by OpenReadOnly when there is no database to read.
var ErrNoDatabase = errors.New("no database")

// ErrSchemaBehind is returned by OpenReadOnly for a database not yet
// migrated to this binary's schema (a reader never migrates).
var ErrSchemaBehind = errors.New("the database schema is older than this tracker")

// OpenReadOnly opens an existing database for reading only: the web pages
// and the read commands never write, never migrate and never create a
// file, and they work on a read-only mount. Every write through the
// returned Store fails. The schema must be the one this binary knows:
// an older database is migrated by `tracker migrate` or any write command
// first.
func OpenReadOnly(ctx context.Context, dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		return openPostgresReadOnly(ctx, dsn)
	}
	return openSQLiteReadOnly(ctx, dsn)
}

func openSQLiteReadOnly(ctx context.Context, path string) (*Store, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("store: open %s: %w there (run `tracker crawl` first)", path, ErrNoDatabase)
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("store: open %s: not a regular file, so not a database", path)
	case fi.Size() == 0:
		return nil, emptyFileError(path)
	}
	if err := checkMagic(path); err != nil {
		return nil, err
	}
	s, err := openSQLiteRO(ctx, path, false)
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCantOpen || se.Code == sqlite3.ErrReadonly) {
		// A WAL database whose -shm file cannot be created (a read-only
		// mount or folder) opens only as immutable: nothing may write to
		// it meanwhile, which is what such a mount promises.
		s, err = openSQLiteRO(ctx, path, true)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func openSQLiteRO(ctx context.Context, path string, immutable bool) (*Store, error) {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	q := "file:" + esc + "?mode=ro&_query_only=true&_foreign_keys=on&_busy_timeout=10000&_stmt_cache_size=64"
	if immutable {
		q += "&immutable=1"
	}
	db, err := sql.Open("sqlite3", q)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4) // readers do not queue behind each other
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, name: path, dialect: sqliteDialect{}, codec: newCodec(), pages: newPageCache(pageCacheBytes), readOnly: true}
	v, err := userVersion(ctx, db)
	if err == nil {
		err = checkApplication(ctx, db, v)
	}
	if err == nil {
		err = schemaCurrent(v, len(migrations))
	}
	if err != nil {
		db.Close()
		var se sqlite3.Error
		if errors.As(err, &se) {
			return nil, se
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// schemaCurrent refuses a schema a reader cannot migrate and may misread.
func schemaCurrent(have, want int) error {
	switch {
	case have < want:
		return fmt.Errorf("%w: version %d, this tracker reads %d: run `tracker migrate` (or any crawl) first", ErrSchemaBehind, have, want)
	case have > want:
		return fmt.Errorf("the database has schema version %d, newer than this tracker supports (%d); use a newer tracker binary", have, want)
	}
	return nil
}

// openPostgresReadOnly opens connections whose transactions are all
// read-only (default_transaction_read_only), so a write is refused by the
// server itself.
func openPostgresReadOnly(ctx context.Context, dsn string) (*Store, error) {
	name := RedactURL(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %s", name, strings.ReplaceAll(err.Error(), dsn, name))
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(2)
	s := &Store{db: db, name: name, dialect: postgresDialect{}, codec: newCodec(), pages: newPageCache(pageCacheBytes), readOnly: true}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: cannot connect (is the server running, and the URL right?): %w", name, err)
	}
	var v int
	if err := db.QueryRowContext(ctx, `SELECT version FROM tracker_schema`).Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w: no tracker schema to read (run `tracker crawl` or `tracker migrate` first): %w", name, ErrNoDatabase, err)
	}
	if err := schemaCurrent(v, len(pgMigrations)); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	return s, nil
}

// ReadOnly reports whether the store was opened by OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

func emptyFileError(path string) error {
	return fmt.Errorf("store: open %s: the file is empty (0 bytes), not a tracker database; tracker will not overwrite it: restore it from a backup, or delete it to start a new history", path)
}
