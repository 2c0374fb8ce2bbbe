package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/store"
)

// settingsKey is what decides which text a stored page yields: each
// page's selectors and ignore patterns, and the extraction rules.
type settingsKey struct {
	Extractor int         `json:"extractor"`
	Pages     []pageRules `json:"pages"`
}

type pageRules struct {
	Select       []string        `json:"select,omitempty"`
	SelectRanges []extract.Range `json:"select_ranges,omitempty"`
	Remove       []string        `json:"remove,omitempty"`
	RemoveRanges []extract.Range `json:"remove_ranges,omitempty"`
	Ignore       []string        `json:"ignore,omitempty"`
}

func rulesOf(o extract.Options) pageRules {
	r := pageRules{Select: o.Select, SelectRanges: o.SelectRanges, Remove: o.Remove, RemoveRanges: o.RemoveRanges}
	for _, re := range o.Ignore {
		r.Ignore = append(r.Ignore, re.String())
	}
	return r
}

// Settings identifies the extraction settings of a target: a short hash,
// stored with each version, equal for two targets exactly when the same
// stored page gives them the same text.
func (t Target) Settings() string {
	k := settingsKey{Extractor: extract.Version}
	if len(t.Pages) == 0 {
		k.Pages = []pageRules{rulesOf(t.Extract)}
	}
	for _, p := range t.Pages {
		k.Pages = append(k.Pages, rulesOf(p.Extract))
	}
	b, _ := json.Marshal(k) // plain strings and bools: cannot fail
	sum := sha256.Sum256(b)
	return "x" + hex.EncodeToString(sum[:8])
}

// catchUpSettings brings the latest version up to the target's extraction
// settings before a new text is compared with it. When they differ, its
// stored page is extracted again: a different text is stored as a
// technical version (its change is tracker's, so it alerts no one) and
// becomes the latest; the same text only records the new settings.
func (a *App) catchUpSettings(ctx context.Context, t Target, latest store.Version) (store.Version, error) {
	want := t.Settings()
	if latest.Settings == want {
		return latest, nil
	}
	snap, err := a.store.Snapshot(ctx, latest.SnapshotID)
	if err != nil {
		return latest, fmt.Errorf("snapshot of version %d: %w", latest.ID, err)
	}
	d, err := a.readSnapshot(ctx, t, snap, latest.URL)
	if err != nil {
		// The stored page does not give a text under the new settings (a
		// selector it does not have): the comparison is with the text as
		// stored, as before settings were recorded.
		a.log.Warn("crawl: the latest version's page cannot be extracted with the new settings; comparing with its stored text",
			slog.String("document", t.Key()), slog.Int64("version", latest.ID), slog.String("error", err.Error()))
		return latest, nil
	}
	text := d.Text()
	hash := doc.HashText(text)
	if hash == latest.Hash {
		latest.Settings = want
		return latest, a.store.SetVersionSettings(ctx, latest.ID, want)
	}
	v, _, err := a.addTechnical(ctx, t, latest, snap, text, hash)
	return v, err
}

// addTechnical stores text, extracted again from the page of version from
// under the target's current settings, as a technical version right after
// it: same page, same capture time, a change that raises no alert. It
// returns the version and the report of the change it stored.
func (a *App) addTechnical(ctx context.Context, t Target, from store.Version, snap store.Snapshot, text, hash string) (store.Version, classify.Report, error) {
	report, err := CompareContext(ctx, from.Text, text)
	if err != nil {
		return from, report, fmt.Errorf("compare: %w", err)
	}
	raw, err := json.Marshal(report)
	if err != nil {
		return from, report, fmt.Errorf("encode report: %w", err)
	}
	now := a.now().UTC()
	follows := from.ID
	v, err := a.store.AddVersion(ctx, store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: hash, Text: text, Source: from.Source,
			FetchedAt: now, CapturedAt: from.CapturedAt, URL: from.URL, ETag: from.ETag, LastModified: from.LastModified,
			Technical: true, Settings: t.Settings(),
		},
		Snapshot: snap,
		Change: &store.Change{
			DocumentID: t.Stored.ID, FromVersion: from.ID,
			MaxSeverity: report.Summary.MaxSeverity.String(), Material: report.Summary.Material,
			Added: report.Summary.Added, Removed: report.Summary.Removed, Modified: report.Summary.Modified, Moved: report.Summary.Moved,
			Report: raw, CreatedAt: now,
		},
		Follows: &follows,
	})
	if err != nil {
		return from, report, err
	}
	v.Text = text
	return v, report, nil
}
