package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportsResumeAndBackdate walks an import of Open Terms Archive
// records: versions with source ota and their records in one
// transaction, records that matched a version, a record that moves a
// later version back, and a second run asking what is done.
func TestImportsResumeAndBackdate(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	at := time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)

	nv := liveVersion(doc.ID, t0, "2021 text", "# 2021 text\n")
	nv.Version.Source, nv.Version.CapturedAt = "ota", at
	nv.Snapshot.ContentType = "text/markdown; charset=utf-8"
	nv.Import = &Import{Source: "ota", Ref: "c1", RecordedAt: at}
	v1 := mustAddVersion(t, s, nv)
	if v1.Source != "ota" {
		t.Fatalf("source = %q", v1.Source)
	}
	// A live version stored later, whose text a later record shows earlier.
	live := mustAddVersion(t, s, liveVersion(doc.ID, t0, "2024 text", "<p>2024 text</p>"))
	earlier := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	if err := s.BackdateImported(ctx, live.ID, earlier, Import{Source: "ota", Ref: "c3", RecordedAt: earlier}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordImport(ctx, Import{DocumentID: doc.ID, Source: "ota", Ref: "c2", RecordedAt: at.Add(time.Hour), VersionID: v1.ID, Note: "same text as version 1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordImport(ctx, Import{DocumentID: doc.ID, Source: "ota", Ref: "c0", RecordedAt: at.Add(-time.Hour), Note: "not a record"}); err != nil {
		t.Fatal(err)
	}

	refs, err := s.ImportedRefs(ctx, doc.ID, "ota")
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 4 || !refs["c0"] || !refs["c1"] || !refs["c2"] || !refs["c3"] {
		t.Errorf("ImportedRefs = %v", refs)
	}
	if other, _ := s.ImportedRefs(ctx, doc.ID, "elsewhere"); len(other) != 0 {
		t.Errorf("refs of another source: %v", other)
	}
	ims, err := s.Imports(ctx, doc.ID, "ota")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, im := range ims {
		got = append(got, fmt.Sprintf("%s:%d", im.Ref, im.VersionID))
	}
	if want := fmt.Sprintf("c0:0 c1:%d c2:%d c3:%d", v1.ID, v1.ID, live.ID); strings.Join(got, " ") != want {
		t.Errorf("imports = %s, want %s", strings.Join(got, " "), want)
	}
	vs, _ := s.VersionList(ctx, doc.ID)
	if len(vs) != 2 || !vs[1].CapturedAt.Equal(earlier) || vs[1].Source != "live" {
		t.Errorf("timeline after backdating: %+v", vs)
	}
	// Recording a record again replaces it.
	if err := s.RecordImport(ctx, Import{DocumentID: doc.ID, Source: "ota", Ref: "c0", RecordedAt: at, Note: "again"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "imports"); n != 4 {
		t.Errorf("%d import rows, want 4", n)
	}
	if err := s.RecordImport(ctx, Import{DocumentID: doc.ID, Source: "ota"}); err == nil {
		t.Error("an import without a ref was recorded")
	}
	bad := liveVersion(doc.ID, t0, "x", "x")
	bad.Version.Source = "elsewhere"
	if _, err := s.AddVersion(ctx, bad); err == nil {
		t.Error("a version with an unknown source was stored")
	}
}

// TestWalkVersions reads a history longer than a batch, in capture order
// with texts, and stops when told to.
func TestWalkVersions(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	const n = 2*walkBatch + 3
	for i := range n {
		// Stored out of order, with ties of capture time.
		at := t0.Add(time.Duration((i*7)%n/2) * time.Hour)
		nv := liveVersion(doc.ID, at, fmt.Sprintf("text %d", i), fmt.Sprintf("<p>text %d</p>", i))
		mustAddVersion(t, s, nv)
	}
	want, err := s.Versions(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []Version
	if err := s.WalkVersions(ctx, doc.ID, func(v Version) error { got = append(got, v); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("walked %d versions, want %d", len(got), n)
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Text != want[i].Text || got[i].Text == "" {
			t.Errorf("version %d: walked %d %q, want %d %q", i, got[i].ID, got[i].Text, want[i].ID, want[i].Text)
		}
	}
	stop := errors.New("stop")
	seen := 0
	err = s.WalkVersions(ctx, doc.ID, func(Version) error {
		seen++
		if seen == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 3 {
		t.Errorf("stopping: %v after %d", err, seen)
	}
	if err := s.WalkVersions(ctx, doc.ID+99, func(Version) error { t.Error("a version of no document"); return nil }); err != nil {
		t.Error(err)
	}
}

// TestMigratedV1TakesOTAVersions checks the widened CHECK on a database
// made by the first schema: ota versions go in, unknown sources still not.
func TestMigratedV1TakesOTAVersions(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "tracker.db")
	copyFile(t, filepath.Join("testdata", "v1.db"), path)
	s := openTestStore(t, path)
	ctx := context.Background()
	doc, err := s.Document(ctx, "acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	nv := liveVersion(doc.ID, t0.AddDate(1, 0, 0), "imported", "# imported\n")
	nv.Version.Source = "ota"
	mustAddVersion(t, s, nv)
	if _, err := s.db.ExecContext(ctx, `UPDATE versions SET source = 'elsewhere' WHERE source = 'ota'`); err == nil {
		t.Error("the CHECK on versions.source no longer holds")
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	var def string
	if err := s.db.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'versions'`).Scan(&def); err != nil || !strings.Contains(def, "'ota'") {
		t.Errorf("versions table: %s %v", def, err)
	}
}
