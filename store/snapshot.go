package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/gzip"
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
	snap.Body, err = gunzip(packed)
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
	packed, err := gzipBytes(snap.Body)
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
	res, err := tx.ExecContext(ctx,
		`INSERT INTO snapshots (hash, content_type, size, body) VALUES (?, ?, ?, ?)`,
		snap.hash, snap.contentType, len(snap.body), snap.packed)
	if err != nil {
		return 0, fmt.Errorf("insert snapshot: %w", err)
	}
	return res.LastInsertId()
}

// gzipWriters reuses compressors: each one allocates several hundred KB,
// and a crawl compresses every new page. The writer is klauspost's: the same
// gzip format as the standard library's at the same level, in about a third
// of the time on policy pages (bench/README.md), for 2% more bytes. The
// default level: faster ones cost 5-15% more space, which SQLite's overflow
// pages round up further.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression) // the level is valid
	return zw
}}

func gzipBytes(b []byte) ([]byte, error) {
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	// A third of the page is what policy pages compress to; one allocation.
	buf := bytes.NewBuffer(make([]byte, 0, len(b)/3+64))
	zw.Reset(buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
