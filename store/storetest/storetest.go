// Package storetest gives tests a fresh database of the kind under test:
// a SQLite file, or a schema of its own on the PostgreSQL server named by
// $TRACKER_TEST_POSTGRES_URL. The store's test suite is one suite run on
// both: `TRACKER_TEST_STORE=postgres go test ./store/` runs it on
// PostgreSQL (.ci/run does, after starting a server with .ci/postgres.sh).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// URLVar names the PostgreSQL server tests may use; StoreVar picks the
// store of the shared suite ("sqlite", the default, or "postgres").
const (
	URLVar   = "TRACKER_TEST_POSTGRES_URL"
	StoreVar = "TRACKER_TEST_STORE"
)

// Postgres reports whether the suite runs on PostgreSQL.
func Postgres() bool { return os.Getenv(StoreVar) == "postgres" }

// DSN is a fresh, empty database for the suite's store: a file in dir, or
// a new PostgreSQL schema dropped when the test ends.
func DSN(tb testing.TB, dir string) string {
	tb.Helper()
	if Postgres() {
		if os.Getenv(URLVar) == "" {
			tb.Fatalf("%s=postgres needs %s (bash .ci/postgres.sh start DIR prints one)", StoreVar, URLVar)
		}
		return PostgresURL(tb)
	}
	return filepath.Join(dir, "tracker.db")
}

// PostgresURL is the URL of a fresh schema on the test server, dropped when
// the test ends. Without a server the test is skipped, never faked.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(URLVar)
	if base == "" {
		tb.Skipf("no PostgreSQL server: set %s (bash .ci/postgres.sh start DIR starts one and prints it)", URLVar)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", URLVar, err)
	}
	suffix := make([]byte, 6)
	rand.Read(suffix)
	schema := "t_" + hex.EncodeToString(suffix)
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", URLVar, err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			tb.Errorf("open %s: %v", URLVar, err)
			return
		}
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
