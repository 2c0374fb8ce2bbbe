package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVersionsOrderedByCaptureTime(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	// A live crawl first, then a backfill inserting older Wayback captures
	// out of order, one with the same capture time as another.
	inserts := []struct {
		text   string
		source string
		at     time.Time
	}{
		{"live text", "live", t0},
		{"2019 text", "wayback", t0.AddDate(-5, 0, 0)},
		{"2021 text", "wayback", t0.AddDate(-3, 0, 0)},
		{"2021 text, same second", "wayback", t0.AddDate(-3, 0, 0)},
		{"2020 text", "wayback", t0.AddDate(-4, 0, 0).Add(500 * time.Millisecond)},
		{"2020 text earlier that second", "wayback", t0.AddDate(-4, 0, 0)},
	}
	for _, in := range inserts {
		nv := liveVersion(doc.ID, in.at, in.text, "<p>"+in.text+"</p>")
		nv.Version.Source = in.source
		if in.source == "wayback" {
			nv.Version.FetchedAt = t0.Add(time.Hour)
		}
		mustAddVersion(t, s, nv)
	}
	vs, err := s.Versions(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Text)
	}
	want := []string{"2019 text", "2020 text earlier that second", "2020 text", "2021 text", "2021 text, same second", "live text"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Versions order:\n got %q\nwant %q", got, want)
	}
	latest, ok, err := s.LatestVersion(ctx, doc.ID)
	if err != nil || !ok || latest.Text != "live text" {
		t.Errorf("LatestVersion = %q, %v, %v; want the live text", latest.Text, ok, err)
	}
	if vs[0].FetchedAt.Equal(vs[0].CapturedAt) {
		t.Error("a wayback version kept its fetch time as capture time")
	}
}

func TestVersionRoundTrip(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "terms")
	at := time.Date(2024, 7, 1, 12, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	nv := liveVersion(doc.ID, at, "Terms of service.", "<h1>Terms of service.</h1>")
	nv.Version.ETag, nv.Version.LastModified, nv.Version.Technical = `"abc"`, "Mon, 01 Jul 2024 10:00:00 GMT", true
	nv.Version.CapturedAt = time.Time{} // live: defaults to the fetch time
	added := mustAddVersion(t, s, nv)
	got, err := s.Version(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != added {
		t.Errorf("Version(%d) =\n %+v\nAddVersion returned\n %+v", added.ID, got, added)
	}
	if got.FetchedAt.Location() != time.UTC || !got.FetchedAt.Equal(at) || !got.CapturedAt.Equal(at) {
		t.Errorf("times = %v / %v, want %v in UTC", got.FetchedAt, got.CapturedAt, at)
	}
	if !got.Technical || got.ETag != `"abc"` || got.SnapshotID == 0 {
		t.Errorf("fields lost: %+v", got)
	}
	if _, err := s.Version(ctx, added.ID+100); !errors.Is(err, ErrNotFound) {
		t.Errorf("Version(missing) error = %v, want ErrNotFound", err)
	}
	if _, ok, err := s.LatestVersion(ctx, doc.ID+100); ok || err != nil {
		t.Errorf("LatestVersion(no versions) = %v, %v", ok, err)
	}
}

func TestAddVersionRejectsIncompleteVersions(t *testing.T) {
	s := newTestStore(t)
	doc := seedDocument(t, s, "privacy")
	tests := []struct {
		name   string
		mutate func(*NewVersion)
		want   string
	}{
		{"no document", func(nv *NewVersion) { nv.Version.DocumentID = 0 }, "no document"},
		{"unknown document", func(nv *NewVersion) { nv.Version.DocumentID = 999 }, "document 999: store: not found"},
		{"no hash", func(nv *NewVersion) { nv.Version.Hash = "" }, "no text hash"},
		{"bad source", func(nv *NewVersion) { nv.Version.Source = "cache" }, "is not live, wayback or ota"},
		{"no time", func(nv *NewVersion) { nv.Version.FetchedAt = time.Time{} }, "no fetch time"},
		{"snapshot hash mismatch", func(nv *NewVersion) { nv.Snapshot.Hash = sha256Hex([]byte("other")) }, "does not match"},
		{"capture timestamp", func(nv *NewVersion) { nv.Capture = &Capture{Timestamp: "2019"} }, "14 digits"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nv := liveVersion(doc.ID, t0, "text", "<p>text</p>")
			tc.mutate(&nv)
			_, err := s.AddVersion(context.Background(), nv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("AddVersion error = %v, want %q", err, tc.want)
			}
		})
	}
	for _, table := range []string{"versions", "snapshots", "captures"} {
		if n := count(t, s, table); n != 0 {
			t.Errorf("%d rows in %s after failed AddVersion calls", n, table)
		}
	}
}

