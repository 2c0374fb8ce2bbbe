package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"
)

// The database is what coordinates processes sharing it: each document is
// crawled under a lease (owner and expiry) held in its row, so that two
// processes, on one machine or several, never crawl it at once; a process
// that dies keeps its leases only until they expire. Outbox rows are
// claimed the same way before they are sent.

// NewOwner names a process in leases, claims and fetch rows: host, pid and
// a random suffix (a pid is reused after a restart; the suffix is not).
func NewOwner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + hex.EncodeToString(b)
}

// AcquireLease gives owner the document's lease until `until` when it is
// free, expired at now or owner's already, and says whether it did.
func (s *Store) AcquireLease(ctx context.Context, docID int64, owner string, now, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx,
		`UPDATE documents SET lease_owner = ?, lease_until = ?
		 WHERE id = ? AND (lease_owner = '' OR lease_owner = ? OR lease_until <= ?)`,
		owner, encTime(until), docID, owner, encTime(now))
	if err != nil {
		return false, fmt.Errorf("store: lease document %d: %w", docID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: lease document %d: %w", docID, err)
	}
	return n == 1, nil
}

// RenewLeases moves the expiry of every lease owner holds, and of its
// claims on outbox rows it is still sending, to until, and returns how many
// documents it holds.
//
// Rows are locked in id order, as every statement or transaction that
// locks several documents does (SetDue, BreakLeases): two of them never
// wait for each other's rows, which PostgreSQL would end by aborting one.
func (s *Store) RenewLeases(ctx context.Context, owner string, until time.Time) (int, error) {
	if _, err := s.db.ExecContext(ctx,
		`UPDATE deliveries SET claimed_until = ? WHERE id IN (SELECT id FROM deliveries
		 WHERE claimed_by = ? AND status = 'pending' AND claimed_until != '' ORDER BY id`+s.dialect.forUpdate()+`)`,
		encTime(until), owner); err != nil {
		return 0, fmt.Errorf("store: renew claims of %s: %w", owner, err)
	}
	res, err := s.db.ExecContext(ctx,
		`UPDATE documents SET lease_until = ? WHERE id IN (SELECT id FROM documents
		 WHERE lease_owner = ? ORDER BY id`+s.dialect.forUpdate()+`)`, encTime(until), owner)
	if err != nil {
		return 0, fmt.Errorf("store: renew leases of %s: %w", owner, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: renew leases of %s: %w", owner, err)
	}
	return int(n), nil
}

// ReleaseLease gives back owner's lease of the document, if it holds it.
func (s *Store) ReleaseLease(ctx context.Context, docID int64, owner string) error {
	if _, err := s.db.ExecContext(ctx,
		`UPDATE documents SET lease_owner = '', lease_until = '' WHERE id = ? AND lease_owner = ?`,
		docID, owner); err != nil {
		return fmt.Errorf("store: release lease of document %d: %w", docID, err)
	}
	return nil
}

// Schedule is a document's crawl state after an attempt.
type Schedule struct {
	DueAt         time.Time // the next scheduled crawl
	FailCount     int       // failures in a row
	NextAttemptAt time.Time // back-off: not before then; zero: none
}

// Reschedule records the document's next crawl and back-off after an
// attempt and gives back owner's lease. A lease lost meanwhile (it expired
// and another process took the document) leaves the row to its new holder.
func (s *Store) Reschedule(ctx context.Context, docID int64, owner string, sc Schedule) error {
	if _, err := s.db.ExecContext(ctx,
		`UPDATE documents SET due_at = ?, fail_count = ?, next_attempt_at = ?, lease_owner = '', lease_until = ''
		 WHERE id = ? AND (lease_owner = ? OR lease_owner = '')`,
		encTime(sc.DueAt), sc.FailCount, encTime(sc.NextAttemptAt), docID, owner); err != nil {
		return fmt.Errorf("store: reschedule document %d: %w", docID, err)
	}
	return nil
}

// SetDue records the next crawl of many documents at once (a daemon's
// start or reload), in one transaction, in id order (see RenewLeases).
func (s *Store) SetDue(ctx context.Context, due map[int64]time.Time) error {
	ids := make([]int64, 0, len(due))
	for id := range due {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET due_at = ? WHERE id = ?`, encTime(due[id]), id); err != nil {
				return fmt.Errorf("document %d: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: schedule documents: %w", err)
	}
	return nil
}

// claimable selects the documents free to claim at ?1: not leased (or
// their lease expired) and not backing off.
const claimable = `next_attempt_at <= ?1 AND (lease_owner = '' OR lease_until <= ?1)`

// ClaimDue leases to owner, until `until`, at most limit documents due at
// now and free, earliest first, and says when to ask again: now when it
// claimed some (more may be due), else when the next free document falls
// due (zero when none is scheduled), so that a daemon wakes up for it
// instead of finding it at its next poll. Processes claiming at once get
// different documents: PostgreSQL skips the rows another transaction is
// claiming, SQLite runs one write transaction at a time. A daemon with
// nothing due pays one read of one index entry.
func (s *Store) ClaimDue(ctx context.Context, owner string, now, until time.Time, limit int) ([]Document, time.Time, error) {
	if limit <= 0 {
		return nil, time.Time{}, nil
	}
	var first string
	err := s.db.QueryRowContext(ctx,
		`SELECT due_at FROM documents WHERE `+claimable+` ORDER BY due_at LIMIT 1`, encTime(now)).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: due documents: %w", err)
	}
	if next, err := decTime(first); err != nil || next.After(now) {
		return nil, next, err
	}
	rows, err := s.db.QueryContext(ctx,
		`UPDATE documents SET lease_owner = ?2, lease_until = ?3
		 WHERE id IN (SELECT id FROM documents WHERE due_at <= ?1 AND `+claimable+`
		              ORDER BY due_at, id LIMIT ?4`+s.dialect.skipLocked()+`)
		 RETURNING `+documentColumns, encTime(now), owner, encTime(until), limit)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: claim due documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("store: claim due documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, fmt.Errorf("store: claim due documents: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].DueAt.Equal(out[j].DueAt) {
			return out[i].DueAt.Before(out[j].DueAt)
		}
		return out[i].ID < out[j].ID
	})
	// Due documents another process claimed first: ask again at once, for
	// those after them.
	return out, now, nil
}

// LeaseOwners lists the processes holding leases now.
func (s *Store) LeaseOwners(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT lease_owner FROM documents WHERE lease_owner != '' ORDER BY lease_owner`)
	if err != nil {
		return nil, fmt.Errorf("store: lease owners: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, fmt.Errorf("store: lease owners: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: lease owners: %w", err)
	}
	return out, nil
}

// BreakLeases frees every lease of an owner known to be dead, without
// waiting for them to expire, and returns how many it freed.
func (s *Store) BreakLeases(ctx context.Context, owner string) (int, error) {
	res, err := s.db.ExecContext(ctx,
		`UPDATE documents SET lease_owner = '', lease_until = '' WHERE id IN (SELECT id FROM documents
		 WHERE lease_owner = ? ORDER BY id`+s.dialect.forUpdate()+`)`, owner)
	if err != nil {
		return 0, fmt.Errorf("store: break leases of %s: %w", owner, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: break leases of %s: %w", owner, err)
	}
	return int(n), nil
}
