package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Vendor is a company whose documents are tracked.
type Vendor struct {
	ID, Name string
}

// SyncVendor records the vendor and its configured documents, keyed by
// vendor and document type (a changed URL is updated in place, keeping the
// history), and returns the documents with their ids and back-off state.
// Documents no longer configured are left alone: history is never deleted.
func (s *Store) SyncVendor(ctx context.Context, v Vendor, docs []Document) ([]Document, error) {
	if v.ID == "" {
		return nil, fmt.Errorf("store: sync vendor %q: empty vendor id", v.Name)
	}
	out := make([]Document, 0, len(docs))
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO vendors (id, name) VALUES (?, ?)
			 ON CONFLICT (id) DO UPDATE SET name = excluded.name`, v.ID, v.Name); err != nil {
			return err
		}
		for _, d := range docs {
			if d.VendorID != "" && d.VendorID != v.ID {
				return fmt.Errorf("document %s belongs to vendor %q", d.Type, d.VendorID)
			}
			if d.Type == "" {
				return fmt.Errorf("document with URL %s has no type", d.URL)
			}
			row := tx.QueryRowContext(ctx,
				`INSERT INTO documents (vendor_id, type, url) VALUES (?, ?, ?)
				 ON CONFLICT (vendor_id, type) DO UPDATE SET url = excluded.url
				 RETURNING `+documentColumns, v.ID, d.Type, d.URL)
			stored, err := scanDocument(row)
			if err != nil {
				return fmt.Errorf("document %s: %w", d.Type, err)
			}
			out = append(out, stored)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: sync vendor %s: %w", v.ID, err)
	}
	return out, nil
}

// Vendors lists the vendors ever recorded, by id.
func (s *Store) Vendors(ctx context.Context) ([]Vendor, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM vendors ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: vendors: %w", err)
	}
	defer rows.Close()
	var out []Vendor
	for rows.Next() {
		var v Vendor
		if err := rows.Scan(&v.ID, &v.Name); err != nil {
			return nil, fmt.Errorf("store: vendors: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: vendors: %w", err)
	}
	return out, nil
}
