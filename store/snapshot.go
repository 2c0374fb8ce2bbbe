package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Snapshot is a raw fetched body, kept so that versions can be re-extracted
// when the extraction rules improve.
type Snapshot struct {
	ID          int64
	Hash        string // sha256 hex of Body
	ContentType string
	Body        []byte
}

// Snapshot returns a stored body, decompressed and checked against its hash.
func (s *Store) Snapshot(ctx context.Context, id int64) (Snapshot, error) {
	return s.snapshot(ctx, id, map[int64][]byte{})
}

// maxDeltaDepth caps the pages decoded to read one: past it a page is
// stored whole. Reading the deepest page of a chain costs that many small
// decompressions (about 0.1 ms each).
const maxDeltaDepth = 32

// snapshot reads a body whose chain of earlier pages may be partly decoded
// already in memo (snapshot id → body), which it fills.
func (s *Store) snapshot(ctx context.Context, id int64, memo map[int64][]byte) (Snapshot, error) {
	known := func(id int64) bool {
		if _, ok := memo[id]; ok {
			return true
		}
		if b, ok := s.pages.get(id); ok {
			memo[id] = b
			return true
		}
		return false
	}
	// The page and the pages it is a delta of, nearest first, in one query.
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE chain (id, hash, content_type, base_id, body, n) AS (
		    SELECT id, hash, content_type, base_id, body, 0 FROM snapshots WHERE id = ?
		    UNION ALL
		    SELECT p.id, p.hash, p.content_type, p.base_id, p.body, c.n + 1
		    FROM snapshots p JOIN chain c ON p.id = c.base_id WHERE c.n < ?)
		SELECT id, hash, content_type, base_id, body FROM chain ORDER BY n`, id, maxDeltaDepth+1)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, err)
	}
	type link struct {
		id          int64
		hash, ctype string
		base        int64
		packed      []byte
	}
	var chain []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.id, &l.hash, &l.ctype, idField{&l.base}, &l.packed); err != nil {
			rows.Close()
			return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, err)
		}
		chain = append(chain, l)
		if known(l.id) {
			break // decoded already: what lies below it is not needed
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, err)
	}
	if len(chain) == 0 {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, ErrNotFound)
	}
	// Decode from the deepest page up, each the dictionary of the next.
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		if _, ok := memo[l.id]; ok {
			continue
		}
		var body []byte
		if l.base == 0 {
			body, err = decompressSnapshot(l.packed)
		} else if base, ok := memo[l.base]; ok {
			body, err = s.codec.undeltaSnapshot(l.packed, base)
		} else {
			err = fmt.Errorf("its base page %d is missing", l.base)
		}
		if err != nil {
			return Snapshot{}, fmt.Errorf("store: snapshot %d: page %d: %w", id, l.id, err)
		}
		if got := sha256Hex(body); got != l.hash {
			return Snapshot{}, fmt.Errorf("store: snapshot %d: body hash %s does not match the stored %s", l.id, got, l.hash)
		}
		memo[l.id] = body
		s.pages.put(l.id, body)
	}
	return Snapshot{ID: id, Hash: chain[0].hash, ContentType: chain[0].ctype, Body: memo[id]}, nil
}

// packedSnapshot is a snapshot ready to store: hashed and compressed
// before the write transaction, so that the lock is held for the write
// alone. id is set when it refers to a row already stored.
type packedSnapshot struct {
	id          int64
	hash        string
	contentType string
	body        []byte // raw, the dictionary of the version text
	packed      []byte
	base        int64 // the page packed is a delta of, 0 for a whole page
	depth       int
}

// basePage is the page a new snapshot of a document may be stored as a
// delta of: that of its latest version.
type basePage struct {
	id    int64
	depth int
	body  []byte
}

// latestPage reads the raw page of the document's latest version; ok is
// false when it has none, or its page cannot serve as a base.
func (s *Store) latestPage(ctx context.Context, docID int64) (basePage, bool, error) {
	var b basePage
	err := s.db.QueryRowContext(ctx, `SELECT p.id, p.depth FROM documents d
		JOIN versions v ON v.id = d.latest_version_id JOIN snapshots p ON p.id = v.snapshot_id
		WHERE d.id = ?`, docID).Scan(&b.id, &b.depth)
	if errors.Is(err, sql.ErrNoRows) {
		return basePage{}, false, nil
	}
	if err != nil {
		return basePage{}, false, fmt.Errorf("latest page of document %d: %w", docID, err)
	}
	if b.depth >= maxDeltaDepth {
		return basePage{}, false, nil
	}
	snap, err := s.Snapshot(ctx, b.id)
	if err != nil {
		return basePage{}, false, err
	}
	b.body = snap.Body
	return b, len(b.body) <= maxDeltaDict, nil
}

// packSnapshot prepares snap for putSnapshot, as a delta of base when
// given. A snapshot with an id and no body refers to a row already stored;
// its body is read for the text.
func (s *Store) packSnapshot(ctx context.Context, snap Snapshot, base *basePage) (packedSnapshot, error) {
	if snap.ID != 0 && snap.Body == nil {
		stored, err := s.Snapshot(ctx, snap.ID)
		if err != nil {
			return packedSnapshot{}, err
		}
		return packedSnapshot{id: stored.ID, hash: stored.Hash, body: stored.Body}, nil
	}
	hash := sha256Hex(snap.Body)
	if snap.Hash != "" && snap.Hash != hash {
		return packedSnapshot{}, fmt.Errorf("snapshot hash %s does not match its body (%s)", snap.Hash, hash)
	}
	p := packedSnapshot{hash: hash, contentType: snap.ContentType, body: snap.Body}
	if base != nil && len(snap.Body) <= maxDeltaDict {
		packed, err := s.codec.deltaSnapshot(snap.Body, base.body)
		if err != nil {
			return packedSnapshot{}, err
		}
		p.packed, p.base, p.depth = packed, base.id, base.depth+1
		return p, nil
	}
	packed, err := s.codec.compressSnapshot(snap.Body)
	if err != nil {
		return packedSnapshot{}, err
	}
	p.packed = packed
	return p, nil
}

// putSnapshot stores the body once per content hash and returns the row id.
func putSnapshot(ctx context.Context, tx *sql.Tx, snap packedSnapshot) (int64, error) {
	if snap.id != 0 {
		return snap.id, nil
	}
	id, _, err := putSnapshotDepth(ctx, tx, snap)
	return id, err
}

// putSnapshotDepth is putSnapshot that also says how many pages the stored
// row is a delta of: that of a row stored earlier with the same body, not
// necessarily snap's.
func putSnapshotDepth(ctx context.Context, tx *sql.Tx, snap packedSnapshot) (id int64, depth int, err error) {
	if snap.id != 0 {
		err := tx.QueryRowContext(ctx, `SELECT depth FROM snapshots WHERE id = ?`, snap.id).Scan(&depth)
		if err != nil {
			return 0, 0, fmt.Errorf("look up snapshot %d: %w", snap.id, err)
		}
		return snap.id, depth, nil
	}
	err = tx.QueryRowContext(ctx, `SELECT id, depth FROM snapshots WHERE hash = ?`, snap.hash).Scan(&id, &depth)
	if err == nil {
		return id, depth, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("look up snapshot: %w", err)
	}
	// Another process may be storing the same body at this moment
	// (PostgreSQL): its row wins and is the one used.
	err = tx.QueryRowContext(ctx,
		`INSERT INTO snapshots (hash, content_type, size, body, base_id, depth) VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (hash) DO NOTHING RETURNING id`,
		snap.hash, snap.contentType, len(snap.body), snap.packed, nullID(snap.base), snap.depth).Scan(&id)
	depth = snap.depth
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `SELECT id, depth FROM snapshots WHERE hash = ?`, snap.hash).Scan(&id, &depth)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("insert snapshot: %w", err)
	}
	return id, depth, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
