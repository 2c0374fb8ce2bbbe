package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/export"
	"github.com/tracker-dev/tracker/store"
)

// ExportOptions choose what an export holds.
type ExportOptions struct {
	Since   time.Time // versions (and changes to versions) captured from then on; zero: all
	Vendors []string  // these vendors only; none: all
	// Progress, when set, is told each document written: its key and the
	// versions written for it.
	Progress func(key string, versions int)
}

// Export writes the stored history into x, document after document
// (every document ever recorded, configured or not), each read a batch of
// versions at a time: memory holds two texts and one report whatever the
// size of the store. A document finished by an earlier run of the same
// export is skipped. The export reads only: a change not stored yet is
// computed, not kept.
func (a *App) Export(ctx context.Context, x *export.Export, opt ExportOptions) (export.Counts, error) {
	docs, err := a.store.Documents(ctx)
	if err != nil {
		return export.Counts{}, fmt.Errorf("pipeline: export: %w", err)
	}
	vendors, err := a.store.Vendors(ctx)
	if err != nil {
		return export.Counts{}, fmt.Errorf("pipeline: export: %w", err)
	}
	names := map[string]string{}
	for _, v := range vendors {
		names[v.ID] = v.Name
	}
	for _, id := range opt.Vendors {
		if _, ok := names[id]; !ok {
			known := make([]string, 0, len(names))
			for k := range names {
				known = append(known, k)
			}
			sort.Strings(known)
			return export.Counts{}, &UnknownVendorError{ID: id, Known: known}
		}
	}
	for _, d := range docs {
		if len(opt.Vendors) > 0 && !slices.Contains(opt.Vendors, d.VendorID) {
			continue
		}
		key := d.VendorID + "/" + d.Type
		if x.Done(key) {
			continue
		}
		n, err := a.exportDocument(ctx, x, d, names[d.VendorID], opt)
		if err != nil {
			return export.Counts{}, fmt.Errorf("pipeline: export %s: %w", key, err)
		}
		if err := x.DocumentDone(key); err != nil {
			return export.Counts{}, err
		}
		if opt.Progress != nil {
			opt.Progress(key, n)
		}
	}
	return x.Finish()
}

func (a *App) exportDocument(ctx context.Context, x *export.Export, d store.Document, vendorName string, opt ExportOptions) (int, error) {
	sums, err := a.store.ChangeSummaries(ctx, d.ID)
	if err != nil {
		return 0, err
	}
	changes := x.Params().Format == export.FormatJSONL
	var prev store.Version
	written := 0
	err = a.store.WalkVersions(ctx, d.ID, func(v store.Version) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		defer func() { prev = v }()
		inRange := opt.Since.IsZero() || !v.CapturedAt.Before(opt.Since)
		var report *classify.Report
		var summary *classify.Summary
		if prev.ID != 0 && inRange {
			if raw, ok := sums[store.ChangeKey{From: prev.ID, To: v.ID}]; ok && !changes {
				var s classify.Summary
				if json.Unmarshal(raw, &s) == nil {
					summary = &s
				}
			}
			if summary == nil {
				r, err := a.readChange(ctx, prev, v)
				if err != nil {
					return err
				}
				report, summary = &r, &r.Summary
			}
		}
		if !inRange {
			return nil
		}
		written++
		ev := export.Version{
			Vendor: d.VendorID, VendorName: vendorName, Document: d.Type, URL: d.URL,
			ID: v.ID, CapturedAt: v.CapturedAt, FetchedAt: v.FetchedAt, Source: v.Source, Technical: v.Technical,
			VersionURL: v.URL, Hash: v.Hash, Text: v.Text, Summary: summary,
		}
		if prev.ID != 0 {
			ev.From = prev.ID
		}
		if err := x.Version(ev); err != nil {
			return err
		}
		// A technical version's difference is tracker's, not the vendor's:
		// it is no change of the document.
		if report == nil || v.Technical {
			return nil
		}
		for _, c := range report.Changes {
			err := x.Change(export.Change{
				Vendor: d.VendorID, VendorName: vendorName, Document: d.Type, URL: d.URL,
				From: prev.ID, To: v.ID, FromTime: prev.CapturedAt.UTC(), ToTime: v.CapturedAt.UTC(), Source: v.Source,
				Kind: string(c.Kind), Section: c.Section, OldSection: c.OldSection, OldText: c.OldText, NewText: c.NewText,
				Severity: c.Severity, Categories: nonNil(c.Categories), Reasons: nonNil(c.Reasons),
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return written, err
}

// readChange is the classified report between two versions: the stored
// one, else computed now and not kept (an export only reads).
func (a *App) readChange(ctx context.Context, from, to store.Version) (classify.Report, error) {
	c, ok, err := a.store.ChangeBetween(ctx, from.ID, to.ID)
	if err != nil {
		return classify.Report{}, fmt.Errorf("pipeline: change %d→%d: %w", from.ID, to.ID, err)
	}
	if ok {
		var r classify.Report
		if json.Unmarshal(c.Report, &r) == nil {
			return r, nil
		}
	}
	return CompareContext(ctx, from.Text, to.Text)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
