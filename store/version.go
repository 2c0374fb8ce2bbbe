package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Version is one distinct extracted text of a document.
type Version struct {
	ID, DocumentID, SnapshotID int64
	Hash, Text                 string // Hash is that of the canonical extracted Text
	Source                     string // "live", "wayback" or "ota" (imported from Open Terms Archive)
	FetchedAt                  time.Time
	CapturedAt                 time.Time // live: = FetchedAt; wayback: the capture time
	URL                        string    // final URL (live) or archive URL (wayback)
	ETag, LastModified         string
	Technical                  bool  // produced by re-extraction: its change raises no alert
	FlapOf                     int64 // an earlier version with the same text, 0 if none
	// Settings identifies the extraction settings the text was made with
	// (the pipeline's hash of selectors, patterns and extractor version);
	// empty when unknown (versions stored before schema version 8).
	Settings string
}

// NewVersion is everything stored with a new version, in one transaction.
type NewVersion struct {
	Version  Version  // ID and SnapshotID are ignored
	Snapshot Snapshot // the raw body, stored once per content hash
	Fetch    *Fetch   // the attempt that found the version; VersionID is set
	Change   *Change  // from the previous version; ToVersion is set
	Capture  *Capture // the Wayback capture it came from; VersionID is set
	Import   *Import  // the imported record it came from; VersionID is set
	Alerts   []Delivery
	// Deliveries builds outbox rows once the version's id is known (alert
	// payloads name it); it runs inside the transaction and must not call
	// the Store, whose only connection that transaction holds.
	Deliveries func(Version) ([]Delivery, error)
	// Follows, when set, is the id of the document's latest version the new
	// text was compared with (0: it had none). If another process stored a
	// version since, AddVersion stores nothing and fails with ErrStale: the
	// text must be compared again, or one change would be stored twice.
	Follows *int64
}

// ErrStale is wrapped when a version no longer follows the document's
// latest version (see NewVersion.Follows).
var ErrStale = errors.New("store: another version was stored meanwhile")

const versionColumns = `id, document_id, snapshot_id, hash, text, source, fetched_at, captured_at,
	url, etag, last_modified, technical, flap_of, text_z, settings`

// scanVersion reads a row; packed is its compressed text, nil for rows
// written before schema version 3 (their text is in Text already).
func scanVersion(r rowScanner) (v Version, packed []byte, err error) {
	err = r.Scan(&v.ID, &v.DocumentID, &v.SnapshotID, &v.Hash, &v.Text, &v.Source,
		timeField{&v.FetchedAt}, timeField{&v.CapturedAt}, &v.URL, &v.ETag, &v.LastModified,
		&v.Technical, idField{&v.FlapOf}, &packed, &v.Settings)
	return v, packed, err
}

// versionRow reads one version with its text.
func (s *Store) versionRow(ctx context.Context, query string, args ...any) (Version, error) {
	v, packed, err := scanVersion(s.db.QueryRowContext(ctx, query, args...))
	if err != nil {
		return Version{}, err
	}
	vs := []Version{v}
	if err := s.fillTexts(ctx, vs, [][]byte{packed}); err != nil {
		return Version{}, err
	}
	return vs[0], nil
}

// AddVersion stores a version with its snapshot and, when given, the fetch,
// change, capture and outbox rows, all in one transaction: after a crash
// either all of it is there or none of it, so a version never lacks its
// change or its alerts.
func (s *Store) AddVersion(ctx context.Context, nv NewVersion) (Version, error) {
	v := nv.Version
	if err := prepareVersion(&v); err != nil {
		return Version{}, fmt.Errorf("store: add version of document %d: %w", v.DocumentID, err)
	}
	// Compression is the costly part: done before the write lock is taken,
	// the page as a delta of the document's previous page.
	base, ok, err := s.latestPage(ctx, v.DocumentID)
	if err != nil {
		return Version{}, fmt.Errorf("store: add version of document %d: %w", v.DocumentID, err)
	}
	var basePtr *basePage
	if ok {
		basePtr = &base
	}
	snap, err := s.packSnapshot(ctx, nv.Snapshot, basePtr)
	if err != nil {
		return Version{}, fmt.Errorf("store: add version of document %d: %w", v.DocumentID, err)
	}
	text, err := s.codec.packText(v.Text, snap.body)
	if err != nil {
		return Version{}, fmt.Errorf("store: add version of document %d: %w", v.DocumentID, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockDocument(ctx, tx, v.DocumentID); err != nil {
			return err
		}
		if err := checkFollows(ctx, tx, v.DocumentID, nv.Follows); err != nil {
			return err
		}
		var err error
		if v.SnapshotID, err = putSnapshot(ctx, tx, snap); err != nil {
			return err
		}
		if v.ID, err = insertVersion(ctx, tx, v, text); err != nil {
			return err
		}
		if err := addVersionRows(ctx, tx, v, nv); err != nil {
			return err
		}
		return summarizeVersions(ctx, tx, v.DocumentID)
	})
	if err != nil {
		return Version{}, fmt.Errorf("store: add version of document %d: %w", v.DocumentID, err)
	}
	return v, nil
}

