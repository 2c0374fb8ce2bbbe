package store

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// text order is time order (RFC3339Nano drops trailing zeros and would sort
// "…05Z" after "…05.5Z").
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encTime stores t in UTC; the zero time is stored as "" (meaning "none").
func encTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func decTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// nullID stores a missing reference (id 0) as NULL so foreign keys accept it.
func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

// timeField scans a stored time into dst, for use with rowScanner.
type timeField struct{ dst *time.Time }

func (f timeField) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("stored time: unexpected %T", src)
	}
	t, err := decTime(s)
	if err != nil {
		return err
	}
	*f.dst = t
	return nil
}

// idField scans a nullable reference into dst, NULL becoming 0.
type idField struct{ dst *int64 }

func (f idField) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*f.dst = n.Int64
	return nil
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}
