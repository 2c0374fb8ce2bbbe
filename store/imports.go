package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Import is a record of another archive's history already handled by an
// import (Open Terms Archive's versions, source "ota"), whether it
// produced a version, matched an existing one, or was left out; an import
// run again skips it, as a backfill skips the captures it handled.
type Import struct {
	DocumentID int64
	Source     string    // "ota"
	Ref        string    // the record: a commit id, or a dataset file
	RecordedAt time.Time // when the archive recorded it (its fetch time)
	VersionID  int64     // the version it produced or matched, 0 if none
	ImportedAt time.Time
	Note       string // why it gave no version of its own, if it did not
}

// ImportedRefs lists the records of a source already handled for the
// document.
func (s *Store) ImportedRefs(ctx context.Context, docID int64, source string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ref FROM imports WHERE document_id = ? AND source = ?`, docID, source)
	if err != nil {
		return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
		}
		out[ref] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
	}
	return out, nil
}

// Imports lists the document's handled records of a source, by the time
// they were recorded.
func (s *Store) Imports(ctx context.Context, docID int64, source string) ([]Import, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT document_id, source, ref, recorded_at, version_id, imported_at, note FROM imports
		 WHERE document_id = ? AND source = ? ORDER BY recorded_at, ref`, docID, source)
	if err != nil {
		return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var im Import
		if err := rows.Scan(&im.DocumentID, &im.Source, &im.Ref, timeField{&im.RecordedAt}, idField{&im.VersionID},
			timeField{&im.ImportedAt}, &im.Note); err != nil {
			return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
		}
		out = append(out, im)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: imports of document %d: %w", docID, err)
	}
	return out, nil
}

// RecordImport marks a record as handled, replacing an earlier mark of the
// same record.
func (s *Store) RecordImport(ctx context.Context, im Import) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return upsertImport(ctx, tx, im) })
	if err != nil {
		return fmt.Errorf("store: record import %s of document %d: %w", im.Ref, im.DocumentID, err)
	}
	return nil
}

// BackdateImported records that an imported record taken at `at` already
// showed the text of a later version: the version's captured_at moves
// back to it, and the record is kept, in one transaction.
func (s *Store) BackdateImported(ctx context.Context, versionID int64, at time.Time, im Import) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		docID, err := backdate(ctx, tx, versionID, at)
		if err != nil {
			return err
		}
		im.DocumentID, im.VersionID = docID, versionID
		return upsertImport(ctx, tx, im)
	})
	if err != nil {
		return fmt.Errorf("store: backdate version %d: %w", versionID, err)
	}
	return nil
}

func upsertImport(ctx context.Context, tx *sql.Tx, im Import) error {
	if im.Source == "" || im.Ref == "" {
		return errors.New("an import needs a source and a ref")
	}
	if im.ImportedAt.IsZero() {
		im.ImportedAt = time.Now()
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO imports (document_id, source, ref, recorded_at, version_id, imported_at, note)
		 VALUES (?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (document_id, source, ref) DO UPDATE SET
		 recorded_at = excluded.recorded_at, version_id = excluded.version_id,
		 imported_at = excluded.imported_at, note = excluded.note`,
		im.DocumentID, im.Source, im.Ref, encTime(im.RecordedAt.UTC()), nullID(im.VersionID), encTime(im.ImportedAt.UTC()), im.Note)
	if err != nil {
		return fmt.Errorf("insert import %s: %w", im.Ref, err)
	}
	return nil
}
