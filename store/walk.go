package store

import (
	"context"
	"fmt"
)

// walkBatch is how many versions WalkVersions reads at a time: the texts
// in memory at once are at most these, whatever the history's length.
const walkBatch = 16

// WalkVersions calls fn with each version of the document, text included,
// in capture order (ties by id), reading them a batch at a time so that an
// export of a long history holds a few texts, never all of them. fn's
// error stops the walk and is returned.
func (s *Store) WalkVersions(ctx context.Context, docID int64, fn func(Version) error) error {
	after := Version{}
	first := true
	for {
		// The rows are read and closed before fn runs: the store may have
		// a single connection, which fn (or fillTexts) needs again.
		var rows []Version
		var packed [][]byte
		err := func() error {
			query := `SELECT ` + versionColumns + ` FROM versions WHERE document_id = ?`
			args := []any{docID}
			if !first {
				query += ` AND (captured_at > ? OR (captured_at = ? AND id > ?))`
				at := encTime(after.CapturedAt)
				args = append(args, at, at, after.ID)
			}
			query += ` ORDER BY captured_at, id LIMIT ?`
			args = append(args, walkBatch)
			r, err := s.db.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer r.Close()
			for r.Next() {
				v, p, err := scanVersion(r)
				if err != nil {
					return err
				}
				rows = append(rows, v)
				packed = append(packed, p)
			}
			return r.Err()
		}()
		if err != nil {
			return fmt.Errorf("store: versions of document %d: %w", docID, err)
		}
		if len(rows) == 0 {
			return nil
		}
		if err := s.fillTexts(ctx, rows, packed); err != nil {
			return fmt.Errorf("store: versions of document %d: %w", docID, err)
		}
		for _, v := range rows {
			if err := fn(v); err != nil {
				return err
			}
		}
		after, first = rows[len(rows)-1], false
		if len(rows) < walkBatch {
			return nil
		}
	}
}
