package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Fetch is one attempt to fetch a document, whatever its outcome.
type Fetch struct {
	ID, DocumentID int64
	StartedAt      time.Time
	Duration       time.Duration
	URL, FinalURL  string
	Status         int    // HTTP status, 0 if none
	Outcome        string // new|changed|unchanged|not-modified|error|suspect|flap
	Error          string
	ETag           string
	LastModified   string
	TextHash       string // hash of the extracted text, when there was one
	VersionID      int64  // 0 if none
	Crawler        string // the process that made the attempt (Store.Owner)
}

const fetchColumns = `id, document_id, started_at, duration_ns, url, final_url, status, outcome, error,
	etag, last_modified, text_hash, version_id, crawler`

func scanFetch(r rowScanner) (Fetch, error) {
	var f Fetch
	var ns int64
	err := r.Scan(&f.ID, &f.DocumentID, timeField{&f.StartedAt}, &ns, &f.URL, &f.FinalURL, &f.Status,
		&f.Outcome, &f.Error, &f.ETag, &f.LastModified, &f.TextHash, idField{&f.VersionID}, &f.Crawler)
	f.Duration = time.Duration(ns)
	return f, err
}

// RecordFetch records an attempt that stored no version (an error, an
// unchanged text, a 304, a text held as suspect) and returns its id.
func (s *Store) RecordFetch(ctx context.Context, f Fetch) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = insertFetch(ctx, tx, f)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: record fetch of document %d: %w", f.DocumentID, err)
	}
	return id, nil
}

func insertFetch(ctx context.Context, tx *sql.Tx, f Fetch) (int64, error) {
	if f.Outcome == "" {
		return 0, errors.New("fetch has no outcome")
	}
	var id int64
	err := tx.QueryRowContext(ctx,
		`INSERT INTO fetches (document_id, started_at, duration_ns, url, final_url, status, outcome, error,
		 etag, last_modified, text_hash, version_id, crawler) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.DocumentID, encTime(f.StartedAt), int64(f.Duration), f.URL, f.FinalURL, f.Status, f.Outcome, f.Error,
		f.ETag, f.LastModified, f.TextHash, nullID(f.VersionID), f.Crawler).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert fetch: %w", err)
	}
	// The document's summary: what listing thousands of documents reads.
	started := encTime(f.StartedAt)
	if _, err := tx.ExecContext(ctx,
		`UPDATE documents SET last_fetch_id = ?, last_fetch_at = ?, last_fetch_outcome = ?, last_fetch_status = ?,
		 last_fetch_error = ?, last_attempt_at = CASE WHEN last_attempt_at < ? THEN ? ELSE last_attempt_at END WHERE id = ?`,
		id, started, f.Outcome, f.Status, f.Error, started, started, f.DocumentID); err != nil {
		return 0, fmt.Errorf("record last fetch: %w", err)
	}
	return id, nil
}

// LastFetch is the most recently recorded attempt for a document: the zero
// Fetch and no error when there is none.
func (s *Store) LastFetch(ctx context.Context, docID int64) (Fetch, error) {
	f, err := scanFetch(s.db.QueryRowContext(ctx,
		`SELECT `+fetchColumns+` FROM fetches WHERE document_id = ? ORDER BY id DESC LIMIT 1`, docID))
	if errors.Is(err, sql.ErrNoRows) {
		return Fetch{}, nil
	}
	if err != nil {
		return Fetch{}, fmt.Errorf("store: last fetch of document %d: %w", docID, err)
	}
	return f, nil
}

// Fetches lists a document's most recent attempts, newest first (limit <= 0:
// all of them).
func (s *Store) Fetches(ctx context.Context, docID int64, limit int) ([]Fetch, error) {
	query := `SELECT ` + fetchColumns + ` FROM fetches WHERE document_id = ? ORDER BY id DESC`
	args := []any{docID}
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: fetches of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Fetch
	for rows.Next() {
		f, err := scanFetch(rows)
		if err != nil {
			return nil, fmt.Errorf("store: fetches of document %d: %w", docID, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: fetches of document %d: %w", docID, err)
	}
	return out, nil
}

// Validators are the ETag and Last-Modified to send with the next
// conditional request: those of the latest successful fetch (200 or 304)
// whose text was accepted. A fetch that errored or was held as suspect is
// skipped, or the server would answer 304 and the text would never be
// looked at again. A 304 that did not repeat the validators defers to the
// fetch before it. A document with no stored version has none: its body is
// needed. One statement and one row, because a crawl asks it of every
// document.
func (s *Store) Validators(ctx context.Context, docID int64) (etag, lastModified string, err error) {
	err = s.db.QueryRowContext(ctx,
		`SELECT etag, last_modified FROM fetches
		 WHERE document_id = ?1 AND status IN (200, 304) AND outcome NOT IN ('error', 'suspect')
		   AND (status = 200 OR etag != '' OR last_modified != '')
		   AND EXISTS (SELECT 1 FROM versions WHERE document_id = ?1)
		 ORDER BY id DESC LIMIT 1`, docID).Scan(&etag, &lastModified)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", "", nil
	case err != nil:
		return "", "", fmt.Errorf("store: validators of document %d: %w", docID, err)
	}
	return etag, lastModified, nil
}
