package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func policyBody(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "policy.html"))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkAddVersion stores a changed version as a crawl does: a new
// 7 KB body, its fetch, the change and two alert rows, in one transaction.
func BenchmarkAddVersion(b *testing.B) {
	s := newTestStore(b)
	doc := seedDocument(b, s, "privacy")
	body := policyBody(b)
	prev := mustAddVersion(b, s, liveVersion(doc.ID, t0, "first", string(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		text := fmt.Sprintf("text %d", i)
		nv := liveVersion(doc.ID, t0.Add(time.Duration(i+1)*time.Second), text, fmt.Sprintf("%s<!-- %d -->", body, i))
		nv.Fetch = &Fetch{StartedAt: nv.Version.FetchedAt, URL: "u", Status: 200, Outcome: "changed"}
		nv.Change = &Change{FromVersion: prev.ID, MaxSeverity: "medium", Report: []byte(`{"changes":[]}`)}
		nv.Alerts = []Delivery{
			{AlertID: fmt.Sprintf("msg_%d", i), Channel: "email", Target: "dpo@acme.example", Payload: []byte(`{}`)},
			{AlertID: fmt.Sprintf("msg_%d", i), Channel: "webhook", Target: "https://hooks.example/", Payload: []byte(`{}`)},
		}
		v, err := s.AddVersion(context.Background(), nv)
		if err != nil {
			b.Fatal(err)
		}
		prev = v
	}
}

// BenchmarkRecordFetch records an unchanged crawl, the most common write.
func BenchmarkRecordFetch(b *testing.B) {
	s := newTestStore(b)
	doc := seedDocument(b, s, "privacy")
	f := Fetch{DocumentID: doc.ID, StartedAt: t0, Duration: time.Second, URL: "u", Status: 304, Outcome: "not-modified", ETag: `"x"`}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.RecordFetch(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLatestVersion reads the newest of 200 versions, as every crawl
// of a document does before comparing.
func BenchmarkLatestVersion(b *testing.B) {
	s := newTestStore(b)
	doc := seedDocument(b, s, "privacy")
	body := string(policyBody(b))
	for i := range 200 {
		mustAddVersion(b, s, liveVersion(doc.ID, t0.Add(time.Duration(i)*time.Hour), fmt.Sprintf("%s %d", body, i), fmt.Sprintf("%s%d", body, i)))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := s.LatestVersion(context.Background(), doc.ID); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkSnapshot reads back and decompresses a stored body.
func BenchmarkSnapshot(b *testing.B) {
	s := newTestStore(b)
	doc := seedDocument(b, s, "privacy")
	v := mustAddVersion(b, s, liveVersion(doc.ID, t0, "text", string(policyBody(b))))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Snapshot(context.Background(), v.SnapshotID); err != nil {
			b.Fatal(err)
		}
	}
}
