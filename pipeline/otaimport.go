package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/ota"
	"github.com/tracker-dev/tracker/store"
)

// importSource names Open Terms Archive's records in versions and imports.
const importSource = "ota"

// OTADocument is where a configured document's history is in Open Terms
// Archive's versions: the service (its folder) and the terms type (its
// file).
type OTADocument struct {
	Target    Target
	ServiceID string
	TermsType string
	// Guessed is set when the place was guessed from the vendor's name: a
	// document with no history there is left alone, not an error.
	Guessed bool
}

// ImportOptions tune an import of histories.
type ImportOptions struct {
	// Progress, when set, is told when a document's records start (done 0)
	// and after each one: done of total for that document.
	Progress func(t Target, done, total int)
}

// ImportOutcome is what an import did for one document.
type ImportOutcome struct {
	Target    Target
	Records   int // records of the document in the history (commits or files)
	Earlier   int // handled by an earlier run: not read again
	Versions  int // new versions stored
	Technical int // of which technical (a re-extraction, not a change of the document)
	Matched   int // records whose text was already on the timeline (or differs only in layout)
	Other     int // commits that are not records (hand edits): left out, recorded
	Skipped   int // records without text: left out, recorded
	Note      string
	Err       error
}

// ImportHistory stores each record of an Open Terms Archive history as a
// version of its document, dated when Open Terms Archive fetched the page,
// with source "ota": like a Wayback backfill, each takes its place on the
// document's timeline beside live and archived versions, nothing alerts,
// and a record handled once is never read again (resumable, idempotent).
// Technical upgrades (a text re-extracted from a page already recorded)
// are stored as technical versions: tracker reports no change of the
// document for them. Changes are classified once a document is done.
func (a *App) ImportHistory(ctx context.Context, h ota.History, docs []OTADocument, opt ImportOptions) ([]ImportOutcome, error) {
	var outs []ImportOutcome
	failed := 0
	for _, d := range docs {
		o := a.importOne(ctx, h, d, opt)
		outs = append(outs, o)
		if o.Err != nil {
			if ctx.Err() != nil {
				return outs, o.Err
			}
			failed++
		}
	}
	if failed > 0 {
		return outs, ErrSomeFailed
	}
	return outs, nil
}

func (a *App) importOne(ctx context.Context, h ota.History, d OTADocument, opt ImportOptions) ImportOutcome {
	t := d.Target
	out := ImportOutcome{Target: t}
	fail := func(err error) ImportOutcome {
		out.Err = fmt.Errorf("%s: %w", t.Key(), err)
		return out
	}
	recs, err := h.Records(ctx, d.ServiceID, d.TermsType)
	if err != nil {
		return fail(err)
	}
	out.Records = len(recs)
	if len(recs) == 0 && d.Guessed {
		out.Note = fmt.Sprintf("no history at %s/%s", d.ServiceID, d.TermsType)
		return out
	}
	if len(recs) == 0 {
		return fail(fmt.Errorf("no record of %s / %s in the %s", d.ServiceID, d.TermsType, h.Describe()))
	}
	done, err := a.store.ImportedRefs(ctx, t.Stored.ID, importSource)
	if err != nil {
		return fail(err)
	}
	var todo []ota.Record
	for _, r := range recs {
		if done[r.Ref] {
			out.Earlier++
		} else {
			todo = append(todo, r)
		}
	}
	if len(todo) == 0 {
		return out
	}
	tl, err := a.newImportTimeline(ctx, t)
	if err != nil {
		return fail(err)
	}
	if opt.Progress != nil {
		opt.Progress(t, 0, len(todo))
	}
	for i, r := range todo {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if err := a.importRecord(ctx, h, t, tl, r, &out); err != nil {
			return fail(err)
		}
		if opt.Progress != nil {
			opt.Progress(t, i+1, len(todo))
		}
	}
	if err := a.classifyTimeline(ctx, t); err != nil {
		return fail(err)
	}
	return out
}