// checkFollows fails with ErrStale when the document's latest version is
// not the one the new version follows. The document's row is locked.
func checkFollows(ctx context.Context, tx *sql.Tx, docID int64, follows *int64) error {
	if follows == nil {
		return nil
	}
	var latest int64
	err := tx.QueryRowContext(ctx,
		`SELECT id FROM versions WHERE document_id = ? ORDER BY captured_at DESC, id DESC LIMIT 1`, docID).Scan(&latest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("latest version: %w", err)
	}
	if latest != *follows {
		return fmt.Errorf("%w (version %d, not %d)", ErrStale, latest, *follows)
	}
	return nil
}

func prepareVersion(v *Version) error {
	if v.DocumentID == 0 {
		return errors.New("no document id")
	}
	if v.Hash == "" {
		return errors.New("no text hash")
	}
	if v.Source != "live" && v.Source != "wayback" && v.Source != "ota" {
		return fmt.Errorf("source %q is not live, wayback or ota", v.Source)
	}
	if v.FetchedAt.IsZero() {
		return errors.New("no fetch time")
	}
	if v.CapturedAt.IsZero() {
		v.CapturedAt = v.FetchedAt
	}
	v.FetchedAt, v.CapturedAt = v.FetchedAt.UTC(), v.CapturedAt.UTC()
	return nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, v Version, packed []byte) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx,
		`INSERT INTO versions (document_id, snapshot_id, hash, text, source, fetched_at, captured_at,
		 url, etag, last_modified, technical, flap_of, text_z, settings) VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.DocumentID, v.SnapshotID, v.Hash, v.Source, encTime(v.FetchedAt), encTime(v.CapturedAt),
		v.URL, v.ETag, v.LastModified, v.Technical, nullID(v.FlapOf), packed, v.Settings).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert version: %w", err)
	}
	return id, nil
}

// summarizeVersions brings the document's summary of its versions up to
// date (count, latest, the one before, the change between them), for the
// lists that read it instead of the history. It runs once the version's
// change is stored.
func summarizeVersions(ctx context.Context, tx *sql.Tx, docID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM versions WHERE document_id = ?`, docID).Scan(&n); err != nil {
		return fmt.Errorf("summarize versions of document %d: %w", docID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, hash, source, fetched_at, captured_at, url, technical, flap_of
		FROM versions WHERE document_id = ? ORDER BY captured_at DESC, id DESC LIMIT 2`, docID)
	if err != nil {
		return fmt.Errorf("summarize versions of document %d: %w", docID, err)
	}
	var latest Version
	var prev int64
	for i := 0; rows.Next(); i++ {
		var v Version
		var fetched, captured string
		if err := rows.Scan(&v.ID, &v.Hash, &v.Source, &fetched, &captured, &v.URL, &v.Technical, idField{&v.FlapOf}); err != nil {
			rows.Close()
			return fmt.Errorf("summarize versions of document %d: %w", docID, err)
		}
		if i == 0 {
			latest = v
			latest.FetchedAt, _ = decTime(fetched)
			latest.CapturedAt, _ = decTime(captured)
		} else {
			prev = v.ID
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("summarize versions of document %d: %w", docID, err)
	}
	var change string
	if prev != 0 {
		err := tx.QueryRowContext(ctx, `SELECT summary FROM changes WHERE from_version = ? AND to_version = ?`, prev, latest.ID).Scan(&change)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("summarize versions of document %d: %w", docID, err)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE documents SET version_count = ?, latest_version_id = ?, latest_hash = ?,
		latest_source = ?, latest_fetched_at = ?, latest_captured_at = ?, latest_url = ?, latest_technical = ?,
		latest_flap_of = ?, previous_version_id = ?, last_change = ? WHERE id = ?`,
		n, nullID(latest.ID), latest.Hash, latest.Source, encTime(latest.FetchedAt), encTime(latest.CapturedAt),
		latest.URL, latest.Technical, nullID(latest.FlapOf), nullID(prev), change, docID)
	if err != nil {
		return fmt.Errorf("summarize versions of document %d: %w", docID, err)
	}
	return nil
}

