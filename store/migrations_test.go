package store

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The fixture testdata/v1.db holds a database made by the version-1 schema.
// Regenerate it (only when migration 1 itself must change, which it must
// not once shipped) with:
//
//	STORE_WRITE_FIXTURE=1 go test -run TestWriteV1Fixture ./store
func TestWriteV1Fixture(t *testing.T) {
	if os.Getenv("STORE_WRITE_FIXTURE") == "" {
		t.Skip("set STORE_WRITE_FIXTURE=1 to regenerate testdata/v1.db")
	}
	path := filepath.Join("testdata", "v1.db")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if err := migrate(ctx, db, migrations[:1]); err != nil {
		t.Fatal(err)
	}
	body, err := gzipBytes([]byte("<html><body><p>We collect your e-mail address.</p></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	snapHash := sha256Hex([]byte("<html><body><p>We collect your e-mail address.</p></body></html>"))
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`INSERT INTO vendors (id, name) VALUES ('acme', 'Acme Inc.')`, nil},
		{`INSERT INTO documents (id, vendor_id, type, url) VALUES (1, 'acme', 'privacy', 'https://acme.example/privacy')`, nil},
		{`INSERT INTO snapshots (id, hash, content_type, size, body) VALUES (1, ?, 'text/html', 64, ?)`, []any{snapHash, body}},
		{`INSERT INTO versions (id, document_id, snapshot_id, hash, text, source, fetched_at, captured_at, url, etag)
		  VALUES (1, 1, 1, 'h1', 'We collect your e-mail address.', 'wayback', '2024-01-02T03:04:05.000000000Z',
		  '2019-05-07T04:04:51.000000000Z', 'https://web.archive.org/web/20190507040451id_/https://acme.example/privacy', ''),
		  (2, 1, 1, 'h2', 'We collect your e-mail address and phone number.', 'live', '2024-01-03T00:00:00.000000000Z',
		  '2024-01-03T00:00:00.000000000Z', 'https://acme.example/privacy', '"v2"')`, nil},
		{`INSERT INTO fetches (document_id, started_at, duration_ns, url, final_url, status, outcome, etag, version_id)
		  VALUES (1, '2024-01-03T00:00:00.000000000Z', 120000000, 'https://acme.example/privacy',
		  'https://acme.example/privacy', 200, 'changed', '"v2"', 2)`, nil},
		{`INSERT INTO changes (document_id, from_version, to_version, max_severity, material, added, removed, modified, moved, report, created_at)
		  VALUES (1, 1, 2, 'medium', 1, 0, 0, 1, 0, '{"summary":{"max_severity":"medium"}}', '2024-01-03T00:00:01.000000000Z')`, nil},
		{`INSERT INTO deliveries (alert_id, document_id, channel, target, payload, status, attempts, next_attempt_at, created_at)
		  VALUES ('msg_v1', 1, 'webhook', 'https://hooks.example/t', '{"type":"document.changed"}', 'pending', 0,
		  '2024-01-03T00:00:01.000000000Z', '2024-01-03T00:00:01.000000000Z')`, nil},
		{`INSERT INTO captures (document_id, timestamp, digest, original, status, version_id, fetched_at)
		  VALUES (1, '20190507040451', 'DIGEST1', 'https://acme.example/privacy', '200', 1, '2024-01-02T03:04:05.000000000Z')`, nil},
	} {
		if _, err := db.ExecContext(ctx, q.query, q.args...); err != nil {
			t.Fatalf("%s: %v", q.query, err)
		}
	}
	// Fold the WAL into the file so that one file is the whole fixture, and
	// keep it small: a table per page, so small pages.
	for _, q := range []string{"PRAGMA journal_mode = DELETE", "PRAGMA page_size = 1024", "VACUUM"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestMigrateV1Fixture opens a copy of a version-1 database and checks that
// migrating to the current schema keeps every row readable.
func TestMigrateV1Fixture(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "tracker.db")
	copyFile(t, filepath.Join("testdata", "v1.db"), path)
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := userVersion(ctx, raw); err != nil || v != 1 {
		t.Fatalf("fixture user_version = %d, %v; want 1", v, err)
	}
	raw.Close()
	s := openTestStore(t, path)

	if got := intQuery(t, s.db, "PRAGMA user_version"); got != int64(len(migrations)) {
		t.Fatalf("user_version = %d after migrating, want %d", got, len(migrations))
	}
	doc, err := s.Document(ctx, "acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Source != "wayback" || vs[1].Source != "live" {
		t.Fatalf("versions after migration = %+v", vs)
	}
	if vs[0].Technical || vs[0].FlapOf != 0 {
		t.Errorf("migrated version got technical=%v flap_of=%d, want the defaults", vs[0].Technical, vs[0].FlapOf)
	}
	if want := time.Date(2019, 5, 7, 4, 4, 51, 0, time.UTC); !vs[0].CapturedAt.Equal(want) {
		t.Errorf("captured_at = %v, want %v", vs[0].CapturedAt, want)
	}
	snap, err := s.Snapshot(ctx, vs[1].SnapshotID)
	if err != nil {
		t.Fatal(err)
	}
	if string(snap.Body) != "<html><body><p>We collect your e-mail address.</p></body></html>" {
		t.Errorf("snapshot body = %q", snap.Body)
	}
	if c, ok, err := s.ChangeBetween(ctx, 1, 2); err != nil || !ok || c.MaxSeverity != "medium" || !c.Material {
		t.Errorf("ChangeBetween(1, 2) = %+v, %v, %v", c, ok, err)
	}
	if f, err := s.LastFetch(ctx, doc.ID); err != nil || f.VersionID != 2 || f.TextHash != "" || f.Duration != 120*time.Millisecond {
		t.Errorf("LastFetch = %+v, %v", f, err)
	}
	if done, err := s.CaptureDone(ctx, doc.ID, "20190507040451", "DIGEST1"); err != nil || !done {
		t.Errorf("CaptureDone = %v, %v; want the migrated capture", done, err)
	}
	if ds, err := s.DueDeliveries(ctx, t0, "", 10); err != nil || len(ds) != 1 || ds[0].AlertID != "msg_v1" {
		t.Errorf("DueDeliveries = %+v, %v", ds, err)
	} else if d := ds[0]; d.Endpoint != "url:https://hooks.example/t" || d.Channel != "webhook" ||
		d.Target != "https://hooks.example/t" || !d.QueuedAt.Equal(d.CreatedAt) {
		// A row keyed by URL before schema version 4 keeps its URL as key.
		t.Errorf("migrated delivery = %+v", d)
	}
	// The new columns work on the migrated data.
	v3 := mustAddVersion(t, s, NewVersion{
		Version: Version{DocumentID: doc.ID, Hash: "h1", Text: vs[0].Text, Source: "live",
			FetchedAt: t0, FlapOf: vs[0].ID},
		Snapshot: Snapshot{ContentType: "text/html", Body: []byte("<p>We collect your e-mail address.</p>")},
	})
	if got, _ := s.Version(ctx, v3.ID); got.FlapOf != vs[0].ID {
		t.Errorf("FlapOf = %d, want %d", got.FlapOf, vs[0].ID)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMigrationStepIsAtomic checks that a step failing halfway leaves the
// database at the previous version with nothing of the step applied.
func TestMigrationStepIsAtomic(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "tracker.db")
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	boom := errors.New("boom")
	steps := []func(tx *sql.Tx) error{
		migrations[0],
		func(tx *sql.Tx) error {
			if _, err := tx.Exec("CREATE TABLE half (id INTEGER)"); err != nil {
				return err
			}
			return boom
		},
	}
	if err := migrate(ctx, db, steps); !errors.Is(err, boom) {
		t.Fatalf("migrate error = %v, want boom", err)
	}
	if v, _ := userVersion(ctx, db); v != 1 {
		t.Errorf("user_version = %d after a failed step 2, want 1", v)
	}
	if n := intQuery(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"); n != 0 {
		t.Error("the failed step's table was left behind")
	}
	// The real second step still applies afterwards.
	if err := migrate(ctx, db, migrations); err != nil {
		t.Fatal(err)
	}
	if v, _ := userVersion(ctx, db); v != len(migrations) {
		t.Errorf("user_version = %d, want %d", v, len(migrations))
	}
}
