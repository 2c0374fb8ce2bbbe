package store

import (
	"context"
	"testing"
	"time"
)

// TestBackfillResumes walks a backfill that stops halfway and a second run
// that asks which captures are done.
func TestBackfillResumes(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	captures := []Capture{
		{Timestamp: "20190101000000", Digest: "AAA", Original: "http://acme.example/privacy", Status: "200"},
		{Timestamp: "20200101000000", Digest: "BBB", Original: "http://acme.example/privacy", Status: "200"},
		{Timestamp: "20210101000000", Digest: "CCC", Original: "http://acme.example/privacy", Status: "200"},
	}
	// First run: one capture gives a version, one fails for good, then the
	// run is interrupted before the third.
	nv := liveVersion(doc.ID, t0, "2019 text", "<p>2019</p>")
	nv.Version.Source, nv.Version.CapturedAt = "wayback", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	c0 := captures[0]
	nv.Capture = &c0
	v := mustAddVersion(t, s, nv)
	failed := captures[1]
	failed.DocumentID, failed.Error = doc.ID, "extract: empty page"
	if err := s.RecordCapture(ctx, failed); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		c    Capture
		want bool
	}{
		{captures[0], true},
		{captures[1], true},
		{captures[2], false},
		{Capture{Timestamp: "20190101000000", Digest: "ZZZ"}, false}, // same time, other content
	} {
		done, err := s.CaptureDone(ctx, doc.ID, tc.c.Timestamp, tc.c.Digest)
		if err != nil || done != tc.want {
			t.Errorf("CaptureDone(%s, %s) = %v, %v; want %v", tc.c.Timestamp, tc.c.Digest, done, err, tc.want)
		}
	}
	if done, _ := s.CaptureDone(ctx, doc.ID+1, "20190101000000", "AAA"); done {
		t.Error("a capture of one document is done for another")
	}

	// Recording a capture again replaces the earlier record.
	failed.Error, failed.VersionID = "", v.ID
	if err := s.RecordCapture(ctx, failed); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Captures(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].VersionID != v.ID || cs[1].VersionID != v.ID || cs[1].Error != "" || cs[0].FetchedAt.IsZero() {
		t.Errorf("Captures = %+v", cs)
	}
}