// importRecord reads one record and places its text on the timeline.
func (a *App) importRecord(ctx context.Context, h ota.History, t Target, tl *importTimeline, r ota.Record, out *ImportOutcome) error {
	im := store.Import{DocumentID: t.Stored.ID, Source: importSource, Ref: r.Ref, RecordedAt: r.At, ImportedAt: a.now().UTC()}
	record := func(note string, versionID int64) error {
		im.Note, im.VersionID = note, versionID
		if err := a.store.RecordImport(ctx, im); err != nil {
			return err
		}
		return nil
	}
	if r.Kind == ota.KindOther {
		out.Other++
		return record("not a record of Open Terms Archive: "+r.Subject, 0)
	}
	body, err := h.Read(ctx, r)
	if err != nil {
		return err
	}
	// The text was selected by Open Terms Archive already: only the
	// document's ignore patterns still apply.
	d, err := extract.Bytes(body, "text/markdown; charset=utf-8", r.Path, extract.Options{Ignore: t.Extract.Ignore})
	if errors.Is(err, extract.ErrNoText) {
		out.Skipped++
		return record("no text", 0)
	}
	if err != nil {
		return fmt.Errorf("record %s: %w", r.Ref, err)
	}
	text := d.Text()
	hash := doc.HashText(text)
	prev, next := tl.around(r.At)
	if next != nil && next.Hash == hash {
		// A later version (often the live one) has this text: it was on
		// the page since this record.
		if err := a.store.BackdateImported(ctx, next.ID, r.At, im); err != nil {
			return err
		}
		tl.backdate(next.ID, r.At)
		out.Matched++
		return nil
	}
	if prev != nil {
		same := prev.Hash == hash
		if !same {
			prevText, err := tl.text(ctx, a.store, prev.ID)
			if err != nil {
				return err
			}
			r, err := CompareContext(ctx, prevText, text)
			if err != nil {
				return fmt.Errorf("pipeline: compare %s: %w", t.Key(), err)
			}
			same = len(r.Changes) == 0
		}
		if same {
			out.Matched++
			return record(fmt.Sprintf("same text as version %d", prev.ID), prev.ID)
		}
	}
	technical := r.Kind == ota.KindTechnical && prev != nil
	nv := store.NewVersion{
		Version: store.Version{
			DocumentID: t.Stored.ID, Hash: hash, Text: text, Source: importSource, Technical: technical,
			FetchedAt: a.now().UTC(), CapturedAt: r.At, URL: t.Doc.URL, FlapOf: tl.earlier(hash, r.At), Settings: t.Settings(),
		},
		Snapshot: store.Snapshot{ContentType: "text/markdown; charset=utf-8", Body: body},
		Import:   &im,
	}
	v, err := a.store.AddVersion(ctx, nv)
	if err != nil {
		return fmt.Errorf("store record %s: %w", r.Ref, err)
	}
	tl.insert(v, text)
	out.Versions++
	if technical {
		out.Technical++
	}
	return nil
}

// importTimeline is a document's versions in capture order, without texts but
// the last one read, kept up to date as an import adds to it: each record
// costs no reading of the whole history.
type importTimeline struct {
	vs       []store.Version
	cachedID int64
	cached   string
}

func (a *App) newImportTimeline(ctx context.Context, t Target) (*importTimeline, error) {
	vs, err := a.store.VersionList(ctx, t.Stored.ID)
	if err != nil {
		return nil, fmt.Errorf("pipeline: versions of %s: %w", t.Key(), err)
	}
	return &importTimeline{vs: vs}, nil
}

// around returns the latest version captured at or before at, and the
// first after it.
func (tl *importTimeline) around(at time.Time) (prev, next *store.Version) {
	i := sort.Search(len(tl.vs), func(i int) bool { return tl.vs[i].CapturedAt.After(at) })
	if i > 0 {
		prev = &tl.vs[i-1]
	}
	if i < len(tl.vs) {
		next = &tl.vs[i]
	}
	return prev, next
}

// earlier is the latest version before at with this text (a page
// flapping between two texts), 0 if none.
func (tl *importTimeline) earlier(hash string, at time.Time) int64 {
	var id int64
	for _, v := range tl.vs {
		if !v.CapturedAt.Before(at) {
			break
		}
		if v.Hash == hash {
			id = v.ID
		}
	}
	return id
}

func (tl *importTimeline) text(ctx context.Context, st *store.Store, id int64) (string, error) {
	if tl.cachedID == id {
		return tl.cached, nil
	}
	v, err := st.Version(ctx, id)
	if err != nil {
		return "", err
	}
	tl.cachedID, tl.cached = id, v.Text
	return v.Text, nil
}

func (tl *importTimeline) insert(v store.Version, text string) {
	v.Text = ""
	i := sort.Search(len(tl.vs), func(i int) bool { return tl.vs[i].CapturedAt.After(v.CapturedAt) })
	tl.vs = append(tl.vs, store.Version{})
	copy(tl.vs[i+1:], tl.vs[i:])
	tl.vs[i] = v
	tl.cachedID, tl.cached = v.ID, text
}

func (tl *importTimeline) backdate(id int64, at time.Time) {
	for i := range tl.vs {
		if tl.vs[i].ID == id && at.Before(tl.vs[i].CapturedAt) {
			tl.vs[i].CapturedAt = at
		}
	}
	sort.SliceStable(tl.vs, func(i, j int) bool { return tl.vs[i].CapturedAt.Before(tl.vs[j].CapturedAt) })
}

