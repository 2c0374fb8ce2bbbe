package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSnapshotsStoredOncePerBody(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	body, err := os.ReadFile(filepath.Join("testdata", "policy.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Two versions from the same body (a re-extraction), one from another.
	v1 := mustAddVersion(t, s, liveVersion(doc.ID, t0, "text 1", string(body)))
	v2 := mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(time.Hour), "text 2", string(body)))
	v3 := mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(2*time.Hour), "text 3", string(body)+"<!-- -->"))
	if v1.SnapshotID != v2.SnapshotID {
		t.Errorf("same body stored twice: snapshots %d and %d", v1.SnapshotID, v2.SnapshotID)
	}
	if v3.SnapshotID == v1.SnapshotID {
		t.Error("different bodies share a snapshot")
	}
	if n := count(t, s, "snapshots"); n != 2 {
		t.Errorf("%d snapshot rows, want 2", n)
	}

	// Compression: the policy page must shrink to well under half.
	stored := intQuery(t, s.db, "SELECT length(body) FROM snapshots WHERE id = ?", v1.SnapshotID)
	if stored*2 >= int64(len(body)) {
		t.Errorf("snapshot stored in %d bytes for a %d-byte body: not compressed", stored, len(body))
	}
	t.Logf("policy.html: %d bytes stored as %d", len(body), stored)

	got, err := s.Snapshot(ctx, v1.SnapshotID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != string(body) || got.Hash != sha256Hex(body) || got.ContentType != "text/html; charset=utf-8" {
		t.Errorf("Snapshot round trip lost data: hash %s, type %q, %d bytes", got.Hash, got.ContentType, len(got.Body))
	}

	// Re-extraction passes the snapshot it read back: still no new row.
	re := liveVersion(doc.ID, t0.Add(3*time.Hour), "text 4", "")
	re.Snapshot = got
	v4 := mustAddVersion(t, s, re)
	// A snapshot referred to by id only.
	byID := liveVersion(doc.ID, t0.Add(4*time.Hour), "text 5", "")
	byID.Snapshot = Snapshot{ID: v3.SnapshotID}
	v5 := mustAddVersion(t, s, byID)
	if v4.SnapshotID != v1.SnapshotID || v5.SnapshotID != v3.SnapshotID || count(t, s, "snapshots") != 2 {
		t.Errorf("reused snapshots: v4 %d (want %d), v5 %d (want %d), rows %d",
			v4.SnapshotID, v1.SnapshotID, v5.SnapshotID, v3.SnapshotID, count(t, s, "snapshots"))
	}
}

func TestSnapshotErrors(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	if _, err := s.Snapshot(ctx, 42); !errors.Is(err, ErrNotFound) {
		t.Errorf("Snapshot(missing) error = %v, want ErrNotFound", err)
	}
	byID := liveVersion(doc.ID, t0, "text", "")
	byID.Snapshot = Snapshot{ID: 42}
	if _, err := s.AddVersion(ctx, byID); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddVersion with a missing snapshot id: error = %v, want ErrNotFound", err)
	}
	// A body damaged in the file is reported, not returned.
	v := mustAddVersion(t, s, liveVersion(doc.ID, t0, "text", "<p>text</p>"))
	packed, err := gzipBytes([]byte("<p>other</p>"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("UPDATE snapshots SET body = ? WHERE id = ?", packed, v.SnapshotID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Snapshot(ctx, v.SnapshotID); err == nil {
		t.Error("Snapshot returned a body that does not match its hash")
	}
}
