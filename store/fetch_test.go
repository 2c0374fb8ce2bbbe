package store

import (
	"context"
	"testing"
	"time"
)

func TestRecordAndLastFetch(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	if f, err := s.LastFetch(ctx, doc.ID); err != nil || f != (Fetch{}) {
		t.Fatalf("LastFetch with no fetches = %+v, %v; want the zero Fetch", f, err)
	}
	want := Fetch{DocumentID: doc.ID, StartedAt: t0, Duration: 1500 * time.Millisecond, URL: "https://acme.example/privacy",
		Status: 503, Outcome: "error", Error: "503 Service Unavailable"}
	id, err := s.RecordFetch(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	want.ID = id
	got, err := s.LastFetch(ctx, doc.ID)
	if err != nil || got != want {
		t.Errorf("LastFetch =\n %+v, %v\nwant\n %+v", got, err, want)
	}
	if _, err := s.RecordFetch(ctx, Fetch{DocumentID: doc.ID, StartedAt: t0, URL: "u"}); err == nil {
		t.Error("RecordFetch accepted a fetch without outcome")
	}
	if _, err := s.RecordFetch(ctx, Fetch{DocumentID: doc.ID + 9, StartedAt: t0, URL: "u", Outcome: "error"}); err == nil {
		t.Error("RecordFetch accepted an unknown document")
	}
	fs, err := s.Fetches(ctx, doc.ID, 0)
	if err != nil || len(fs) != 1 {
		t.Errorf("Fetches = %d, %v; want 1", len(fs), err)
	}
}

func TestValidators(t *testing.T) {
	type f struct {
		status         int
		outcome        string
		etag, modified string
	}
	bare304s := make([]f, 30)
	for i := range bare304s {
		bare304s[i] = f{304, "not-modified", "", ""}
	}
	tests := []struct {
		name               string
		fetches            []f // oldest first
		noVersion          bool
		wantETag, wantLast string
	}{
		{"none", nil, false, "", ""},
		{"no version stored", []f{{200, "error", `"1"`, "lm"}, {304, "not-modified", `"1"`, "lm"}}, true, "", ""},
		{"latest 200", []f{{200, "new", `"1"`, "Mon, 01 Jan 2024 00:00:00 GMT"}, {200, "changed", `"2"`, ""}}, false, `"2"`, ""},
		{"304 repeating validators", []f{{200, "new", `"1"`, ""}, {304, "not-modified", `"1b"`, ""}}, false, `"1b"`, ""},
		{"bare 304 defers to the 200", []f{{200, "new", `"1"`, "lm"}, {304, "not-modified", "", ""}}, false, `"1"`, "lm"},
		{"errors skipped", []f{{200, "new", `"1"`, ""}, {500, "error", `"x"`, ""}, {200, "error", `"extract failed"`, ""}}, false, `"1"`, ""},
		{"suspect skipped", []f{{200, "unchanged", `"1"`, ""}, {200, "suspect", `"half page"`, ""}}, false, `"1"`, ""},
		{"200 without validators clears them", []f{{200, "new", `"1"`, ""}, {200, "unchanged", "", ""}}, false, "", ""},
		{"many bare 304s still defer to the 200", append([]f{{200, "new", `"1"`, "lm"}}, bare304s...), false, `"1"`, "lm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			ctx := context.Background()
			doc := seedDocument(t, s, "privacy")
			if !tc.noVersion {
				mustAddVersion(t, s, liveVersion(doc.ID, t0, "text", "<p>text</p>"))
			}
			for i, x := range tc.fetches {
				_, err := s.RecordFetch(ctx, Fetch{DocumentID: doc.ID, StartedAt: t0.Add(time.Duration(i) * time.Hour),
					URL: doc.URL, Status: x.status, Outcome: x.outcome, ETag: x.etag, LastModified: x.modified})
				if err != nil {
					t.Fatal(err)
				}
			}
			etag, last, err := s.Validators(ctx, doc.ID)
			if err != nil || etag != tc.wantETag || last != tc.wantLast {
				t.Errorf("Validators = %q, %q, %v; want %q, %q", etag, last, err, tc.wantETag, tc.wantLast)
			}
		})
	}
}
