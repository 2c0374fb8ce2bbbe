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

// VendorDocuments is a vendor with its configured documents.
type VendorDocuments struct {
	Vendor    Vendor
	Documents []Document
}

// SyncVendor records the vendor and its configured documents, keyed by
// vendor and document type (a changed URL is updated in place, keeping the
// history), and returns the documents with their ids and back-off state.
// Documents no longer configured are left alone: history is never deleted.
func (s *Store) SyncVendor(ctx context.Context, v Vendor, docs []Document) ([]Document, error) {
	out, err := s.SyncVendors(ctx, []VendorDocuments{{Vendor: v, Documents: docs}})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// SyncVendors is SyncVendor for a whole configuration in one transaction:
// hundreds of vendors are recorded at every start.
func (s *Store) SyncVendors(ctx context.Context, vs []VendorDocuments) ([][]Document, error) {
	for _, vd := range vs {
		if vd.Vendor.ID == "" {
			return nil, fmt.Errorf("store: sync vendor %q: empty vendor id", vd.Vendor.Name)
		}
	}
	if out, ok, err := s.alreadySynced(ctx, vs); err != nil || ok {
		return out, err
	}
	out := make([][]Document, len(vs))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for i, vd := range vs {
			docs, err := syncVendor(ctx, tx, vd.Vendor, vd.Documents)
			if err != nil {
				return fmt.Errorf("vendor %s: %w", vd.Vendor.ID, err)
			}
			out[i] = docs
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: sync vendors: %w", err)
	}
	return out, nil
}

// alreadySynced returns the stored documents of vs when every vendor and
// document is recorded as configured, the usual case at a start: two reads
// instead of a write transaction with a statement per row.
func (s *Store) alreadySynced(ctx context.Context, vs []VendorDocuments) ([][]Document, bool, error) {
	vendors, err := s.Vendors(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("store: sync vendors: %w", err)
	}
	names := make(map[string]string, len(vendors))
	for _, v := range vendors {
		names[v.ID] = v.Name
	}
	stored, err := s.Documents(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("store: sync vendors: %w", err)
	}
	type key struct{ vendor, typ string }
	docs := make(map[key]Document, len(stored))
	for _, d := range stored {
		docs[key{d.VendorID, d.Type}] = d
	}
	out := make([][]Document, len(vs))
	for i, vd := range vs {
		if name, ok := names[vd.Vendor.ID]; !ok || name != vd.Vendor.Name {
			return nil, false, nil
		}
		for _, d := range vd.Documents {
			got, ok := docs[key{vd.Vendor.ID, d.Type}]
			if !ok || got.URL != d.URL || (d.VendorID != "" && d.VendorID != vd.Vendor.ID) {
				return nil, false, nil // the write path records it, or says what is wrong
			}
			out[i] = append(out[i], got)
		}
	}
	return out, true, nil
}

func syncVendor(ctx context.Context, tx *sql.Tx, v Vendor, docs []Document) ([]Document, error) {
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO vendors (id, name) VALUES (?, ?)
		 ON CONFLICT (id) DO UPDATE SET name = excluded.name`, v.ID, v.Name); err != nil {
		return nil, err
	}
	out := make([]Document, 0, len(docs))
	for _, d := range docs {
		if d.VendorID != "" && d.VendorID != v.ID {
			return nil, fmt.Errorf("document %s belongs to vendor %q", d.Type, d.VendorID)
		}
		if d.Type == "" {
			return nil, fmt.Errorf("document with URL %s has no type", d.URL)
		}
		row := tx.QueryRowContext(ctx,
			`INSERT INTO documents (vendor_id, type, url) VALUES (?, ?, ?)
			 ON CONFLICT (vendor_id, type) DO UPDATE SET url = excluded.url
			 RETURNING `+documentColumns, v.ID, d.Type, d.URL)
		stored, err := scanDocument(row)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", d.Type, err)
		}
		out = append(out, stored)
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
