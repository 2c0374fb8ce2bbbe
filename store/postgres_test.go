package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/store/storetest"
)

// TestMigrationListsMatch keeps the two databases at the same schema: a
// step added for SQLite needs its PostgreSQL twin, at the same number.
func TestMigrationListsMatch(t *testing.T) {
	if len(pgMigrations) != len(migrations) {
		t.Fatalf("%d PostgreSQL migrations for %d SQLite ones: add the twin of each step under migrations/postgres/", len(pgMigrations), len(migrations))
	}
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"WHERE id = ?1 OR parent = ?1 AND x = ?2", "WHERE id = $1 OR parent = $1 AND x = $2"},
		{"SELECT '?', \"q?\" FROM t WHERE a = ?", "SELECT '?', \"q?\" FROM t WHERE a = $1"},
		{"SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = $1"},
		{"-- a comment?\nSELECT ? /* and ? */, ?", "-- a comment?\nSELECT $1 /* and ? */, $2"},
		{"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
	}
	for _, tc := range tests {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://tracker:s3cret@db.example:5432/tracker", "postgres://tracker:xxxxx@db.example:5432/tracker"},
		{"postgres://tracker@db.example/tracker", "postgres://tracker@db.example/tracker"},
		{"/var/lib/tracker/tracker.db", "/var/lib/tracker/tracker.db"},
	}
	for _, tc := range tests {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOpenPostgresErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("unreachable server", func(t *testing.T) {
		// Port 1 on loopback: nothing listens there. The password must not
		// show in the message.
		_, err := Open(ctx, "postgres://tracker:s3cret@127.0.0.1:1/tracker?connect_timeout=2")
		if err == nil {
			t.Fatal("Open succeeded")
		}
		if strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "cannot connect") {
			t.Errorf("error = %q, want \"cannot connect\" and no password", err)
		}
	})
	t.Run("bad URL", func(t *testing.T) {
		_, err := Open(ctx, "postgres://tracker:s3cret@127.0.0.1:notaport/tracker")
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error = %v, want one without the password", err)
		}
	})
	t.Run("another program's schema", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		execSQL(t, url, "CREATE TABLE notes (id integer PRIMARY KEY, body text)")
		_, err := Open(ctx, url)
		if err == nil || !strings.Contains(err.Error(), "not a tracker database") {
			t.Errorf("Open error = %v, want \"not a tracker database\"", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		s := openTestStore(t, url)
		if _, err := s.db.Exec("UPDATE tracker_schema SET version = 99"); err != nil {
			t.Fatal(err)
		}
		_, err := Open(ctx, url)
		if err == nil || !strings.Contains(err.Error(), "schema version 99, newer than this tracker supports") {
			t.Errorf("Open error = %v", err)
		}
	})
	t.Run("failed step leaves the previous version", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		db := openRaw(t, url)
		boom := func(tx *sql.Tx) error {
			if _, err := tx.Exec("CREATE TABLE half (id integer)"); err != nil {
				return err
			}
			_, err := tx.Exec("SELECT no_such_function()")
			return err
		}
		err := migratePostgres(ctx, db, append(pgMigrations[:1:1], boom))
		if err == nil {
			t.Fatal("migrate succeeded")
		}
		var v int
		if err := db.QueryRow("SELECT version FROM tracker_schema").Scan(&v); err != nil || v != 1 {
			t.Errorf("version = %d (%v), want 1", v, err)
		}
		var half bool
		db.QueryRow("SELECT to_regclass('half') IS NOT NULL").Scan(&half)
		if half {
			t.Error("the failed step's table was left behind")
		}
		if err := migratePostgres(ctx, db, pgMigrations); err != nil {
			t.Fatal(err)
		}
	})
}

func openRaw(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := openPostgresDB(url)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func execSQL(t *testing.T, url, q string) {
	t.Helper()
	if _, err := openRaw(t, url).Exec(q); err != nil {
		t.Fatal(err)
	}
}
