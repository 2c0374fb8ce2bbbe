package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Lists of thousands of documents, and a document's timeline, are read
// from summary columns (documents.version_count, latest_version_id,
// last_fetch_id; changes.summary): never from texts or whole reports.

// DocumentSummary is what a list shows of one document.
type DocumentSummary struct {
	Document
	Versions   int
	LastFetch  Fetch    // zero when never fetched
	Latest     *Version // without its text; nil when none
	PreviousID int64    // the version before Latest, 0 if none
	LastChange []byte   // summary JSON of the change Previous → Latest, nil if not computed yet
}

const versionMetaColumns = `v.id, v.document_id, v.snapshot_id, v.hash, v.source, v.fetched_at, v.captured_at,
	v.url, v.etag, v.last_modified, v.technical, v.flap_of`

func scanVersionMeta(dst *Version) []any {
	return []any{&dst.ID, &dst.DocumentID, &dst.SnapshotID, &dst.Hash, &dst.Source,
		timeField{&dst.FetchedAt}, timeField{&dst.CapturedAt}, &dst.URL, &dst.ETag, &dst.LastModified,
		&dst.Technical, idField{&dst.FlapOf}}
}

// DocumentSummaries lists every stored document with its summary, in one
// query, by vendor and type.
func (s *Store) DocumentSummaries(ctx context.Context) ([]DocumentSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.vendor_id, d.type, d.url, d.fail_count, d.next_attempt_at,
		 d.due_at, d.lease_owner, d.lease_until, d.last_attempt_at, d.last_fetch_id, d.version_count,
		 f.id, f.started_at, f.duration_ns, f.url, f.final_url, f.status, f.outcome, f.error, f.crawler,
		 `+versionMetaColumns+`, p.id, c.summary
		FROM documents d
		LEFT JOIN fetches f ON f.id = d.last_fetch_id
		LEFT JOIN versions v ON v.id = d.latest_version_id
		LEFT JOIN versions p ON p.id = (SELECT x.id FROM versions x WHERE x.document_id = d.id
		     AND (x.captured_at < v.captured_at OR (x.captured_at = v.captured_at AND x.id < v.id))
		     ORDER BY x.captured_at DESC, x.id DESC LIMIT 1)
		LEFT JOIN changes c ON c.from_version = p.id AND c.to_version = v.id
		ORDER BY d.vendor_id, d.type`)
	if err != nil {
		return nil, fmt.Errorf("store: document summaries: %w", err)
	}
	defer rows.Close()
	var out []DocumentSummary
	for rows.Next() {
		var ds DocumentSummary
		d := &ds.Document
		var fID, fDur, fStatus, vID, vDoc, vSnap, prev sql.NullInt64
		var fURL, fFinal, fOutcome, fErr, fCrawler, vHash, vSource, vURL, vETag, vLM, summary sql.NullString
		var latest Version
		fStarted := timeField{&ds.LastFetch.StartedAt}
		vFetched, vCaptured := timeField{&latest.FetchedAt}, timeField{&latest.CapturedAt}
		var technical sql.NullBool
		var flap sql.NullInt64
		err := rows.Scan(&d.ID, &d.VendorID, &d.Type, &d.URL, &d.FailCount, timeField{&d.NextAttemptAt},
			timeField{&d.DueAt}, &d.LeaseOwner, timeField{&d.LeaseUntil}, timeField{&d.LastAttemptAt},
			idField{&d.LastFetchID}, &ds.Versions,
			&fID, fStarted, &fDur, &fURL, &fFinal, &fStatus, &fOutcome, &fErr, &fCrawler,
			&vID, &vDoc, &vSnap, &vHash, &vSource, vFetched, vCaptured, &vURL, &vETag, &vLM, &technical, &flap,
			&prev, &summary)
		if err != nil {
			return nil, fmt.Errorf("store: document summaries: %w", err)
		}
		if fID.Valid {
			f := &ds.LastFetch
			f.ID, f.DocumentID, f.Duration = fID.Int64, d.ID, time.Duration(fDur.Int64)
			f.URL, f.FinalURL, f.Status = fURL.String, fFinal.String, int(fStatus.Int64)
			f.Outcome, f.Error, f.Crawler = fOutcome.String, fErr.String, fCrawler.String
		}
		if vID.Valid {
			latest.ID, latest.DocumentID, latest.SnapshotID = vID.Int64, vDoc.Int64, vSnap.Int64
			latest.Hash, latest.Source, latest.URL = vHash.String, vSource.String, vURL.String
			latest.ETag, latest.LastModified = vETag.String, vLM.String
			latest.Technical, latest.FlapOf = technical.Bool, flap.Int64
			ds.Latest = &latest
		}
		ds.PreviousID = prev.Int64
		if summary.Valid && summary.String != "" {
			ds.LastChange = []byte(summary.String)
		}
		out = append(out, ds)
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
