package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Document is one tracked page of a vendor (privacy policy, terms, DPA…),
// with the daemon's failure back-off state.
type Document struct {
	ID            int64
	VendorID      string
	Type          string
	URL           string
	FailCount     int
	NextAttemptAt time.Time // zero: no back-off
	DueAt         time.Time // the next scheduled crawl; zero: not scheduled yet
	LeaseOwner    string    // the process crawling it now, "" if none
	LeaseUntil    time.Time // when that lease expires unless renewed
	LastAttemptAt time.Time // the start of the last fetch; zero: never fetched
	LastFetchID   int64     // 0 if never fetched
}

const documentColumns = `id, vendor_id, type, url, fail_count, next_attempt_at, due_at, lease_owner,
	lease_until, last_attempt_at, last_fetch_id`

func scanDocument(r rowScanner) (Document, error) {
	var d Document
	err := r.Scan(&d.ID, &d.VendorID, &d.Type, &d.URL, &d.FailCount, timeField{&d.NextAttemptAt},
		timeField{&d.DueAt}, &d.LeaseOwner, timeField{&d.LeaseUntil}, timeField{&d.LastAttemptAt},
		idField{&d.LastFetchID})
	return d, err
}

// Documents lists every document ever recorded, by vendor and type.
func (s *Store) Documents(ctx context.Context) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents ORDER BY vendor_id, type`)
	if err != nil {
		return nil, fmt.Errorf("store: documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("store: documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: documents: %w", err)
	}
	return out, nil
}

// Document is the document of a vendor with the given type; the error wraps
// ErrNotFound when there is none.
func (s *Store) Document(ctx context.Context, vendorID, docType string) (Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx,
		`SELECT `+documentColumns+` FROM documents WHERE vendor_id = ? AND type = ?`, vendorID, docType))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("store: document %s/%s: %w", vendorID, docType, ErrNotFound)
	}
	if err != nil {
		return Document{}, fmt.Errorf("store: document %s/%s: %w", vendorID, docType, err)
	}
	return d, nil
}

// lockDocument checks that the document exists and, on PostgreSQL, locks
// its row until the transaction ends, so that two processes storing a
// version of the same document do it one after the other (SQLite's write
// transactions are one at a time already).
func (s *Store) lockDocument(ctx context.Context, tx *sql.Tx, docID int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE id = ?`+s.dialect.forUpdate(), docID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("document %d: %w", docID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("lock document %d: %w", docID, err)
	}
	return nil
}

// SetBackoff records a document's consecutive failures and when the daemon
// may try it again (zero next: at once).
func (s *Store) SetBackoff(ctx context.Context, docID int64, failCount int, next time.Time) error {
	res, err := s.db.ExecContext(ctx,
		`UPDATE documents SET fail_count = ?, next_attempt_at = ? WHERE id = ?`, failCount, encTime(next), docID)
	if err != nil {
		return fmt.Errorf("store: set back-off of document %d: %w", docID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: set back-off of document %d: %w", docID, err)
	} else if n == 0 {
		return fmt.Errorf("store: set back-off of document %d: %w", docID, ErrNotFound)
	}
	return nil
}
