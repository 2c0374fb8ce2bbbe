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
	if fi.Size() == 0 {
		// SQLite would make a new database of it without a word: a file
		// emptied by a bad restore or a full disk would lose its history.
		return emptyFileError(path)
	}
	return checkMagic(path)
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

// createSQLite makes a new database at path, when there is none, whole:
// built and migrated under a temporary name beside it, then linked into
// place. A tracker database therefore never exists as an empty file, and
// an empty file at the path is someone else's (see checkPath). When two
// processes create it at once, the first link wins and the other opens it.
func createSQLite(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		return nil // there is something: checkPath has judged it
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + suffix)
		}
	}()
	os.Remove(tmp) // SQLite creates it; an empty file would be refused by our own check
	db, err := sql.Open("sqlite3", dsn(tmp))
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	err = migrate(ctx, db, migrations)
	// Closing the last connection checkpoints the log into the file.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	return nil
}