// TestAddVersionIsAtomic makes a late step of AddVersion fail and checks
// that nothing of the earlier steps was kept.
func TestAddVersionIsAtomic(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	first := mustAddVersion(t, s, liveVersion(doc.ID, t0, "v1", "<p>v1</p>"))
	before := map[string]int{}
	tables := []string{"versions", "snapshots", "fetches", "changes", "deliveries", "captures"}
	for _, table := range tables {
		before[table] = count(t, s, table)
	}
	fetch := &Fetch{StartedAt: t0.Add(time.Hour), URL: "https://acme.example/privacy", Status: 200, Outcome: "changed"}
	good := []Delivery{{AlertID: "msg_1", Channel: "email", Target: "dpo@acme.example", Payload: []byte(`{}`)}}
	tests := []struct {
		name   string
		mutate func(*NewVersion)
	}{
		{"change from a missing version", func(nv *NewVersion) {
			nv.Change = &Change{FromVersion: first.ID + 100, Report: []byte(`{}`)}
			nv.Alerts = good
		}},
		{"duplicate alert rows", func(nv *NewVersion) {
			nv.Change = &Change{FromVersion: first.ID, Report: []byte(`{}`)}
			nv.Alerts = append(good, good...)
		}},
		{"alert builder fails", func(nv *NewVersion) {
			nv.Change = &Change{FromVersion: first.ID, Report: []byte(`{}`)}
			nv.Deliveries = func(Version) ([]Delivery, error) { return nil, errors.New("no template") }
		}},
		{"fetch without outcome", func(nv *NewVersion) {
			f := *fetch
			f.Outcome = ""
			nv.Fetch = &f
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nv := liveVersion(doc.ID, t0.Add(time.Hour), "v2", "<p>v2, a body never seen</p>")
			nv.Fetch = fetch
			nv.Capture = &Capture{Timestamp: "20240301093000", Digest: "D", Original: "https://acme.example/privacy"}
			tc.mutate(&nv)
			if _, err := s.AddVersion(ctx, nv); err == nil {
				t.Fatal("AddVersion succeeded")
			}
			for _, table := range tables {
				if n := count(t, s, table); n != before[table] {
					t.Errorf("%s: %d rows after a failed AddVersion, want %d", table, n, before[table])
				}
			}
		})
	}
}

func TestAddVersionStoresEverythingTogether(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	first := mustAddVersion(t, s, liveVersion(doc.ID, t0, "v1", "<p>v1</p>"))

	nv := liveVersion(doc.ID, t0.Add(time.Hour), "v2", "<p>v2</p>")
	nv.Fetch = &Fetch{StartedAt: t0.Add(time.Hour), Duration: 250 * time.Millisecond, URL: "https://acme.example/privacy",
		FinalURL: "https://acme.example/privacy/", Status: 200, Outcome: "changed", ETag: `"2"`}
	nv.Change = &Change{FromVersion: first.ID, MaxSeverity: "high", Material: true, Added: 1, Report: []byte(`{"changes":[]}`), CreatedAt: t0.Add(time.Hour)}
	nv.Capture = &Capture{Timestamp: "20240301103000", Digest: "D2", Original: "https://acme.example/privacy", Status: "200"}
	nv.Alerts = []Delivery{{AlertID: "msg_a", Channel: "email", Target: "dpo@acme.example", Payload: []byte(`{"n":1}`)}}
	var seen Version
	nv.Deliveries = func(v Version) ([]Delivery, error) {
		seen = v
		return []Delivery{{AlertID: "msg_a", Channel: "webhook", Target: "https://hooks.example/x", Payload: []byte(`{"to":2}`)}}, nil
	}
	v := mustAddVersion(t, s, nv)
	if seen.ID != v.ID || seen.ID == 0 {
		t.Errorf("Deliveries saw version %d, want %d", seen.ID, v.ID)
	}
	f, err := s.LastFetch(ctx, doc.ID)
	if err != nil || f.VersionID != v.ID || f.TextHash != v.Hash || f.Duration != 250*time.Millisecond {
		t.Errorf("LastFetch = %+v, %v; want it tied to version %d", f, err, v.ID)
	}
	c, ok, err := s.ChangeBetween(ctx, first.ID, v.ID)
	if err != nil || !ok || c.DocumentID != doc.ID || c.MaxSeverity != "high" || string(c.Report) != `{"changes":[]}` {
		t.Errorf("ChangeBetween = %+v, %v, %v", c, ok, err)
	}
	caps, err := s.Captures(ctx, doc.ID)
	if err != nil || len(caps) != 1 || caps[0].VersionID != v.ID {
		t.Errorf("Captures = %+v, %v", caps, err)
	}
	ds, err := s.Deliveries(ctx, "")
	if err != nil || len(ds) != 2 {
		t.Fatalf("Deliveries = %+v, %v", ds, err)
	}
	for _, d := range ds {
		if d.DocumentID != doc.ID || d.Status != DeliveryPending || !d.CreatedAt.Equal(v.FetchedAt) || !d.NextAttemptAt.Equal(v.FetchedAt) {
			t.Errorf("delivery defaults not applied: %+v", d)
		}
	}
}

