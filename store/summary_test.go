package store

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// bigPolicy is a page of n clauses; clause `changed` says something else.
func bigPolicy(n, changed int, word string) (text, page string) {
	var t, p strings.Builder
	p.WriteString("<html><head><script>var build='x'</script></head><body><nav>Home About</nav><main>")
	for i := range n {
		c := fmt.Sprintf("Clause %d: we keep the records of category %d for %d days and share them with processor %d.", i, i*7, 30+i, i%13)
		if i == changed {
			c = fmt.Sprintf("Clause %d: we %s the records of category %d.", i, word, i*7)
		}
		t.WriteString(c + "\n")
		p.WriteString("<p>" + c + "</p>")
	}
	p.WriteString("</main><footer>(c) Example</footer></body></html>")
	return t.String(), p.String()
}

// TestPagesStoredAsDeltas: a page that changed in one place costs little,
// every page of a long chain reads back exactly, the chain is cut at
// maxDeltaDepth, and whole (gzip) pages of older rows still read.
func TestPagesStoredAsDeltas(t *testing.T) {
	dsn := testDSN(t)
	s := openTestStore(t, dsn)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	const n = maxDeltaDepth + 8
	var ids []int64
	var pages []string
	for i := range n {
		text, page := bigPolicy(300, i%300, fmt.Sprintf("word%d", i))
		v := mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(time.Duration(i)*time.Hour), text, page))
		ids = append(ids, v.SnapshotID)
		pages = append(pages, page)
	}
	var whole, delta, maxDepth int
	rows, err := s.db.Query(`SELECT base_id IS NULL, length(body), depth FROM snapshots ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var isWhole bool
		var size, depth int
		if err := rows.Scan(&isWhole, &size, &depth); err != nil {
			t.Fatal(err)
		}
		if isWhole {
			whole++
		} else {
			delta++
			if size > 1024 {
				t.Errorf("a one-clause change stored a %d-byte delta", size)
			}
		}
		maxDepth = max(maxDepth, depth)
	}
	rows.Close()
	if whole != 2 || delta != n-2 || maxDepth != maxDeltaDepth {
		t.Errorf("%d whole pages, %d deltas, depth up to %d; want 2, %d, %d", whole, delta, maxDepth, n-2, maxDeltaDepth)
	}
	for i, id := range ids {
		snap, err := s.Snapshot(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if string(snap.Body) != pages[i] {
			t.Errorf("page %d reads back wrong", i)
		}
	}
	vs, err := s.Versions(ctx, doc.ID)
	if err != nil || len(vs) != n || !strings.Contains(vs[n-1].Text, fmt.Sprintf("word%d", n-1)) {
		t.Errorf("Versions: %d, %v", len(vs), err)
	}
	// A delta whose base lost a byte is refused by its hash, not misread
	// (by another process: this one has the pages in its cache).
	if _, err := s.db.Exec(`UPDATE snapshots SET body = ? WHERE id = ?`, []byte("junk"), ids[0]); err != nil {
		t.Fatal(err)
	}
	other := openTestStore(t, dsn)
	if _, err := other.Snapshot(ctx, ids[3]); err == nil {
		t.Error("a page over a damaged base read back without error")
	}
}

func TestDocumentSummaries(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	docs, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}})
	if err != nil {
		t.Fatal(err)
	}
	v1 := mustAddVersion(t, s, liveVersion(docs[0].ID, t0, "one", "<p>one</p>"))
	nv := liveVersion(docs[0].ID, t0.Add(time.Hour), "two", "<p>two</p>")
	nv.Change = &Change{FromVersion: v1.ID, MaxSeverity: "high", Material: true, Modified: 1,
		Report: []byte(`{"summary":{"material":true,"max_severity":"high"},"changes":[]}`)}
	nv.Fetch = &Fetch{StartedAt: t0.Add(time.Hour), URL: "u", Status: 200, Outcome: "changed", Crawler: "me"}
	v2 := mustAddVersion(t, s, nv)
	// A Wayback version from before both leaves the latest alone.
	old := liveVersion(docs[0].ID, t0.Add(-time.Hour), "zero", "<p>zero</p>")
	old.Version.Source = "wayback"
	mustAddVersion(t, s, old)
	if _, err := s.RecordFetch(ctx, Fetch{DocumentID: docs[0].ID, StartedAt: t0.Add(2 * time.Hour), URL: "u", Status: 304, Outcome: "not-modified"}); err != nil {
		t.Fatal(err)
	}

	sums, err := s.DocumentSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 {
		t.Fatalf("%d summaries", len(sums))
	}
	p, terms := sums[0], sums[1]
	if p.Versions != 3 || p.Latest == nil || p.Latest.ID != v2.ID || p.PreviousID != v1.ID ||
		string(p.LastChange) != `{"material":true,"max_severity":"high"}` ||
		p.LastFetch.Outcome != "not-modified" || !p.LastFetch.StartedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("privacy summary: %+v latest %+v", p, p.Latest)
	}
	if terms.Versions != 0 || terms.Latest != nil || terms.LastFetch.ID != 0 || terms.LastChange != nil {
		t.Errorf("terms summary: %+v", terms)
	}
	// A list of vendors' documents: the same rows, without the last change.
	other, err := s.SyncVendor(ctx, Vendor{ID: "beta", Name: "Beta"}, []Document{{Type: "privacy", URL: "https://beta.example/privacy"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, vendors := range [][]string{nil, {"acme"}, {"acme", "nobody"}} {
		got, err := s.VendorSummaries(ctx, 2, vendors...)
		if err != nil {
			t.Fatal(err)
		}
		want := []DocumentSummary{p, terms}
		if vendors == nil {
			all, err := s.DocumentSummaries(ctx)
			if err != nil || len(all) != 3 || all[2].ID != other[0].ID {
				t.Fatalf("all summaries: %+v %v", all, err)
			}
			want = all
		}
		for i := range want {
			want[i].LastChange = nil
		}
		sort.Slice(got, func(i, j int) bool { // in no particular order
			return got[i].VendorID+"/"+got[i].Type < got[j].VendorID+"/"+got[j].Type
		})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("VendorSummaries(%q):\n got %+v\nwant %+v", vendors, got, want)
		}
	}
	list, err := s.VersionList(ctx, docs[0].ID)
	if err != nil || len(list) != 3 || list[0].Text != "" || list[2].ID != v2.ID {
		t.Errorf("VersionList: %+v %v", list, err)
	}
	cs, err := s.ChangeSummaries(ctx, docs[0].ID)
	if err != nil || len(cs) != 1 || cs[ChangeKey{v1.ID, v2.ID}] == nil {
		t.Errorf("ChangeSummaries: %v %v", cs, err)
	}
}

// DocumentStates: each stored document, its last fetch's outcome and
// whether it has a change (two versions or more).
func TestDocumentStates(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	a, b := twoDocuments(t, s)
	mustAddVersion(t, s, liveVersion(a, t0, "one", "<p>one</p>"))
	mustAddVersion(t, s, liveVersion(a, t0.Add(time.Hour), "two", "<p>two</p>"))
	if _, err := s.RecordFetch(ctx, Fetch{DocumentID: a, StartedAt: t0.Add(2 * time.Hour), Outcome: "error", Error: "timeout"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.DocumentStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]DocumentState{a: {ID: a, LastOutcome: "error", Changed: true}, b: {ID: b}}
	if len(got) != len(want) {
		t.Fatalf("%d states, want %d: %+v", len(got), len(want), got)
	}
	for _, g := range got {
		if g != want[g.ID] {
			t.Errorf("state %+v, want %+v", g, want[g.ID])
		}
	}
}
