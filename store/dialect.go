package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// dialect is what differs between the two databases the store runs on.
// Everything else, every query of every entity, is shared.
type dialect interface {
	// forUpdate ends a SELECT whose rows the transaction will update, so
	// that a concurrent transaction waits for them (PostgreSQL). SQLite
	// needs nothing: a write transaction holds the whole database.
	forUpdate() string
	// skipLocked ends a SELECT that claims rows, passing over those another
	// transaction is claiming instead of waiting for them.
	skipLocked() string
	// integrityCheck lists what is wrong with the database's storage.
	integrityCheck(ctx context.Context, db *sql.DB) ([]string, error)
	// writeCheck fails when the database cannot be written now.
	writeCheck(ctx context.Context, db *sql.DB) error
	// close does what should happen before the last connection closes.
	close(db *sql.DB)
}

type sqliteDialect struct{}

func (sqliteDialect) forUpdate() string  { return "" }
func (sqliteDialect) skipLocked() string { return "" }

func (sqliteDialect) integrityCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// writeCheck takes the write lock (transactions begin immediate) and gives
// it back.
func (sqliteDialect) writeCheck(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	return tx.Rollback()
}

// close folds the write-ahead log back into the database, so that a closed
// database is one file of its true size. Best effort: another process
// reading the database (the daemon beside a CLI) may hold it back.
func (sqliteDialect) close(db *sql.DB) {
	_, _ = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}

type postgresDialect struct{}

func (postgresDialect) forUpdate() string  { return " FOR UPDATE" }
func (postgresDialect) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }

// integrityCheck reads every table whole: PostgreSQL checks its pages as it
// reads them (and their checksums, when the cluster has them on).
func (postgresDialect) integrityCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	var problems []string
	for _, table := range []string{"vendors", "documents", "snapshots", "versions", "fetches", "changes", "deliveries", "captures", "disabled_endpoints"} {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT * FROM "+table+") t").Scan(&n); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", table, err))
		}
	}
	return problems, nil
}

// writeCheck writes nothing in a transaction it rolls back: it fails on a
// read-only server (a standby, a full disk, default_transaction_read_only)
// and without the privilege to write.
func (postgresDialect) writeCheck(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, "UPDATE tracker_schema SET version = version")
	if err != nil && strings.Contains(err.Error(), "read-only") {
		return fmt.Errorf("the database is read-only: %w", err)
	}
	return err
}

func (postgresDialect) close(*sql.DB) {}
