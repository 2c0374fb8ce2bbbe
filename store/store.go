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
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// ErrNotFound is wrapped by lookups of a single row that does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is an open tracker database. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	path  string
	codec *codec
}

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// Open opens the database at path, creating it when missing, and applies the
// migrations this binary knows. Several goroutines and a second process (the
// CLI while the daemon runs) may write at once: each Store funnels its work
// through one connection, transactions take the write lock up front
// (BEGIN IMMEDIATE) and a busy timeout waits for the other process instead
// of failing with "database is locked".
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: open: empty database path")
	}
	if err := checkPath(path); err != nil {
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

	s := &Store{db: db, path: path, codec: newCodec()}
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

// dsn builds a SQLite URI so that a path containing '?', '#' or '%' still
// names the right file. The connection keeps its prepared statements: a
// crawl runs the same few queries for every document, and preparing them
// each time cost 5% of a first crawl (bench/README.md).
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=64"
}

// checkPath explains the common mistakes before SQLite turns them into
// "unable to open database file". A file or directory without any write
// permission bit is refused even for root: someone marked it read-only on
// purpose.
func checkPath(path string) error {
	dir := filepath.Dir(path)
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("store: open %s: directory %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("store: open %s: %w", path, err)
	case !di.IsDir():
		return fmt.Errorf("store: open %s: %s is not a directory", path, dir)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// SQLite creates the file, and WAL mode needs -wal and -shm beside it.
		if !writable(dir, di) {
			return fmt.Errorf("store: open %s: directory %s is not writable, so the database cannot be created there", path, dir)
		}
		return nil
	case err != nil:
		return fmt.Errorf("store: open %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("store: open %s: is a directory, not a database file", path)
	}
	if !writable(path, fi) {
		return fmt.Errorf("store: open %s: the database file is read-only; the tracker needs to write to it", path)
	}
	if !writable(dir, di) {
		return fmt.Errorf("store: open %s: directory %s is not writable; SQLite needs to create its -wal and -shm files there", path, dir)
	}
	if fi.Size() > 0 {
		return checkMagic(path)
	}
	return nil
}

func writable(path string, fi os.FileInfo) bool {
	if fi.Mode().Perm()&0o222 == 0 {
		return false
	}
	const wOK = 2
	return syscall.Access(path, wOK) == nil
}

// checkMagic refuses a file that is not SQLite at all before SQLite touches
// it (it would only say "file is not a database" on the first query).
func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != sqliteMagic {
		return fmt.Errorf("store: open %s: the file is not a tracker database (not SQLite)", path)
	}
	return nil
}

// openError names the path and says in words what SQLite's codes mean.
func (s *Store) openError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("store: open %s: the file is not a tracker database: %w", s.path, err)
		case sqlite3.ErrCorrupt:
			return fmt.Errorf("store: open %s: the database is corrupt: %w", s.path, err)
		case sqlite3.ErrReadonly, sqlite3.ErrPerm:
			return fmt.Errorf("store: open %s: the database is read-only; the tracker needs to write to it: %w", s.path, err)
		case sqlite3.ErrCantOpen:
			return fmt.Errorf("store: open %s: cannot open the file (check the directory and permissions): %w", s.path, err)
		}
	}
	return fmt.Errorf("store: open %s: %w", s.path, err)
}

// Path is the database file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close closes the database. In-flight writes have committed or rolled back
// by the time it returns.
func (s *Store) Close() error {
	// Fold the write-ahead log back into the database so that a closed
	// database is one file of its true size. Best effort: another process
	// reading the database (the daemon beside a CLI) may hold it back.
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's full consistency check and reports every
// problem it finds.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("store: integrity check %s: %w", s.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: integrity check %s: %w", s.path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check %s failed: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// write runs fn in one immediate transaction and commits it, or rolls it
// back when fn fails.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
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

// WriteCheck takes the write lock and gives it back without writing, to
// tell whether the database can be written at all (a full disk, a file made
// read-only, a lock held too long by another process).
func (s *Store) WriteCheck(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s is not writable: %w", s.path, err)
	}
	if err := tx.Rollback(); err != nil {
		return fmt.Errorf("store: release %s: %w", s.path, err)
	}
	return nil
}
