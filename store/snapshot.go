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
	var snap Snapshot
	var packed []byte
	err := s.db.QueryRowContext(ctx,
		`SELECT id, hash, content_type, body FROM snapshots WHERE id = ?`, id).
		Scan(&snap.ID, &snap.Hash, &snap.ContentType, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, err)
	}
	snap.Body, err = decompressSnapshot(packed)
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: %w", id, err)
	}
	if got := sha256Hex(snap.Body); got != snap.Hash {
		return Snapshot{}, fmt.Errorf("store: snapshot %d: body hash %s does not match the stored %s", id, got, snap.Hash)
	}
	return snap, nil
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
}

// packSnapshot prepares snap for putSnapshot. A snapshot with an id and no
// body refers to a row already stored; its body is read for the text.
func (s *Store) packSnapshot(ctx context.Context, snap Snapshot) (packedSnapshot, error) {
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
	packed, err := s.codec.compressSnapshot(snap.Body)
	if err != nil {
		return packedSnapshot{}, err
	}
	return packedSnapshot{hash: hash, contentType: snap.ContentType, body: snap.Body, packed: packed}, nil
}

// putSnapshot stores the body once per content hash and returns the row id.
func putSnapshot(ctx context.Context, tx *sql.Tx, snap packedSnapshot) (int64, error) {
	if snap.id != 0 {
		return snap.id, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM snapshots WHERE hash = ?`, snap.hash).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("look up snapshot: %w", err)
	}
	// Another process may be storing the same body at this moment
	// (PostgreSQL): its row wins and is the one used.
	err = tx.QueryRowContext(ctx,
		`INSERT INTO snapshots (hash, content_type, size, body) VALUES (?, ?, ?, ?)
		 ON CONFLICT (hash) DO NOTHING RETURNING id`,
		snap.hash, snap.contentType, len(snap.body), snap.packed).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `SELECT id FROM snapshots WHERE hash = ?`, snap.hash).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("insert snapshot: %w", err)
	}
	return id, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
