package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store/storetest"
)

// fillHistory gives s a small history of every kind of row.
func fillHistory(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	v1 := mustAddVersion(t, s, liveVersion(doc.ID, t0, "one", "<p>one</p>"))
	nv := liveVersion(doc.ID, t0.Add(time.Hour), "two", "<p>two</p>")
	nv.Fetch = &Fetch{StartedAt: t0.Add(time.Hour), URL: "u", Status: 200, Outcome: "changed", Crawler: "a"}
	nv.Change = &Change{FromVersion: v1.ID, MaxSeverity: "high", Material: true, Report: []byte(`{"summary":{"material":true}}`)}
	nv.Alerts = []Delivery{{AlertID: "msg_1", Channel: "webhook", Target: "https://h.example/", Payload: []byte(`{}`)}}
	nv.Capture = &Capture{Timestamp: "20240301093000", Digest: "D", Original: "https://acme.example/privacy", Status: "200"}
	v2 := mustAddVersion(t, s, nv)
	flap := liveVersion(doc.ID, t0.Add(2*time.Hour), "one", "<p>one</p>")
	flap.Version.FlapOf = v1.ID
	flap.Version.Technical = true
	mustAddVersion(t, s, flap)
	if _, err := s.RecordFetch(ctx, Fetch{DocumentID: doc.ID, StartedAt: t0.Add(3 * time.Hour), URL: "u", Status: 304, Outcome: "not-modified"}); err != nil {
		t.Fatal(err)
	}
	_ = v2
}

// TestCopyTo copies a SQLite history into the database under test (a
// second SQLite file, or PostgreSQL), verifies it row for row, accepts a
// second run, and refuses a target with another history.
func TestCopyTo(t *testing.T) {
	ctx := context.Background()
	src := openTestStore(t, filepath.Join(t.TempDir(), "src.db"))
	fillHistory(t, src)
	dstDSN := storetest.DSN(t, t.TempDir())
	if !storetest.Postgres() {
		dstDSN = filepath.Join(t.TempDir(), "dst.db")
	}
	dst := openTestStore(t, dstDSN)
	indexesBefore := indexList(t, dst)
	// A configuration synced into the target before: replaced.
	if _, err := dst.SyncVendor(ctx, Vendor{ID: "other", Name: "Other"}, []Document{{Type: "terms", URL: "https://o.example/"}}); err != nil {
		t.Fatal(err)
	}
	checks, err := src.CopyTo(ctx, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != len(copyTables) || checks[3].Table != "versions" || checks[3].Rows != 3 {
		t.Errorf("checks: %+v", checks)
	}
	// The indexes a PostgreSQL copy sets aside are all back, as they were.
	if got := indexList(t, dst); got != indexesBefore {
		t.Errorf("indexes after the copy:\n%s\nbefore:\n%s", got, indexesBefore)
	}
	// The copy reads back as the source: texts, pages, summaries.
	doc, err := dst.Document(ctx, "acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := dst.Versions(ctx, doc.ID)
	if err != nil || len(vs) != 3 || vs[1].Text != "two" || !vs[2].Technical || vs[2].FlapOf != vs[0].ID {
		t.Errorf("copied versions: %+v %v", vs, err)
	}
	sums, err := dst.DocumentSummaries(ctx)
	if err != nil || len(sums) != 1 || sums[0].Versions != 3 || sums[0].LastFetch.Outcome != "not-modified" {
		t.Errorf("copied summaries: %+v %v", sums, err)
	}
	// New rows get new ids after the copied ones.
	more := liveVersion(doc.ID, t0.Add(4*time.Hour), "three", "<p>three</p>")
	if _, err := dst.AddVersion(ctx, more); err != nil {
		t.Errorf("a version after the copy: %v", err)
	}
	// Run again on the grown target: a different history now.
	if _, err := src.CopyTo(ctx, dst, nil); !errors.Is(err, ErrDifferentHistory) {
		t.Errorf("copy into a different history: %v, want ErrDifferentHistory", err)
	}
	// Into a fresh copy, twice: the second run finds the same history.
	dst2 := openTestStore(t, filepath.Join(t.TempDir(), "dst2.db"))
	if _, err := src.CopyTo(ctx, dst2, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := src.CopyTo(ctx, dst2, nil); err != nil {
		t.Errorf("second copy of the same history: %v", err)
	}
}

// indexList is every index of the store's tables with its definition.
func indexList(t *testing.T, s *Store) string {
	t.Helper()
	q := `SELECT name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name`
	if _, ok := s.dialect.(postgresDialect); ok {
		q = `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`
	}
	defs, err := names(context.Background(), s.db, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) < 10 {
		t.Fatalf("only %d indexes: %q", len(defs), defs)
	}
	return strings.Join(defs, "\n")
}