// classifyTimeline computes and keeps the change between every two
// consecutive versions that has none stored yet, reading two texts at a
// time: histories and exports then read summaries, not texts. A page
// flapping between two texts compares each pair of texts once.
func (a *App) classifyTimeline(ctx context.Context, t Target) error {
	vs, err := a.store.VersionList(ctx, t.Stored.ID)
	if err != nil {
		return fmt.Errorf("pipeline: versions of %s: %w", t.Key(), err)
	}
	sums, err := a.store.ChangeSummaries(ctx, t.Stored.ID)
	if err != nil {
		return fmt.Errorf("pipeline: changes of %s: %w", t.Key(), err)
	}
	const seenCap = 64 // reports kept by pair of texts: bounded memory
	seen := map[[2]string][]byte{}
	var prev store.Version
	for i := 1; i < len(vs); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		from, to := vs[i-1], vs[i]
		if _, ok := sums[store.ChangeKey{From: from.ID, To: to.ID}]; ok {
			continue
		}
		pair := [2]string{from.Hash, to.Hash}
		raw, ok := seen[pair]
		if !ok {
			if prev.ID != from.ID {
				if prev, err = a.store.Version(ctx, from.ID); err != nil {
					return err
				}
			}
			next, err := a.store.Version(ctx, to.ID)
			if err != nil {
				return err
			}
			r, err := CompareContext(ctx, prev.Text, next.Text)
			if err != nil {
				return fmt.Errorf("pipeline: compare %s: %w", t.Key(), err)
			}
			if raw, err = json.Marshal(r); err != nil {
				return fmt.Errorf("pipeline: encode report: %w", err)
			}
			if len(seen) < seenCap {
				seen[pair] = raw
			}
			prev = next
		}
		if err := a.saveReport(ctx, from, to, raw); err != nil {
			return err
		}
	}
	return nil
}

// saveReport keeps a report (JSON) as the change between two versions.
func (a *App) saveReport(ctx context.Context, from, to store.Version, raw []byte) error {
	var r classify.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("pipeline: decode report: %w", err)
	}
	err := a.store.SaveChange(ctx, store.Change{
		DocumentID: from.DocumentID, FromVersion: from.ID, ToVersion: to.ID,
		MaxSeverity: r.Summary.MaxSeverity.String(), Material: r.Summary.Material,
		Added: r.Summary.Added, Removed: r.Summary.Removed, Modified: r.Summary.Modified, Moved: r.Summary.Moved,
		Report: raw, CreatedAt: a.now().UTC(),
	})
	if err != nil {
		return fmt.Errorf("pipeline: keep change %d→%d: %w", from.ID, to.ID, err)
	}
	return nil
}

// LocateOTA finds each target's history: from the declarations when given
// (the vendors and documents `tracker import ota` made of them), else from
// a dataset's index, else by the vendor's name and the terms type of its
// document type (the folders an export in the ota layout writes). Notes
// say which targets have no history and which declared documents are not
// configured.
func LocateOTA(targets []Target, services []ota.Service, h ota.History) (docs []OTADocument, notes []string) {
	if len(services) > 0 {
		type key struct{ vendor, docType string }
		declared := map[key][2]string{}
		var order []key
		for _, v := range ota.Convert(services, ota.Capabilities{}) {
			for _, d := range v.Documents {
				k := key{v.ID, d.Type}
				declared[k] = [2]string{v.Service.ID, d.Terms}
				order = append(order, k)
			}
		}
		used := map[key]bool{}
		for _, t := range targets {
			k := key{t.Vendor.ID, t.Doc.Type}
			src, ok := declared[k]
			if !ok {
				notes = append(notes, fmt.Sprintf("%s: not in the declarations: skipped", t.Key()))
				continue
			}
			used[k] = true
			docs = append(docs, OTADocument{Target: t, ServiceID: src[0], TermsType: src[1]})
		}
		for _, k := range order {
			if !used[k] && len(targets) > 0 && anyVendor(targets, k.vendor) {
				notes = append(notes, fmt.Sprintf("%s/%s (%s / %s): declared, not in the configuration: run `tracker import ota` to add it",
					k.vendor, k.docType, declared[k][0], declared[k][1]))
			}
		}
		return docs, notes
	}
	loc, _ := h.(ota.Locator)
	for _, t := range targets {
		if loc != nil {
			if service, terms, ok := loc.Locate(t.Vendor.ID, t.Doc.Type); ok {
				docs = append(docs, OTADocument{Target: t, ServiceID: service, TermsType: terms})
				continue
			}
		}
		docs = append(docs, OTADocument{Target: t, ServiceID: t.Vendor.Name, TermsType: ota.TermsType(t.Doc.Type), Guessed: true})
	}
	return docs, notes
}

func anyVendor(targets []Target, id string) bool {
	for _, t := range targets {
		if t.Vendor.ID == id {
			return true
		}
	}
	return false
}