func TestVersionByHashFindsFlaps(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	other := seedDocument(t, s, "terms")
	a1 := mustAddVersion(t, s, liveVersion(doc.ID, t0, "text A", "<p>A</p>"))
	mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(time.Hour), "text B", "<p>B</p>"))
	a2 := liveVersion(doc.ID, t0.Add(2*time.Hour), "text A", "<p>A</p>")
	a2.Version.FlapOf = a1.ID
	a2v := mustAddVersion(t, s, a2)
	mustAddVersion(t, s, liveVersion(other.ID, t0, "text C", "<p>C</p>"))

	tests := []struct {
		name   string
		docID  int64
		text   string
		wantID int64 // 0: not found
	}{
		{"latest of two with the same text", doc.ID, "text A", a2v.ID},
		{"text never seen", doc.ID, "text D", 0},
		{"text of another document", doc.ID, "text C", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, ok, err := s.VersionByHash(ctx, tc.docID, sha256Hex([]byte(tc.text)))
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tc.wantID != 0) || v.ID != tc.wantID {
				t.Errorf("VersionByHash = %d, %v; want %d", v.ID, ok, tc.wantID)
			}
		})
	}
	if got, _ := s.Version(ctx, a2v.ID); got.FlapOf != a1.ID {
		t.Errorf("FlapOf = %d, want %d", got.FlapOf, a1.ID)
	}
}

func TestVersionTextIsStoredPacked(t *testing.T) {
	s := newTestStore(t)
	doc := seedDocument(t, s, "privacy")
	text := strings.Repeat("We collect your name and e-mail address to provide the service. ", 300)
	body := "<html><body><main><p>" + text + "</p></main></body></html>"
	v := mustAddVersion(t, s, liveVersion(doc.ID, time.Now(), text, body))
	var plain string
	var packed []byte
	if err := s.db.QueryRow(`SELECT text, text_z FROM versions WHERE id = ?`, v.ID).Scan(&plain, &packed); err != nil {
		t.Fatal(err)
	}
	if plain != "" || len(packed) == 0 || len(packed) > len(text)/20 {
		t.Errorf("text stored as %d plain and %d packed bytes for %d bytes of text", len(plain), len(packed), len(text))
	}
	for name, read := range map[string]func() (Version, error){
		"Version":       func() (Version, error) { return s.Version(context.Background(), v.ID) },
		"LatestVersion": func() (Version, error) { got, _, err := s.LatestVersion(context.Background(), doc.ID); return got, err },
		"Versions": func() (Version, error) {
			vs, err := s.Versions(context.Background(), doc.ID)
			if len(vs) != 1 {
				return Version{}, err
			}
			return vs[0], err
		},
	} {
		got, err := read()
		if err != nil || got.Text != text {
			t.Errorf("%s: text of %d bytes, err %v; want the %d bytes stored", name, len(got.Text), err, len(text))
		}
	}
	id, hash, ok, err := s.LatestHash(context.Background(), doc.ID)
	if err != nil || !ok || id != v.ID || hash != v.Hash {
		t.Errorf("LatestHash = %d %q %v %v", id, hash, ok, err)
	}
}
