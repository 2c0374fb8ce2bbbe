package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// recentVersion adds a version of doc at t0+hours whose change from the
// version before it has the given severity, materiality and categories.
func recentVersion(t *testing.T, s *Store, doc int64, hours int, sev string, material, technical bool, cats ...string) Version {
	t.Helper()
	at := t0.Add(time.Duration(hours) * time.Hour)
	text := fmt.Sprintf("document %d at %d", doc, hours)
	nv := liveVersion(doc, at, text, "<p>"+text+"</p>")
	nv.Version.Technical = technical
	if sev != "" {
		quoted := make([]string, len(cats))
		for i, c := range cats {
			quoted[i] = `"` + c + `"`
		}
		report := fmt.Sprintf(`{"summary":{"material":%t,"max_severity":%q,"modified":1,"categories":[%s]},"changes":[]}`,
			material, sev, strings.Join(quoted, ","))
		latest, ok, err := s.LatestVersion(context.Background(), doc)
		if err != nil || !ok {
			t.Fatalf("LatestVersion: %t, %v", ok, err)
		}
		nv.Change = &Change{FromVersion: latest.ID, MaxSeverity: sev, Material: material, Modified: 1, Report: []byte(report), CreatedAt: at}
	}
	return mustAddVersion(t, s, nv)
}

// TestRecentChanges: every document's changes, not only its latest, material
// first then newest first, filtered in the query, paged without gaps or
// repeats; a diff cached between versions further apart is not a change.
func TestRecentChanges(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	acme, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}})
	if err != nil {
		t.Fatal(err)
	}
	globex, err := s.SyncVendor(ctx, Vendor{ID: "globex", Name: "Globex"}, []Document{{Type: "privacy", URL: "https://globex.example/privacy"}})
	if err != nil {
		t.Fatal(err)
	}
	privacy, terms, gprivacy := acme[0].ID, acme[1].ID, globex[0].ID
	ap1 := recentVersion(t, s, privacy, 0, "", false, false)
	recentVersion(t, s, terms, 0, "", false, false)
	recentVersion(t, s, gprivacy, 0, "", false, false)
	// A material change, then a date-only one: the material one is still
	// listed (and first).
	ap2 := recentVersion(t, s, privacy, 1, "high", true, false, "retention")
	ap3 := recentVersion(t, s, privacy, 2, "none", false, false)
	at2 := recentVersion(t, s, terms, 3, "medium", false, false, "sharing")
	at3 := recentVersion(t, s, terms, 4, "low", true, true, "other") // a re-extraction, listed with the others
	g2 := recentVersion(t, s, gprivacy, 5, "high", true, false, "transfer", "ai")
	// A diff between versions 1 and 3, cached by a "compare any two" page.
	if err := s.SaveChange(ctx, Change{FromVersion: ap1.ID, ToVersion: ap3.ID, MaxSeverity: "high", Material: true,
		Report: []byte(`{"summary":{"material":true,"max_severity":"high","categories":["retention"]}}`)}); err != nil {
		t.Fatal(err)
	}
	atLeastMedium := []string{"medium", "high"}
	tests := []struct {
		name   string
		filter RecentFilter
		want   []Version
	}{
		{"all", RecentFilter{}, []Version{g2, ap2, at3, at2, ap3}},
		{"medium and above", RecentFilter{Severities: atLeastMedium, NoTechnical: true}, []Version{g2, ap2, at2}},
		{"low and above drops the re-extraction", RecentFilter{Severities: []string{"low", "medium", "high"}, NoTechnical: true}, []Version{g2, ap2, at2}},
		{"category", RecentFilter{Category: "retention"}, []Version{ap2}},
		{"second category", RecentFilter{Category: "ai"}, []Version{g2}},
		{"category matches whole names", RecentFilter{Category: "a%"}, nil},
		{"vendor", RecentFilter{Vendor: "acme"}, []Version{ap2, at3, at2, ap3}},
		{"since", RecentFilter{Since: t0.Add(2 * time.Hour)}, []Version{g2, at3, at2, ap3}},
		{"all filters", RecentFilter{Severities: []string{"none", "low", "medium", "high"}, Vendor: "acme",
			Since: t0.Add(2 * time.Hour), NoTechnical: true}, []Version{at2, ap3}},
		{"nothing", RecentFilter{Vendor: "initech"}, nil},
	}
	// all reads every change by pages of size, following the cursors.
	all := func(t *testing.T, f RecentFilter, size int) []int64 {
		t.Helper()
		var got []int64
		var after *ChangeCursor
		for range 100 {
			page, next, err := s.RecentChanges(ctx, f, after, size)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > size {
				t.Fatalf("a page of %d changes, limit %d", len(page), size)
			}
			got = append(got, toVersions(page)...)
			if next == nil {
				return got
			}
			after = next
		}
		t.Fatal("the cursors go round in circles")
		return nil
	}
	// back reads every change before the cursor by pages of size, going
	// back from page to page.
	back := func(t *testing.T, f RecentFilter, before ChangeCursor, size int) []int64 {
		t.Helper()
		var got []int64
		for range 100 {
			page, prev, err := s.RecentChangesBefore(ctx, f, before, size)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > size {
				t.Fatalf("a page of %d changes, limit %d", len(page), size)
			}
			got = append(toVersions(page), got...)
			if prev == nil {
				return got
			}
			before = *prev
		}
		t.Fatal("the cursors go round in circles")
		return nil
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := make([]int64, len(tt.want))
			for i, v := range tt.want {
				want[i] = v.ID
			}
			s.recentWindow = 0
			list, next, err := s.RecentChanges(ctx, tt.filter, nil, 100)
			if err != nil {
				t.Fatal(err)
			}
			if ids := toVersions(list); !slices.Equal(ids, want) || next != nil {
				t.Errorf("versions %v (next %v), want %v", ids, next, want)
			}
			if paged := all(t, tt.filter, 1); !slices.Equal(paged, want) {
				t.Errorf("paged one at a time: %v, want %v", paged, want)
			}
			// A window of a version or two: pages end short, and the
			// cursors still lead through every change once, on and back.
			for _, w := range []int{0, 1, 2, 3} {
				s.recentWindow = w
				for _, size := range []int{1, 2, 100} {
					if got := all(t, tt.filter, size); !slices.Equal(got, want) {
						t.Errorf("window %d, pages of %d: %v, want %v", w, size, got, want)
					}
					for i, c := range list {
						if got := back(t, tt.filter, c.Cursor(), size); !slices.Equal(got, want[:i]) {
							t.Errorf("window %d, pages of %d, before %d: %v, want %v", w, size, c.Version.ID, got, want[:i])
						}
					}
				}
			}
			s.recentWindow = 0
		})
	}
	got, _, err := s.RecentChanges(ctx, RecentFilter{}, nil, 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("RecentChanges: %v, %v", got, err)
	}
	c := got[0]
	v := c.Version
	if c.VendorID != "globex" || c.Type != "privacy" || v.DocumentID != gprivacy || v.ID != g2.ID || c.FromVersion == 0 ||
		c.MaxSeverity != "high" || !c.Material || v.Source != "live" || v.Technical || !v.CapturedAt.Equal(g2.CapturedAt) ||
		v.Hash != g2.Hash || v.URL == "" ||
		!strings.Contains(string(c.Summary), `"transfer"`) {
		t.Errorf("first change: %+v", c)
	}
	if _, _, err := s.RecentChanges(ctx, RecentFilter{}, nil, 0); err == nil {
		t.Error("a limit of 0 was accepted")
	}
}

func toVersions(cs []RecentChange) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.Version.ID)
	}
	return out
}
