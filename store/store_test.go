package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store/storetest"
)

// newTestStore opens a fresh database of the kind under test: a file in a
// temporary directory, or a PostgreSQL schema (see storetest).
func newTestStore(tb testing.TB) *Store {
	tb.Helper()
	return openTestStore(tb, storetest.DSN(tb, tb.TempDir()))
}

// testDSN is a fresh database that several Stores may open, as several
// processes would.
func testDSN(tb testing.TB) string {
	tb.Helper()
	return storetest.DSN(tb, tb.TempDir())
}

// sqliteOnly skips a test of what only SQLite has (files, PRAGMAs) when the
// suite runs on PostgreSQL.
func sqliteOnly(tb testing.TB) {
	tb.Helper()
	if storetest.Postgres() {
		tb.Skip("SQLite only")
	}
}

func openTestStore(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// seedDocument records vendor "acme" with one document of the given type.
func seedDocument(tb testing.TB, s *Store, docType string) Document {
	tb.Helper()
	docs, err := s.SyncVendor(context.Background(), Vendor{ID: "acme", Name: "Acme Inc."},
		[]Document{{Type: docType, URL: "https://acme.example/" + docType}})
	if err != nil {
		tb.Fatalf("SyncVendor: %v", err)
	}
	return docs[0]
}

// liveVersion is a NewVersion for a live fetch of body at t with text.
func liveVersion(docID int64, at time.Time, text, body string) NewVersion {
	return NewVersion{
		Version: Version{
			DocumentID: docID, Hash: sha256Hex([]byte(text)), Text: text, Source: "live",
			FetchedAt: at, CapturedAt: at, URL: "https://acme.example/privacy",
		},
		Snapshot: Snapshot{ContentType: "text/html; charset=utf-8", Body: []byte(body)},
	}
}

func mustAddVersion(tb testing.TB, s *Store, nv NewVersion) Version {
	tb.Helper()
	v, err := s.AddVersion(context.Background(), nv)
	if err != nil {
		tb.Fatalf("AddVersion: %v", err)
	}
	return v
}

// count is the number of rows in a table, read through the store's pool.
func count(tb testing.TB, s *Store, table string) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

var t0 = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

func TestOpenConfiguresDatabase(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "tracker.db")
	s := openTestStore(t, path)
	ctx := context.Background()
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "10000"},
		{"synchronous", "1"}, // NORMAL
		{"user_version", strconv.Itoa(SchemaVersion())},
		{"application_id", "1953655666"}, // "trkr"
	} {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.db.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
			}
		})
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck on a new database: %v", err)
	}
}

