package store

import (
	"context"
	"fmt"
	"strings"
)

// Lists of thousands of documents, and a document's timeline, are read
// from summary columns (documents.version_count, latest_version_id,
// last_fetch_id; changes.summary): never from texts or whole reports.

// DocumentSummary is what a list shows of one document.
type DocumentSummary struct {
	Document
	Versions   int
	LastFetch  Fetch    // when, outcome, status and error; zero when never fetched
	Latest     *Version // without its text, page or validators; nil when none
	PreviousID int64    // the version before Latest, 0 if none
	LastChange []byte   // summary JSON of the change Previous → Latest, nil if not computed yet
}

const versionMetaColumns = `v.id, v.document_id, v.snapshot_id, v.hash, v.source, v.fetched_at, v.captured_at,
	v.url, v.etag, v.last_modified, v.technical, v.flap_of, v.settings`

func scanVersionMeta(dst *Version) []any {
	return []any{&dst.ID, &dst.DocumentID, &dst.SnapshotID, &dst.Hash, &dst.Source,
		timeField{&dst.FetchedAt}, timeField{&dst.CapturedAt}, &dst.URL, &dst.ETag, &dst.LastModified,
		&dst.Technical, idField{&dst.FlapOf}, &dst.Settings}
}

// DocumentSummaries lists stored documents with their summaries, by vendor
// and type: all of them, or those with the given ids. One table is read:
// the summaries are kept on the documents' rows.
func (s *Store) DocumentSummaries(ctx context.Context, ids ...int64) ([]DocumentSummary, error) {
	var where string
	var args []any
	if len(ids) > 0 {
		where = ` WHERE id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	return s.documentSummaries(ctx, where, args, true, ` ORDER BY vendor_id, type`, len(ids))
}

// VendorSummaries lists the documents of the given vendors (all when none)
// with their summaries but not their last changes (LastChange stays nil),
// in no particular order: what a list of thousands of documents prints,
// in its own order, without carrying a JSON report summary per row that it
// would not show (nor PostgreSQL sorting the rows first). sizeHint is how
// many rows the caller expects (0 when it cannot tell): the list is
// allocated once.
func (s *Store) VendorSummaries(ctx context.Context, sizeHint int, vendorIDs ...string) ([]DocumentSummary, error) {
	var where string
	var args []any
	if len(vendorIDs) > 0 {
		where = ` WHERE vendor_id IN (` + placeholders(len(vendorIDs)) + `)`
		for _, id := range vendorIDs {
			args = append(args, id)
		}
	}
	return s.documentSummaries(ctx, where, args, false, "", sizeHint)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// documentSummaries reads the summary columns of the documents that where
// selects, in the order orderBy gives, with the last change's summary when
// withChange.
func (s *Store) documentSummaries(ctx context.Context, where string, args []any, withChange bool, orderBy string, sizeHint int) ([]DocumentSummary, error) {
	change := `''`
	if withChange {
		change = `last_change`
	}
	query := `SELECT ` + documentColumns + `, version_count, last_fetch_at, last_fetch_outcome, last_fetch_status,
		last_fetch_error, latest_version_id, latest_hash, latest_source, latest_fetched_at, latest_captured_at,
		latest_url, latest_technical, latest_flap_of, previous_version_id, ` + change + ` FROM documents` + where
	rows, err := s.db.QueryContext(ctx, query+orderBy, args...)
	if err != nil {
		return nil, fmt.Errorf("store: document summaries: %w", err)
	}
	defer rows.Close()
	out := make([]DocumentSummary, 0, sizeHint)
	for rows.Next() {
		out = append(out, DocumentSummary{})
		ds := &out[len(out)-1]
		d := &ds.Document
		var latest Version
		var change string
		err := rows.Scan(&d.ID, &d.VendorID, &d.Type, &d.URL, &d.FailCount, timeField{&d.NextAttemptAt},
			timeField{&d.DueAt}, &d.LeaseOwner, timeField{&d.LeaseUntil}, timeField{&d.LastAttemptAt},
			idField{&d.LastFetchID}, &ds.Versions,
			timeField{&ds.LastFetch.StartedAt}, &ds.LastFetch.Outcome, &ds.LastFetch.Status, &ds.LastFetch.Error,
			idField{&latest.ID}, &latest.Hash, &latest.Source, timeField{&latest.FetchedAt}, timeField{&latest.CapturedAt},
			&latest.URL, &latest.Technical, idField{&latest.FlapOf}, idField{&ds.PreviousID}, &change)
		if err != nil {
			return nil, fmt.Errorf("store: document summaries: %w", err)
		}
		if d.LastFetchID != 0 {
			ds.LastFetch.ID, ds.LastFetch.DocumentID = d.LastFetchID, d.ID
		}
		if latest.ID != 0 {
			latest.DocumentID = d.ID
			ds.Latest = &latest
		}
		if change != "" {
			ds.LastChange = []byte(change)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: document summaries: %w", err)
	}
	return out, nil
}

// VersionList is a document's history in capture order (ties by id),
// without the texts: what a timeline shows.
func (s *Store) VersionList(ctx context.Context, docID int64) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+versionMetaColumns+` FROM versions v WHERE v.document_id = ? ORDER BY v.captured_at, v.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		if err := rows.Scan(scanVersionMeta(&v)...); err != nil {
			return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
	}
	return out, nil
}

// ChangeKey names a change by its two versions.
type ChangeKey struct{ From, To int64 }

// ChangeSummaries are the summaries (JSON) of a document's stored changes,
// without their reports.
func (s *Store) ChangeSummaries(ctx context.Context, docID int64) (map[ChangeKey][]byte, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT from_version, to_version, summary FROM changes WHERE document_id = ? AND summary != ''`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: change summaries of document %d: %w", docID, err)
	}
	defer rows.Close()
	out := map[ChangeKey][]byte{}
	for rows.Next() {
		var k ChangeKey
		var summary string
		if err := rows.Scan(&k.From, &k.To, &summary); err != nil {
			return nil, fmt.Errorf("store: change summaries of document %d: %w", docID, err)
		}
		out[k] = []byte(summary)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: change summaries of document %d: %w", docID, err)
	}
	return out, nil
}

// DocumentState is what the home page counts of a document.
type DocumentState struct {
	ID          int64
	LastOutcome string // outcome of its last fetch, "" when never fetched
	Changed     bool   // it has two versions or more: a change to show
}

// DocumentStates lists the state of every stored document: three narrow
// columns of one table, so that counting thousands of documents reads
// neither their summaries nor their changes.
func (s *Store) DocumentStates(ctx context.Context) ([]DocumentState, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, last_fetch_outcome, previous_version_id IS NOT NULL FROM documents`)
	if err != nil {
		return nil, fmt.Errorf("store: document states: %w", err)
	}
	defer rows.Close()
	var out []DocumentState
	for rows.Next() {
		var d DocumentState
		if err := rows.Scan(&d.ID, &d.LastOutcome, &d.Changed); err != nil {
			return nil, fmt.Errorf("store: document states: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: document states: %w", err)
	}
	return out, nil
}
