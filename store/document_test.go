package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSyncVendorKeepsIDs(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	first, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"},
		{Type: "terms", URL: "https://acme.example/terms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackoff(ctx, first[0].ID, 3, t0); err != nil {
		t.Fatal(err)
	}
	// The configuration moves the privacy policy, drops the terms and adds a DPA.
	second, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme Inc."}, []Document{
		{Type: "privacy", URL: "https://acme.example/legal/privacy"},
		{VendorID: "acme", Type: "dpa", URL: "https://acme.example/dpa"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if second[0].ID != first[0].ID || second[0].URL != "https://acme.example/legal/privacy" {
		t.Errorf("privacy after moving = %+v, want id %d with the new URL", second[0], first[0].ID)
	}
	if second[0].FailCount != 3 || !second[0].NextAttemptAt.Equal(t0) {
		t.Errorf("back-off state lost on sync: %+v", second[0])
	}
	docs, err := s.Documents(ctx)
	if err != nil || len(docs) != 3 {
		t.Fatalf("Documents = %+v, %v; want dpa, privacy and the kept terms", docs, err)
	}
	if docs[0].Type != "dpa" || docs[1].Type != "privacy" || docs[2].Type != "terms" {
		t.Errorf("Documents order = %s, %s, %s", docs[0].Type, docs[1].Type, docs[2].Type)
	}
	vs, err := s.Vendors(ctx)
	if err != nil || len(vs) != 1 || vs[0].Name != "Acme Inc." {
		t.Errorf("Vendors = %+v, %v", vs, err)
	}
}

func TestSyncVendorRejectsBadInput(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	tests := []struct {
		name string
		v    Vendor
		docs []Document
	}{
		{"no vendor id", Vendor{Name: "x"}, nil},
		{"document of another vendor", Vendor{ID: "acme"}, []Document{{VendorID: "other", Type: "privacy", URL: "u"}}},
		{"document without type", Vendor{ID: "acme"}, []Document{{Type: "privacy", URL: "u"}, {URL: "u2"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.SyncVendor(ctx, tc.v, tc.docs); err == nil {
				t.Fatal("SyncVendor succeeded")
			}
			if n := count(t, s, "documents"); n != 0 {
				t.Errorf("%d documents kept from a failed sync", n)
			}
		})
	}
}

func TestDocumentAndBackoff(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	if _, err := s.Document(ctx, "acme", "dpa"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document(missing) error = %v, want ErrNotFound", err)
	}
	next := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("EST", -5*3600))
	if err := s.SetBackoff(ctx, doc.ID, 2, next); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, "acme", "privacy")
	if err != nil || got.FailCount != 2 || !got.NextAttemptAt.Equal(next) || got.NextAttemptAt.Location() != time.UTC {
		t.Errorf("Document after SetBackoff = %+v, %v", got, err)
	}
	if err := s.SetBackoff(ctx, doc.ID, 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Document(ctx, "acme", "privacy"); got.FailCount != 0 || !got.NextAttemptAt.IsZero() {
		t.Errorf("Document after clearing back-off = %+v", got)
	}
	if err := s.SetBackoff(ctx, 999, 1, next); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetBackoff(missing) error = %v, want ErrNotFound", err)
	}
}

// A start with an unchanged configuration writes nothing: the documents
// come back from two reads, with their back-off state.
func TestSyncVendorsUnchangedWritesNothing(t *testing.T) {
	sqliteOnly(t) // counts writes with SQLite's total_changes()
	s := newTestStore(t)
	ctx := context.Background()
	config := []VendorDocuments{
		{Vendor: Vendor{ID: "acme", Name: "Acme"}, Documents: []Document{
			{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}}},
		{Vendor: Vendor{ID: "globex", Name: "Globex"}, Documents: []Document{{Type: "dpa", URL: "https://globex.example/dpa"}}},
	}
	first, err := s.SyncVendors(ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackoff(ctx, first[1][0].ID, 2, t0); err != nil {
		t.Fatal(err)
	}
	changes := func() (n int) {
		t.Helper()
		// The store has one connection: total_changes counts every row it wrote.
		if err := s.db.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := changes()
	again, err := s.SyncVendors(ctx, config)
	if err != nil {
		t.Fatal(err)
	}
	if n := changes() - before; n != 0 {
		t.Errorf("an unchanged configuration wrote %d rows", n)
	}
	if len(again) != 2 || len(again[0]) != 2 || again[0][1].ID != first[0][1].ID || again[0][1].Type != "terms" {
		t.Errorf("documents = %+v, want those of the first sync", again)
	}
	if d := again[1][0]; d.FailCount != 2 || !d.NextAttemptAt.Equal(t0) {
		t.Errorf("back-off state = %d, %v; want 2, %v", d.FailCount, d.NextAttemptAt, t0)
	}
	// A renamed vendor is written again.
	config[1].Vendor.Name = "Globex Corporation"
	if _, err := s.SyncVendors(ctx, config); err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.Vendors(ctx); len(vs) != 2 || vs[1].Name != "Globex Corporation" {
		t.Errorf("Vendors after a rename = %+v", vs)
	}
}
