package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// historySteps is a history of two documents, interleaved: versions with
// changes and alerts, not-modified and failed fetches, a page that comes
// back (stored once), and a chain of pages longer than maxDeltaDepth.
func historySteps(a, b int64) []Step {
	t0 := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	var steps []Step
	prev := map[int64]int64{} // a document's latest version id
	n := map[int64]int{}
	var versions int64
	page := func(doc int64, k int) string {
		return fmt.Sprintf("<html><body><nav>home products pricing</nav><main><h1>Policy %d</h1><p>%s</p><p>clause %d</p></main></body></html>",
			doc, strings.Repeat("We keep your data for the time the law requires. ", 20), k)
	}
	version := func(doc int64, k int) {
		at := t0.Add(time.Duration(len(steps)) * time.Hour)
		text := fmt.Sprintf("Policy %d, clause %d", doc, k)
		nv := liveVersion(doc, at, text, page(doc, k))
		nv.Fetch = &Fetch{StartedAt: at, URL: "https://acme.example/privacy", Status: 200, Outcome: "changed", Crawler: "t"}
		if n[doc] > 0 {
			// ids are those the steps get in a fresh store: steps are
			// stored one by one in the same order.
			nv.Change = &Change{FromVersion: prev[doc], MaxSeverity: "low", Modified: 1,
				Report: []byte(`{"summary":{"max_severity":"low"}}`), CreatedAt: at}
			nv.Alerts = []Delivery{{AlertID: fmt.Sprintf("a%d-%d", doc, k), Channel: "webhook", Target: "w",
				Payload: []byte(`{}`), Status: DeliveryPending, CreatedAt: at}}
		}
		n[doc]++
		steps = append(steps, Step{Version: &nv})
		versions++
		prev[doc] = versions
	}
	fetch := func(doc int64, outcome string, status int) {
		at := t0.Add(time.Duration(len(steps)) * time.Hour)
		steps = append(steps, Step{Fetch: &Fetch{DocumentID: doc, StartedAt: at, URL: "https://acme.example/privacy",
			Status: status, Outcome: outcome, Crawler: "t"}})
	}
	version(a, 0)
	fetch(a, "not-modified", 304)
	version(b, 0)
	version(a, 1)
	fetch(b, "error", 0)
	version(b, 1)
	version(a, 0) // the first page again: its row is reused
	for k := 2; k < maxDeltaDepth+5; k++ {
		version(a, k)
		fetch(a, "not-modified", 304)
	}
	return steps
}

func twoDocuments(t *testing.T, s *Store) (a, b int64) {
	t.Helper()
	docs, err := s.SyncVendor(context.Background(), Vendor{ID: "acme", Name: "Acme"},
		[]Document{{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}})
	if err != nil {
		t.Fatal(err)
	}
	return docs[0].ID, docs[1].ID
}

// AddHistory stores exactly the rows AddVersion and RecordFetch store one
// by one, whether given all steps at once or in several batches.
func TestAddHistoryStoresWhatOneByOneStores(t *testing.T) {
	ctx := context.Background()
	one := newTestStore(t)
	a, b := twoDocuments(t, one)
	steps := historySteps(a, b)
	for i, st := range steps {
		var err error
		if st.Version != nil {
			_, err = one.AddVersion(ctx, *st.Version)
		} else {
			_, err = one.RecordFetch(ctx, *st.Fetch)
		}
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	want, err := one.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Changes from the version just before, named by id or left to
	// AddHistory.
	implicit := implicitChanges(steps)
	for _, batch := range []int{len(steps), 7, 1} {
		steps := steps
		if batch != len(steps) {
			steps = implicit
		}
		t.Run(fmt.Sprintf("batches of %d", batch), func(t *testing.T) {
			bulk := newTestStore(t)
			a2, b2 := twoDocuments(t, bulk)
			if a2 != a || b2 != b {
				t.Fatalf("documents %d, %d; want %d, %d", a2, b2, a, b)
			}
			stored := 0
			for chunk := range slices.Chunk(steps, batch) {
				vs, err := bulk.AddHistory(ctx, chunk)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					stored++
					if v.ID != int64(stored) {
						t.Fatalf("version id %d, want %d", v.ID, stored)
					}
				}
			}
			got, err := bulk.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("fingerprint after AddHistory:\n%v\nafter one by one:\n%v", got, want)
			}
			latest, ok, err := bulk.LatestVersion(ctx, a)
			if err != nil || !ok || latest.Text != fmt.Sprintf("Policy %d, clause %d", a, maxDeltaDepth+4) {
				t.Errorf("latest version of %d: %q %v %v", a, latest.Text, ok, err)
			}
			snap, err := bulk.Snapshot(ctx, latest.SnapshotID)
			if err != nil || !strings.Contains(string(snap.Body), fmt.Sprintf("clause %d<", maxDeltaDepth+4)) {
				t.Errorf("latest page of %d: %.80q %v", a, snap.Body, err)
			}
		})
	}
}

// implicitChanges is steps with every change's FromVersion left to
// AddHistory (ids taken by a rolled-back batch are not given again on
// PostgreSQL).
func implicitChanges(steps []Step) []Step {
	out := make([]Step, len(steps))
	for i, st := range steps {
		out[i] = st
		if st.Version != nil && st.Version.Change != nil {
			nv, c := *st.Version, *st.Version.Change
			c.FromVersion, nv.Change = 0, &c
			out[i].Version = &nv
		}
	}
	return out
}

// A step that cannot be stored leaves nothing of its batch behind.
func TestAddHistoryIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	a, b := twoDocuments(t, s)
	steps := implicitChanges(historySteps(a, b)[:6])
	before, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stale := int64(99)
	bad := *steps[5].Version
	bad.Follows = &stale
	for name, tail := range map[string]Step{
		"stale version":     {Version: &bad},
		"fetch, no outcome": {Fetch: &Fetch{DocumentID: a, StartedAt: time.Now()}},
		"unknown document":  {Fetch: &Fetch{DocumentID: 12345, StartedAt: time.Now(), Outcome: "error"}},
		"both":              {Version: &bad, Fetch: &Fetch{DocumentID: a}},
	} {
		_, err := s.AddHistory(ctx, append(slices.Clone(steps[:5]), tail))
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if name == "stale version" && !errors.Is(err, ErrStale) {
			t.Errorf("%s: %v, want ErrStale", name, err)
		}
		after, err := s.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(after, before) {
			t.Errorf("%s: the batch was stored in part", name)
		}
	}
}
