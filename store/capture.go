package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Capture is a Wayback Machine capture already handled by a backfill,
// whether it produced a version, matched an existing one or failed for
// good; a backfill that is run again skips it.
type Capture struct {
	DocumentID int64
	Timestamp  string // 14 digits, as the CDX API gives it
	Digest     string
	Original   string
	Status     string // HTTP status of the capture, as the CDX API gives it
	VersionID  int64  // the version it produced or matched, 0 if none
	FetchedAt  time.Time
	Error      string
}

// CaptureDone says whether the capture was handled before.
func (s *Store) CaptureDone(ctx context.Context, docID int64, timestamp, digest string) (bool, error) {
	var done bool
	err := s.db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM captures WHERE document_id = ? AND timestamp = ? AND digest = ?)`,
		docID, timestamp, digest).Scan(&done)
	if err != nil {
		return false, fmt.Errorf("store: capture %s of document %d: %w", timestamp, docID, err)
	}
	return done, nil
}

// RecordCapture marks a capture as handled, replacing an earlier record of
// the same capture.
func (s *Store) RecordCapture(ctx context.Context, c Capture) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return upsertCapture(ctx, tx, c) })
	if err != nil {
		return fmt.Errorf("store: record capture %s of document %d: %w", c.Timestamp, c.DocumentID, err)
	}
	return nil
}

// Captures lists a document's handled captures by timestamp.
func (s *Store) Captures(ctx context.Context, docID int64) ([]Capture, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT document_id, timestamp, digest, original, status, version_id, fetched_at, error
		 FROM captures WHERE document_id = ? ORDER BY timestamp, digest`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: captures of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Capture
	for rows.Next() {
		var c Capture
		if err := rows.Scan(&c.DocumentID, &c.Timestamp, &c.Digest, &c.Original, &c.Status,
			idField{&c.VersionID}, timeField{&c.FetchedAt}, &c.Error); err != nil {
			return nil, fmt.Errorf("store: captures of document %d: %w", docID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: captures of document %d: %w", docID, err)
	}
	return out, nil
}

func upsertCapture(ctx context.Context, tx *sql.Tx, c Capture) error {
	if len(c.Timestamp) != 14 {
		return fmt.Errorf("capture timestamp %q is not 14 digits", c.Timestamp)
	}
	if c.FetchedAt.IsZero() {
		c.FetchedAt = time.Now()
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO captures (document_id, timestamp, digest, original, status, version_id, fetched_at, error)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (document_id, timestamp, digest) DO UPDATE SET
		 original = excluded.original, status = excluded.status, version_id = excluded.version_id,
		 fetched_at = excluded.fetched_at, error = excluded.error`,
		c.DocumentID, c.Timestamp, c.Digest, c.Original, c.Status, nullID(c.VersionID), encTime(c.FetchedAt), c.Error)
	if err != nil {
		return fmt.Errorf("insert capture %s: %w", c.Timestamp, err)
	}
	return nil
}

// BackdateVersion records that a capture taken at `at` already showed the
// text of a later version: the version's captured_at moves back to the
// first capture that showed its text, and the capture is recorded, in one
// transaction. A later `at` changes nothing but the capture.
func (s *Store) BackdateVersion(ctx context.Context, versionID int64, at time.Time, c Capture) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		docID, err := backdate(ctx, tx, versionID, at)
		if err != nil {
			return err
		}
		c.DocumentID, c.VersionID = docID, versionID
		return upsertCapture(ctx, tx, c)
	})
	if err != nil {
		return fmt.Errorf("store: backdate version %d: %w", versionID, err)
	}
	return nil
}

// backdate moves a version's captured_at back to at when at is earlier,
// and returns its document.
func backdate(ctx context.Context, tx *sql.Tx, versionID int64, at time.Time) (int64, error) {
	var docID int64
	var captured string
	err := tx.QueryRowContext(ctx, `SELECT document_id, captured_at FROM versions WHERE id = ?`, versionID).Scan(&docID, &captured)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("version %d: %w", versionID, ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	if enc := encTime(at.UTC()); enc < captured {
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET captured_at = ? WHERE id = ?`, enc, versionID); err != nil {
			return 0, fmt.Errorf("backdate version %d: %w", versionID, err)
		}
		if err := summarizeVersions(ctx, tx, docID); err != nil {
			return 0, err
		}
	}
	return docID, nil
}
