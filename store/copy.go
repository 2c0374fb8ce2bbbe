package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrDifferentHistory is wrapped by Copy when the target database already
// holds a history that is not the source's.
var ErrDifferentHistory = errors.New("store: the target database holds a different history")

// copyTables are the tables of a history, in an order that inserts every
// row after those it refers to, with the key they are read in. Their
// columns are read from the database (sorted by name, so that both
// databases agree whatever order migrations added them in). The documents'
// references to their last fetch and latest version are set once those
// are in (copyLinks). A table missing here makes Copy refuse to run rather
// than leave it behind.
var copyTables = []struct{ name, key string }{
	{"vendors", "id"},
	{"documents", "id"},
	{"snapshots", "id"},
	{"versions", "id"},
	{"fetches", "id"},
	{"changes", "id"},
	{"deliveries", "id"},
	{"disabled_endpoints", "endpoint"},
	{"captures", "document_id, timestamp, digest"},
	{"imports", "document_id, source, ref"},
}

// linkColumns of documents point at rows copied after them.
var linkColumns = map[string]bool{"last_fetch_id": true, "latest_version_id": true, "latest_flap_of": true, "previous_version_id": true}

// tableColumns are a table's columns, sorted, without the documents' links.
func (s *Store) tableColumns(ctx context.Context, table string) ([]string, error) {
	cols, err := s.dialect.columns(ctx, s.db, table)
	if err != nil {
		return nil, fmt.Errorf("store: columns of %s in %s: %w", table, s.name, err)
	}
	out := cols[:0]
	for _, c := range cols {
		if !(table == "documents" && linkColumns[c]) {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out, nil
}

// checkTables refuses a database with a table Copy does not know.
func (s *Store) checkTables(ctx context.Context) error {
	tables, err := s.dialect.tables(ctx, s.db)
	if err != nil {
		return fmt.Errorf("store: tables of %s: %w", s.name, err)
	}
	known := map[string]bool{}
	for _, t := range copyTables {
		known[t.name] = true
	}
	for _, t := range tables {
		if !known[t] {
			return fmt.Errorf("store: %s has a table %s that this tracker cannot copy; use the tracker binary that made it", s.name, t)
		}
	}
	return nil
}

// boolColumns are stored as 0/1 by SQLite and as booleans by PostgreSQL.
var boolColumns = map[string]bool{"material": true, "technical": true, "latest_technical": true}

// TableCheck is one table's row count and the SHA-256 of its rows, read in
// key order, each value in a form that does not depend on the database.
type TableCheck struct {
	Table string
	Rows  int64
	Hash  string
}

// Fingerprint reads every table of the history and returns its checks.
func (s *Store) Fingerprint(ctx context.Context) ([]TableCheck, error) {
	out := make([]TableCheck, 0, len(copyTables))
	for _, t := range copyTables {
		cols, err := s.tableColumns(ctx, t.name)
		if err != nil {
			return nil, err
		}
		if t.name == "documents" {
			cols = append(cols, "last_fetch_id", "latest_version_id", "latest_flap_of", "previous_version_id")
		}
		c, err := s.tableCheck(ctx, t.name, t.key, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Store) tableCheck(ctx context.Context, table, key string, columns []string) (TableCheck, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+strings.Join(columns, ", ")+` FROM `+table+` ORDER BY `+key)
	if err != nil {
		return TableCheck{}, fmt.Errorf("store: read %s of %s: %w", table, s.name, err)
	}
	defer rows.Close()
	h := sha256.New()
	vals := make([]any, len(columns))
	ptrs := make([]any, len(columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableCheck{}, fmt.Errorf("store: read %s of %s: %w", table, s.name, err)
		}
		for i, v := range vals {
			canonical(h, columns[i], v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return TableCheck{}, fmt.Errorf("store: read %s of %s: %w", table, s.name, err)
	}
	return TableCheck{Table: table, Rows: n, Hash: hex.EncodeToString(h.Sum(nil))}, nil
}

// canonical writes a value so that SQLite's and PostgreSQL's forms of it
// hash the same: a type byte, a length and the bytes.
func canonical(h interface{ Write([]byte) (int, error) }, column string, v any) {
	var kind byte
	var b []byte
	switch x := v.(type) {
	case nil:
		kind = 'n'
	case bool:
		kind, b = 'i', binary.BigEndian.AppendUint64(nil, map[bool]uint64{false: 0, true: 1}[x])
	case int64:
		kind, b = 'i', binary.BigEndian.AppendUint64(nil, uint64(x))
	case int32:
		kind, b = 'i', binary.BigEndian.AppendUint64(nil, uint64(int64(x)))
	case string:
		kind, b = 's', []byte(x)
	case []byte:
		kind, b = 's', x
	default:
		kind, b = 's', []byte(fmt.Sprint(x))
	}
	if boolColumns[column] && kind == 'i' && len(b) == 8 && binary.BigEndian.Uint64(b) != 0 {
		b = binary.BigEndian.AppendUint64(nil, 1)
	}
	h.Write([]byte{kind})
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(b))))
	h.Write(b)
}

// CopyTo copies the whole history into dst, in one transaction on dst, and
// checks that both hold the same rows afterwards (counts and hashes of
// every table). A dst that already holds this very history is left as it
// is; one holding only vendors and documents (a configuration synced, no
// history) is replaced; any other is refused with ErrDifferentHistory.
func (s *Store) CopyTo(ctx context.Context, dst *Store, progress func(table string, rows int64)) ([]TableCheck, error) {
	if err := s.checkTables(ctx); err != nil {
		return nil, err
	}
	want, err := s.Fingerprint(ctx)
	if err != nil {
		return nil, err
	}
	have, err := dst.Fingerprint(ctx)
	if err != nil {
		return nil, err
	}
	if sameChecks(want, have) {
		return have, nil
	}
	for _, c := range have {
		if c.Rows > 0 && c.Table != "vendors" && c.Table != "documents" {
			return nil, fmt.Errorf("%w: it has %d %s rows (this history has %d); copy into an empty database", ErrDifferentHistory, c.Rows, c.Table, rowsOf(want, c.Table))
		}
	}
	err = dst.write(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"documents", "vendors"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
		names := make([]string, len(copyTables))
		for i, t := range copyTables {
			names[i] = t.name
		}
		rebuild, err := dst.dialect.setIndexesAside(ctx, tx, names)
		if err != nil {
			return err
		}
		for _, t := range copyTables {
			cols, err := s.tableColumns(ctx, t.name)
			if err != nil {
				return err
			}
			if err := s.copyTable(ctx, tx, dst.dialect, t.name, t.key, cols, progress); err != nil {
				return err
			}
		}
		if err := s.copyLinks(ctx, tx); err != nil {
			return err
		}
		if err := rebuild(); err != nil {
			return err
		}
		return dst.dialect.resetIDs(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("store: copy %s into %s: %w", s.name, dst.name, err)
	}
	got, err := dst.Fingerprint(ctx)
	if err != nil {
		return nil, err
	}
	if !sameChecks(want, got) {
		return got, fmt.Errorf("store: copy %s into %s: the copy differs from the source after writing: %s", s.name, dst.name, diffChecks(want, got))
	}
	return got, nil
}

// copyBatch rows go in one INSERT: far fewer round trips than one a row.
const copyBatch = 200

func (s *Store) copyTable(ctx context.Context, tx *sql.Tx, d dialect, table, key string, columns []string, progress func(string, int64)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+strings.Join(columns, ", ")+` FROM `+table+` ORDER BY `+key)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	var args []any
	var n, pending int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", int(pending)), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
		args, pending = args[:0], 0
		if progress != nil {
			progress(table, n)
		}
		return nil
	}
	vals := make([]any, len(columns))
	ptrs := make([]any, len(columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		for i, v := range vals {
			args = append(args, d.value(columns[i], v))
		}
		n++
		pending++
		if pending == copyBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return flush()
}

// copyLinks sets the documents' last fetch and latest version.
func (s *Store) copyLinks(ctx context.Context, tx *sql.Tx) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, last_fetch_id, latest_version_id, latest_flap_of, previous_version_id FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f, v, flap, prev sql.NullInt64
		if err := rows.Scan(&id, &f, &v, &flap, &prev); err != nil {
			return fmt.Errorf("read documents: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET last_fetch_id = ?, latest_version_id = ?, latest_flap_of = ?,
			previous_version_id = ? WHERE id = ?`, f, v, flap, prev, id); err != nil {
			return fmt.Errorf("link document %d: %w", id, err)
		}
	}
	return rows.Err()
}

func sameChecks(a, b []TableCheck) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func diffChecks(want, got []TableCheck) string {
	var out []string
	for i := range want {
		if i < len(got) && want[i] != got[i] {
			out = append(out, fmt.Sprintf("%s: %d rows %.12s, copy %d rows %.12s", want[i].Table, want[i].Rows, want[i].Hash, got[i].Rows, got[i].Hash))
		}
	}
	return strings.Join(out, "; ")
}

func rowsOf(cs []TableCheck, table string) int64 {
	for _, c := range cs {
		if c.Table == table {
			return c.Rows
		}
	}
	return 0
}