func TestOpenKeepsDataAcrossReopen(t *testing.T) {
	path := storetest.DSN(t, t.TempDir())
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDocument(t, s, "privacy")
	v := mustAddVersion(t, s, liveVersion(doc.ID, t0, "We collect data.", "<p>We collect data.</p>"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := openTestStore(t, path)
	got, err := s2.Version(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "We collect data." || !got.CapturedAt.Equal(t0) || got.CapturedAt.Location() != time.UTC {
		t.Errorf("reopened version = %+v", got)
	}
}

// TestOpenErrors checks that each common mistake gets a message naming the
// path and saying what is wrong.
func TestOpenErrors(t *testing.T) {
	sqliteOnly(t)
	random := make([]byte, 8192)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	// A SQLite header followed by garbage gets past the magic check, so
	// SQLite itself has to say it.
	garbage := append([]byte(sqliteMagic), random...)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string
		want  string
	}{
		{"missing directory", func(t *testing.T, dir string) string {
			return filepath.Join(dir, "nope", "tracker.db")
		}, "does not exist"},
		{"random bytes", func(t *testing.T, dir string) string {
			return writeFile(t, filepath.Join(dir, "tracker.db"), random, 0o644)
		}, "not a tracker database"},
		{"zero-byte file", func(t *testing.T, dir string) string {
			return writeFile(t, filepath.Join(dir, "tracker.db"), nil, 0o644)
		}, "the file is empty (0 bytes)"},
		{"text file", func(t *testing.T, dir string) string {
			return writeFile(t, filepath.Join(dir, "tracker.yaml"), []byte("vendors: []\n"), 0o644)
		}, "not a tracker database"},
		{"sqlite header then garbage", func(t *testing.T, dir string) string {
			return writeFile(t, filepath.Join(dir, "tracker.db"), garbage, 0o644)
		}, "not a tracker database"},
		{"another application's database", func(t *testing.T, dir string) string {
			return otherDatabase(t, filepath.Join(dir, "other.db"), "")
		}, "not a tracker database"},
		{"another application's versioned database", func(t *testing.T, dir string) string {
			return otherDatabase(t, filepath.Join(dir, "other.db"), "PRAGMA user_version = 1")
		}, "not a tracker database"},
		{"read-only file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "tracker.db")
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			return path
		}, "read-only"},
		{"read-only directory", func(t *testing.T, dir string) string {
			sub := filepath.Join(dir, "ro")
			if err := os.Mkdir(sub, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(sub, 0o755) })
			return filepath.Join(sub, "tracker.db")
		}, "not writable"},
		{"a directory", func(t *testing.T, dir string) string {
			return dir
		}, "is a directory"},
		{"newer schema", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "tracker.db")
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
				t.Fatal(err)
			}
			s.Close()
			return path
		}, fmt.Sprintf("schema version 99, newer than this tracker supports (%d)", SchemaVersion())},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.setup(t, t.TempDir())
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded, want an error containing %q", path, tc.want)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, path) {
				t.Errorf("Open(%s) error = %q, want it to name the path and contain %q", path, msg, tc.want)
			}
			if fi, err := os.Stat(path); err == nil && tc.name == "zero-byte file" && fi.Size() != 0 {
				t.Errorf("the zero-byte file was written to: %d bytes now", fi.Size())
			}
		})
	}
}

// otherDatabase creates a SQLite file that some other program made.
func otherDatabase(t *testing.T, path, extra string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", extra} {
		if q == "" {
			continue
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func writeFile(t *testing.T, path string, b []byte, mode os.FileMode) string {
	t.Helper()
	if err := os.WriteFile(path, b, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIntegrityCheckReportsCorruption(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "tracker.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDocument(t, s, "privacy")
	for i := range 50 {
		text := strings.Repeat("clause ", 200) + string(rune('a'+i%26))
		mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(time.Duration(i)*time.Hour), text+time.Duration(i).String(), text))
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Overwrite the middle of the file (index and table pages) with zeros.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	if _, err := f.WriteAt(make([]byte, 4096), st.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s2, err := Open(context.Background(), path)
	if err != nil {
		// Refusing to open a damaged file is also a clear answer.
		if !strings.Contains(err.Error(), path) {
			t.Errorf("Open error %q does not name the file", err)
		}
		t.Logf("Open refused the damaged file: %v", err)
		return
	}
	defer s2.Close()
	err = s2.IntegrityCheck(context.Background())
	if err == nil {
		t.Fatal("IntegrityCheck passed on a damaged file")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("IntegrityCheck error %q does not name the file", err)
	}
}

func TestDSNEscapesPath(t *testing.T) {
	sqliteOnly(t)
	dir := filepath.Join(t.TempDir(), "odd?#%dir")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tracker.db")
	s := openTestStore(t, path)
	seedDocument(t, s, "privacy")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at %s: %v", path, err)
	}
}

// intQuery runs a query that returns one integer.
func intQuery(tb testing.TB, db *sql.DB, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestWriteCheck(t *testing.T) {
	s := newTestStore(t)
	if err := s.WriteCheck(context.Background()); err != nil {
		t.Fatalf("WriteCheck on a fresh store: %v", err)
	}
	s.Close()
	if err := s.WriteCheck(context.Background()); err == nil {
		t.Error("WriteCheck succeeded on a closed store")
	}
}
