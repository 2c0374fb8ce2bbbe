package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/store"
)

// Reextract derives each document's latest text again from its stored raw
// snapshot, without fetching, after extraction has improved. A text that
// differs is stored as a technical version: its change came from tracker,
// not from the vendor, so it raises no alert, and the next crawl compares
// against the new extraction.
func (a *App) Reextract(ctx context.Context, targets []Target) ([]Outcome, error) {
	outs := make([]Outcome, len(targets))
	failed := false
	for i, t := range targets {
		outs[i] = a.reextractOne(ctx, t)
		if outs[i].Status == StatusError {
			failed = true
		}
	}
	if failed {
		return outs, ErrSomeFailed
	}
	return outs, nil
}

func (a *App) reextractOne(ctx context.Context, t Target) Outcome {
	out := Outcome{Target: t}
	fail := func(err error) Outcome {
		out.Status, out.Err = StatusError, fmt.Errorf("%s: %w", t.Key(), err)
		return out
	}
	latest, ok, err := a.store.LatestVersion(ctx, t.Stored.ID)
	if err != nil {
		return fail(err)
	}
	if !ok {
		out.Status, out.Note = StatusUnchanged, "no versions yet"
		return out
	}
	snap, err := a.store.Snapshot(ctx, latest.SnapshotID)
	if err != nil {
		return fail(fmt.Errorf("snapshot of version %d: %w", latest.ID, err))
	}
	d, err := a.readSnapshot(t, snap, latest.URL)
	if err != nil {
		return fail(fmt.Errorf("re-extract version %d: %w", latest.ID, err))
	}
	text := d.Text()
	hash := doc.HashText(text)
	if hash == latest.Hash {
		out.Status = StatusUnchanged
		return out
	}
	report := Compare(latest.Text, text)
	raw, err := json.Marshal(report)
	if err != nil {
		return fail(err)
	}
	now := a.now().UTC()
	v, err := a.store.AddVersion(ctx, store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: hash, Text: text, Source: latest.Source,
			FetchedAt: now, CapturedAt: now, URL: latest.URL, ETag: latest.ETag, LastModified: latest.LastModified,
			Technical: true,
		},
		Snapshot: snap,
		Change: &store.Change{
			DocumentID: t.Stored.ID, FromVersion: latest.ID,
			MaxSeverity: report.Summary.MaxSeverity.String(), Material: report.Summary.Material,
			Added: report.Summary.Added, Removed: report.Summary.Removed, Modified: report.Summary.Modified, Moved: report.Summary.Moved,
			Report: raw, CreatedAt: now,
		},
	})
	if err != nil {
		return fail(err)
	}
	out.Status, out.VersionID, out.Summary = StatusChanged, v.ID, &report.Summary
	return out
}