// addVersionRows stores what hangs off a new version.
func addVersionRows(ctx context.Context, tx *sql.Tx, v Version, nv NewVersion) error {
	if nv.Fetch != nil {
		f := *nv.Fetch
		f.DocumentID, f.VersionID = v.DocumentID, v.ID
		if f.TextHash == "" {
			f.TextHash = v.Hash
		}
		if _, err := insertFetch(ctx, tx, f); err != nil {
			return err
		}
	}
	if nv.Change != nil {
		c := *nv.Change
		c.DocumentID, c.ToVersion = v.DocumentID, v.ID
		if err := upsertChange(ctx, tx, c); err != nil {
			return err
		}
	}
	if nv.Capture != nil {
		c := *nv.Capture
		c.DocumentID, c.VersionID = v.DocumentID, v.ID
		if err := upsertCapture(ctx, tx, c); err != nil {
			return err
		}
	}
	if nv.Import != nil {
		im := *nv.Import
		im.DocumentID, im.VersionID = v.DocumentID, v.ID
		if err := upsertImport(ctx, tx, im); err != nil {
			return err
		}
	}
	ds := nv.Alerts
	if nv.Deliveries != nil {
		more, err := nv.Deliveries(v)
		if err != nil {
			return fmt.Errorf("build alerts: %w", err)
		}
		ds = append(ds[:len(ds):len(ds)], more...)
	}
	for _, d := range ds {
		if d.DocumentID == 0 {
			d.DocumentID = v.DocumentID
		}
		if err := insertDelivery(ctx, tx, d, v.FetchedAt); err != nil {
			return err
		}
	}
	return nil
}

// LatestVersion is the version with the latest capture time, if any.
func (s *Store) LatestVersion(ctx context.Context, docID int64) (Version, bool, error) {
	v, err := s.versionRow(ctx,
		`SELECT `+versionColumns+` FROM versions WHERE document_id = ?
		 ORDER BY captured_at DESC, id DESC LIMIT 1`, docID)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, false, nil
	}
	if err != nil {
		return Version{}, false, fmt.Errorf("store: latest version of document %d: %w", docID, err)
	}
	return v, true, nil
}

// Versions is a document's history in capture order (ties by id), texts
// included: histories are small.
func (s *Store) Versions(ctx context.Context, docID int64) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+versionColumns+` FROM versions WHERE document_id = ? ORDER BY captured_at, id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Version
	var packed [][]byte
	for rows.Next() {
		v, p, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
		}
		out = append(out, v)
		packed = append(packed, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
	}
	rows.Close()
	if err := s.fillTexts(ctx, out, packed); err != nil {
		return nil, fmt.Errorf("store: versions of document %d: %w", docID, err)
	}
	return out, nil
}

// Version is one version by id; the error wraps ErrNotFound when absent.
func (s *Store) Version(ctx context.Context, id int64) (Version, error) {
	v, err := s.versionRow(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, fmt.Errorf("store: version %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Version{}, fmt.Errorf("store: version %d: %w", id, err)
	}
	return v, nil
}

// VersionByHash is the most recent version of the document whose text has
// this hash: a new text equal to an old one is a flap, not news.
func (s *Store) VersionByHash(ctx context.Context, docID int64, hash string) (Version, bool, error) {
	v, err := s.versionRow(ctx,
		`SELECT `+versionColumns+` FROM versions WHERE document_id = ? AND hash = ?
		 ORDER BY captured_at DESC, id DESC LIMIT 1`, docID, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, false, nil
	}
	if err != nil {
		return Version{}, false, fmt.Errorf("store: version of document %d with hash %s: %w", docID, hash, err)
	}
	return v, true, nil
}

// LatestHash is the id and text hash of the document's latest version,
// enough to tell an unchanged text without reading the text itself.
func (s *Store) LatestHash(ctx context.Context, docID int64) (id int64, hash string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx,
		`SELECT id, hash FROM versions WHERE document_id = ? ORDER BY captured_at DESC, id DESC LIMIT 1`, docID).
		Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, fmt.Errorf("store: latest version of document %d: %w", docID, err)
	}
	return id, hash, true, nil
}

// SetVersionSettings records that a version's text is also what the
// extraction settings named by settings make of its stored page: a crawl
// after a configuration change found the same text, so there is no
// technical version to store.
func (s *Store) SetVersionSettings(ctx context.Context, id int64, settings string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE versions SET settings = ? WHERE id = ?`, settings, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: settings of version %d: %w", id, err)
	}
	return nil
}

// ReplaceText gives a version the text its stored page yields with other
// extraction settings (tracker reextract rebuilding a timeline). The
// changes from and to it, computed from its old text, are dropped, to be
// computed again when next read. The page, the fetches and the alerts of
// the version stay as they are.
func (s *Store) ReplaceText(ctx context.Context, id int64, text, hash, settings string) error {
	var snapID int64
	if err := s.db.QueryRowContext(ctx, `SELECT snapshot_id FROM versions WHERE id = ?`, id).Scan(&snapID); err != nil {
		return fmt.Errorf("store: replace text of version %d: %w", id, err)
	}
	snap, err := s.Snapshot(ctx, snapID)
	if err != nil {
		return fmt.Errorf("store: replace text of version %d: %w", id, err)
	}
	packed, err := s.codec.packText(text, snap.Body)
	if err != nil {
		return fmt.Errorf("store: replace text of version %d: %w", id, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET text = '', text_z = ?, hash = ?, settings = ? WHERE id = ?`,
			packed, hash, settings, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM changes WHERE from_version = ? OR to_version = ?`, id, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: replace text of version %d: %w", id, err)
	}
	return nil
}
