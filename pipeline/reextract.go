package pipeline

import (
	"context"
	"fmt"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/store"
)

// Reextract derives each document's latest text again from its stored raw
// snapshot, without fetching (tracker reextract --latest). A text that
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
	d, err := a.readSnapshot(ctx, t, snap, latest.URL)
	if err != nil {
		return fail(fmt.Errorf("re-extract version %d: %w", latest.ID, err))
	}
	text := d.Text()
	hash := doc.HashText(text)
	if hash == latest.Hash {
		if latest.Settings != t.Settings() {
			if err := a.store.SetVersionSettings(ctx, latest.ID, t.Settings()); err != nil {
				return fail(err)
			}
		}
		out.Status = StatusUnchanged
		return out
	}
	v, report, err := a.addTechnical(ctx, t, latest, snap, text, hash)
	if err != nil {
		return fail(err)
	}
	out.Status, out.VersionID, out.Summary = StatusChanged, v.ID, &report.Summary
	return out
}

// RebuildOutcome is what rebuilding one document's timeline did.
type RebuildOutcome struct {
	Target   Target
	Versions int     // versions read
	Changed  []int64 // versions whose text the current settings change
	Merged   []int64 // versions that now have the same text as the one before: left out of the timeline
	Failed   []VersionError
	// Latest is the change that now leads to the latest version, nil when
	// the timeline has one version.
	Latest *classify.Summary
	Err    error // the document could not be read at all
}

// VersionError is a version whose stored page the current settings cannot
// extract: it keeps its text.
type VersionError struct {
	ID  int64
	Err error
}

// RebuildTimeline derives every stored version's text again from its
// stored page under the current settings (tracker reextract): the history
// then reads as if these settings had always been used. A version whose
// text changes keeps its page, fetches and alerts; the changes from and to
// it are computed again when next read. A version that now has the text of
// the one before it is left out of the timeline. Versions already made
// with the current settings are not read again, so a second run changes
// nothing.
func (a *App) RebuildTimeline(ctx context.Context, targets []Target) ([]RebuildOutcome, error) {
	outs := make([]RebuildOutcome, len(targets))
	failed := false
	for i, t := range targets {
		outs[i] = a.rebuildOne(ctx, t)
		if outs[i].Err != nil || len(outs[i].Failed) > 0 {
			failed = true
		}
	}
	if failed {
		return outs, ErrSomeFailed
	}
	return outs, nil
}

func (a *App) rebuildOne(ctx context.Context, t Target) RebuildOutcome {
	out := RebuildOutcome{Target: t}
	vs, err := a.store.Versions(ctx, t.Stored.ID)
	if err != nil {
		out.Err = fmt.Errorf("%s: %w", t.Key(), err)
		return out
	}
	out.Versions = len(vs)
	want := t.Settings()
	for _, v := range vs {
		if v.Settings == want {
			continue
		}
		text, hash, err := a.extractVersion(ctx, t, v)
		if err != nil {
			out.Failed = append(out.Failed, VersionError{ID: v.ID, Err: err})
			continue
		}
		if hash == v.Hash {
			err = a.store.SetVersionSettings(ctx, v.ID, want)
		} else {
			err = a.store.ReplaceText(ctx, v.ID, text, hash, want)
			out.Changed = append(out.Changed, v.ID)
		}
		if err != nil {
			out.Err = fmt.Errorf("%s: %w", t.Key(), err)
			return out
		}
	}
	if vs, err = a.store.Versions(ctx, t.Stored.ID); err != nil {
		out.Err = fmt.Errorf("%s: %w", t.Key(), err)
		return out
	}
	shown := timeline(vs)
	for _, v := range vs {
		if !containsID(shown, v.ID) {
			out.Merged = append(out.Merged, v.ID)
		}
	}
	if n := len(shown); n > 1 {
		r, err := a.change(ctx, shown[n-2], shown[n-1])
		if err != nil {
			out.Err = err
			return out
		}
		out.Latest = &r.Summary
	}
	return out
}

// extractVersion reads a version's stored page under the target's
// current settings.
func (a *App) extractVersion(ctx context.Context, t Target, v store.Version) (text, hash string, err error) {
	snap, err := a.store.Snapshot(ctx, v.SnapshotID)
	if err != nil {
		return "", "", fmt.Errorf("snapshot of version %d: %w", v.ID, err)
	}
	d, err := a.readSnapshot(ctx, t, snap, v.URL)
	if err != nil {
		return "", "", fmt.Errorf("re-extract version %d: %w", v.ID, err)
	}
	text = d.Text()
	return text, doc.HashText(text), nil
}

// timeline is a document's versions as its history shows them: a version
// with the same text as the one before it (after a rebuild under new
// settings) adds nothing and is left out.
func timeline(vs []store.Version) []store.Version {
	out := make([]store.Version, 0, len(vs))
	for _, v := range vs {
		if n := len(out); n > 0 && out[n-1].Hash == v.Hash {
			continue
		}
		out = append(out, v)
	}
	return out
}

func containsID(vs []store.Version, id int64) bool {
	for _, v := range vs {
		if v.ID == id {
			return true
		}
	}
	return false
}
