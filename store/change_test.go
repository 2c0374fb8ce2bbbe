package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSaveChangeUpserts(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	v1 := mustAddVersion(t, s, liveVersion(doc.ID, t0, "v1", "<p>v1</p>"))
	v2 := mustAddVersion(t, s, liveVersion(doc.ID, t0.Add(time.Hour), "v2", "<p>v2</p>"))

	if _, ok, err := s.ChangeBetween(ctx, v1.ID, v2.ID); ok || err != nil {
		t.Fatalf("ChangeBetween before saving = %v, %v", ok, err)
	}
	c := Change{FromVersion: v1.ID, ToVersion: v2.ID, MaxSeverity: "low", Report: []byte(`{"v":1}`), CreatedAt: t0}
	if err := s.SaveChange(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.MaxSeverity, c.Material, c.Modified, c.Report = "high", true, 3, []byte(`{"v":2}`)
	if err := s.SaveChange(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.ChangeBetween(ctx, v1.ID, v2.ID)
	if err != nil || !ok {
		t.Fatalf("ChangeBetween = %v, %v", ok, err)
	}
	if got.MaxSeverity != "high" || !got.Material || got.Modified != 3 || string(got.Report) != `{"v":2}` || got.DocumentID != doc.ID || !got.CreatedAt.Equal(t0) {
		t.Errorf("ChangeBetween after upsert = %+v", got)
	}
	if n := count(t, s, "changes"); n != 1 {
		t.Errorf("%d change rows after saving the same pair twice, want 1", n)
	}
}

func TestSaveChangeRejectsBadPairs(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	privacy := seedDocument(t, s, "privacy")
	terms := seedDocument(t, s, "terms")
	p1 := mustAddVersion(t, s, liveVersion(privacy.ID, t0, "p1", "<p>p1</p>"))
	t1 := mustAddVersion(t, s, liveVersion(terms.ID, t0, "t1", "<p>t1</p>"))
	tests := []struct {
		name string
		c    Change
		want string
	}{
		{"missing from", Change{FromVersion: 99, ToVersion: p1.ID}, "not found"},
		{"missing to", Change{FromVersion: p1.ID, ToVersion: 99}, "not found"},
		{"no to", Change{FromVersion: p1.ID}, "both versions are required"},
		{"two documents", Change{FromVersion: p1.ID, ToVersion: t1.ID}, "different documents"},
		{"wrong document", Change{DocumentID: terms.ID, FromVersion: p1.ID, ToVersion: p1.ID}, "not 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.Report = []byte(`{}`)
			err := s.SaveChange(ctx, tc.c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("SaveChange error = %v, want %q", err, tc.want)
			}
		})
	}
	if err := s.SaveChange(ctx, Change{FromVersion: 99, ToVersion: p1.ID, Report: []byte(`{}`)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveChange(missing version) error = %v, want ErrNotFound", err)
	}
}

// TestChangesFollowTheTimeline: a backfill adds an older version and the
// change leading to it after the live ones; Changes lists by timeline.
func TestChangesFollowTheTimeline(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	live1 := mustAddVersion(t, s, liveVersion(doc.ID, t0, "live1", "<p>live1</p>"))
	live2 := liveVersion(doc.ID, t0.Add(time.Hour), "live2", "<p>live2</p>")
	live2.Change = &Change{FromVersion: live1.ID, MaxSeverity: "low", Report: []byte(`{}`)}
	l2 := mustAddVersion(t, s, live2)

	old := liveVersion(doc.ID, t0.AddDate(-2, 0, 0), "old", "<p>old</p>")
	old.Version.Source = "wayback"
	oldV := mustAddVersion(t, s, old)
	if err := s.SaveChange(ctx, Change{FromVersion: oldV.ID, ToVersion: live1.ID, MaxSeverity: "medium", Report: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Changes(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].ToVersion != live1.ID || cs[1].ToVersion != l2.ID {
		t.Errorf("Changes = %+v, want old→live1 then live1→live2", cs)
	}
}
