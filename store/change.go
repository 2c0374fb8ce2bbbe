package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Change is the classified difference between two versions of a document.
type Change struct {
	ID, DocumentID         int64
	FromVersion, ToVersion int64
	MaxSeverity            string
	Material               bool
	Added, Removed         int
	Modified, Moved        int
	Report                 []byte // the change report, JSON
	CreatedAt              time.Time
	// Summary is the report's "summary" object, kept apart so that lists
	// never read whole reports; taken from Report when nil.
	Summary []byte
}

const changeColumns = `c.id, c.document_id, c.from_version, c.to_version, c.max_severity, c.material,
	c.added, c.removed, c.modified, c.moved, c.report, c.created_at`

func scanChange(r rowScanner) (Change, error) {
	var c Change
	var report string
	err := r.Scan(&c.ID, &c.DocumentID, &c.FromVersion, &c.ToVersion, &c.MaxSeverity, &c.Material,
		&c.Added, &c.Removed, &c.Modified, &c.Moved, &report, timeField{&c.CreatedAt})
	c.Report = []byte(report)
	c.Summary = reportSummary(c.Report)
	return c, err
}

// reportSummary is the "summary" member of a JSON report, nil if it has
// none.
func reportSummary(report []byte) []byte {
	var r struct {
		Summary json.RawMessage `json:"summary"`
	}
	if json.Unmarshal(report, &r) != nil || len(r.Summary) == 0 || string(r.Summary) == "null" {
		return nil
	}
	return r.Summary
}

// ChangeBetween is the stored change from one version to another, if any.
func (s *Store) ChangeBetween(ctx context.Context, from, to int64) (Change, bool, error) {
	c, err := scanChange(s.db.QueryRowContext(ctx,
		`SELECT `+changeColumns+` FROM changes c WHERE c.from_version = ? AND c.to_version = ?`, from, to))
	if errors.Is(err, sql.ErrNoRows) {
		return Change{}, false, nil
	}
	if err != nil {
		return Change{}, false, fmt.Errorf("store: change %d→%d: %w", from, to, err)
	}
	return c, true, nil
}

// SaveChange stores a change, replacing the one between the same two
// versions: diffs between non-consecutive versions are cached this way, and
// a backfill that inserts versions out of order recomputes neighbours.
func (s *Store) SaveChange(ctx context.Context, c Change) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return upsertChange(ctx, tx, c) })
	if err != nil {
		return fmt.Errorf("store: save change %d→%d: %w", c.FromVersion, c.ToVersion, err)
	}
	return nil
}

func upsertChange(ctx context.Context, tx *sql.Tx, c Change) error {
	if c.FromVersion == 0 || c.ToVersion == 0 {
		return fmt.Errorf("change %d→%d: both versions are required", c.FromVersion, c.ToVersion)
	}
	if c.Report == nil {
		return fmt.Errorf("change %d→%d: no report", c.FromVersion, c.ToVersion)
	}
	doc, err := changeDocument(ctx, tx, c)
	if err != nil {
		return err
	}
	c.DocumentID = doc
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	if c.Summary == nil {
		c.Summary = reportSummary(c.Report)
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO changes (document_id, from_version, to_version, max_severity, material,
		 added, removed, modified, moved, report, created_at, summary)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (from_version, to_version) DO UPDATE SET
		 max_severity = excluded.max_severity, material = excluded.material,
		 added = excluded.added, removed = excluded.removed, modified = excluded.modified,
		 moved = excluded.moved, report = excluded.report, created_at = excluded.created_at,
		 summary = excluded.summary`,
		c.DocumentID, c.FromVersion, c.ToVersion, c.MaxSeverity, c.Material,
		c.Added, c.Removed, c.Modified, c.Moved, string(c.Report), encTime(c.CreatedAt), string(c.Summary))
	if err != nil {
		return fmt.Errorf("store change %d→%d: %w", c.FromVersion, c.ToVersion, err)
	}
	// The change that led to the latest version is on its document's row.
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET last_change = ?
		WHERE id = ? AND previous_version_id = ? AND latest_version_id = ?`,
		string(c.Summary), c.DocumentID, c.FromVersion, c.ToVersion); err != nil {
		return fmt.Errorf("store change %d→%d: %w", c.FromVersion, c.ToVersion, err)
	}
	return nil
}

// changeDocument checks that both versions exist and belong to the same
// document (the change's own, when it names one) and returns that document.
func changeDocument(ctx context.Context, tx *sql.Tx, c Change) (int64, error) {
	var from, to sql.NullInt64
	err := tx.QueryRowContext(ctx,
		`SELECT (SELECT document_id FROM versions WHERE id = ?), (SELECT document_id FROM versions WHERE id = ?)`,
		c.FromVersion, c.ToVersion).Scan(&from, &to)
	switch {
	case err != nil:
		return 0, fmt.Errorf("change %d→%d: look up versions: %w", c.FromVersion, c.ToVersion, err)
	case !from.Valid:
		return 0, fmt.Errorf("change %d→%d: version %d: %w", c.FromVersion, c.ToVersion, c.FromVersion, ErrNotFound)
	case !to.Valid:
		return 0, fmt.Errorf("change %d→%d: version %d: %w", c.FromVersion, c.ToVersion, c.ToVersion, ErrNotFound)
	case from.Int64 != to.Int64:
		return 0, fmt.Errorf("change %d→%d: the versions belong to different documents (%d, %d)", c.FromVersion, c.ToVersion, from.Int64, to.Int64)
	case c.DocumentID != 0 && c.DocumentID != to.Int64:
		return 0, fmt.Errorf("change %d→%d: the versions belong to document %d, not %d", c.FromVersion, c.ToVersion, to.Int64, c.DocumentID)
	}
	return to.Int64, nil
}

// Changes lists a document's stored changes in the order of the versions
// they lead to.
func (s *Store) Changes(ctx context.Context, docID int64) ([]Change, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+changeColumns+` FROM changes c JOIN versions v ON v.id = c.to_version
		 WHERE c.document_id = ? ORDER BY v.captured_at, v.id, c.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: changes of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, fmt.Errorf("store: changes of document %d: %w", docID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: changes of document %d: %w", docID, err)
	}
	return out, nil
}
