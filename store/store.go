// Package store keeps the tracker's history in one SQLite file: vendors and
// their documents, every fetch attempt, raw snapshots (compressed, stored
// once per content hash), the distinct extracted versions, the changes
// between them, the alert outbox and the Wayback captures already fetched.
//
// The package knows no other package of the project: change reports and
// alert payloads arrive as JSON bytes.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// ErrNotFound is wrapped by lookups of a single row that does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is an open tracker database, SQLite or PostgreSQL. It is safe for
// concurrent use, and several processes may use one database at once.
//
// Queries are written once, in the SQL both databases speak, with `?`
// placeholders (PostgreSQL's driver is wrapped to number them); what
// differs between the two lives in the dialect.
type Store struct {
	db      *sql.DB
	path    string // the SQLite file; "" for PostgreSQL
	name    string // what errors call the database: the path, or the URL without its password
	dialect dialect
	codec   *codec
	pages   *pageCache
	// readOnly: opened by OpenReadOnly; writes are refused before the
	// database refuses them.
	readOnly bool
	// recentWindow, when set, replaces the constant of that name (tests).
	recentWindow int
}

// ErrReadOnly is wrapped by every write to a Store opened read-only.
var ErrReadOnly = errors.New("the database is open read-only")

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// Open opens the database named by dsn, creating it when missing, and
// applies the migrations this binary knows. A postgres:// or postgresql://
// URL opens a PostgreSQL database; anything else is the path of a SQLite
// file.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// openSQLite opens a SQLite file. Several goroutines and a second process
// (the CLI while the daemon runs) may write at once: each Store funnels its
// work through one connection, transactions take the write lock up front
// (BEGIN IMMEDIATE) and a busy timeout waits for the other process instead
// of failing with "database is locked".
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := createSQLite(ctx, path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One connection: writes queue up in this process instead of competing
	// for the file lock, and no read ever waits on a lock held by a sibling
	// connection of the same pool. WAL lets other processes keep reading.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	s := &Store{db: db, path: path, name: path, dialect: sqliteDialect{}, codec: newCodec(), pages: newPageCache(pageCacheBytes)}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.openError(err)
	}
	if err := migrate(ctx, db, migrations); err != nil {
		db.Close()
		return nil, s.openError(err)
	}
	return s, nil
}

// Path is the SQLite file the store was opened on, "" for PostgreSQL.
func (s *Store) Path() string { return s.path }

// Name says which database this is, for messages: the SQLite path or the
// PostgreSQL URL without its password.
func (s *Store) Name() string { return s.name }

// IsPostgres tells a PostgreSQL URL from the path of a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Close closes the database. In-flight writes have committed or rolled back
// by the time it returns.
func (s *Store) Close() error {
	s.dialect.close(s.db)
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.name, err)
	}
	return nil
}

// IntegrityCheck runs the database's consistency check and reports every
// problem it finds.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	problems, err := s.dialect.integrityCheck(ctx, s.db)
	if err != nil {
		return fmt.Errorf("store: integrity check %s: %w", s.name, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check %s failed: %s", s.name, strings.Join(problems, "; "))
	}
	return nil
}

// writeAttempts is how many times a transaction the database gave up on
// (see dialect.retryable) is run.
const writeAttempts = 4

// write runs fn in one immediate transaction and commits it, or rolls it
// back when fn fails. A transaction the database aborted to break a
// deadlock with another process's (PostgreSQL picks one of two that wait
// for each other's rows) is run again from the start, after a short pause
// in which the other one goes through: fn must do nothing outside tx.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, fn)
		if err == nil || attempt == writeAttempts || !s.dialect.retryable(err) {
			return err
		}
		pause := time.Duration(attempt) * (20*time.Millisecond + time.Duration(rand.Int64N(int64(30*time.Millisecond))))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// A no-op after Commit; otherwise it releases the write lock (and the
	// store's only connection) even if fn panics.
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// WriteCheck tells whether the database can be written at all (a full
// disk, a file made read-only, a lock held too long by another process, a
// read-only server) without writing anything.
func (s *Store) WriteCheck(ctx context.Context) error {
	if err := s.dialect.writeCheck(ctx, s.db); err != nil {
		return fmt.Errorf("store: %s is not writable: %w", s.name, err)
	}
	return nil
}
