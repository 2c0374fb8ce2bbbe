package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecentFilter chooses which changes RecentChanges lists. Its zero value
// lists every change.
type RecentFilter struct {
	// Severities are the maximum severities accepted (a floor is given as
	// the severities at or above it); empty accepts all.
	Severities []string
	// Category is a category the change must carry; "" for any.
	Category string
	// Vendor is the vendor id of the changed document; "" for any.
	Vendor string
	// Since drops changes captured before it; zero for none.
	Since time.Time
	// NoTechnical drops tracker's re-extractions (technical versions),
	// which are never the vendor's edit: asked for with a severity.
	NoTechnical bool
}

// ChangeCursor is where a page of RecentChanges ends: the next page lists
// the changes after it.
type ChangeCursor struct {
	Material   bool
	CapturedAt time.Time
	VersionID  int64 // the version the change leads to
}

// RecentChange is one change of RecentChanges: a version and the change
// from the version just before it, without texts or the whole report.
type RecentChange struct {
	ChangeID       int64
	VendorID, Type string
	FromVersion    int64
	Version        Version // the version the change leads to, without its text
	MaxSeverity    string
	Material       bool   // the vendor's material change: never a technical one
	Summary        []byte // the change's summary, JSON
}

// Cursor is the position of c in RecentChanges' order.
func (c RecentChange) Cursor() ChangeCursor {
	return ChangeCursor{Material: c.Material, CapturedAt: c.Version.CapturedAt, VersionID: c.Version.ID}
}

// recentWindow is how many versions one part of RecentChanges looks at,
// at most, for one call: a filter that few changes pass ends a page short
// (with the cursor to go on from) instead of walking the whole history.
const recentWindow = 1000

// RecentChanges lists the changes of every document, each version's
// change from the version just before it (diffs cached between versions
// further apart are left out): material changes first, then the others,
// each newest first (capture time, then version id). It lists at most limit
// changes after the cursor (nil: from the start) and returns the cursor the
// next page starts from, nil when nothing follows. Each part walks the
// versions by capture time (index versions_by_capture, or a vendor's
// timelines) and looks at no more than recentWindow of them a call, so
// that a call costs the same over years of history whatever the filter: a
// page may then hold fewer than limit changes, and its cursor go on from
// the last version looked at.
func (s *Store) RecentChanges(ctx context.Context, f RecentFilter, after *ChangeCursor, limit int) ([]RecentChange, *ChangeCursor, error) {
	if limit <= 0 {
		return nil, nil, fmt.Errorf("store: recent changes: limit %d: give a positive limit", limit)
	}
	var out []RecentChange
	for _, material := range []bool{true, false} {
		var from *ChangeCursor
		switch {
		case after == nil:
		case after.Material && !material:
			// The material part is over: the others from their start.
		case after.Material != material:
			continue // past this part already
		default:
			from = after
		}
		part, end, err := s.recentChanges(ctx, f, material, from, limit+1-len(out), false)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, part...)
		if len(out) > limit {
			next := out[limit-1].Cursor()
			return out[:limit], &next, nil
		}
		if end != nil {
			return out, end, nil // the window ended before the part did
		}
	}
	return out, nil, nil
}

// RecentChangesBefore is the page of RecentChanges that ends just before
// the cursor: at most limit changes, in the list's order, and the cursor
// to ask for the page before them (nil when they reach the start of the
// list). It walks back as RecentChanges walks on, a window at a time, so
// a page may hold fewer than limit changes.
func (s *Store) RecentChangesBefore(ctx context.Context, f RecentFilter, before ChangeCursor, limit int) ([]RecentChange, *ChangeCursor, error) {
	if limit <= 0 {
		return nil, nil, fmt.Errorf("store: recent changes: limit %d: give a positive limit", limit)
	}
	var out []RecentChange // the list's order reversed while it grows
	done := func(prev *ChangeCursor) ([]RecentChange, *ChangeCursor, error) {
		slices.Reverse(out)
		return out, prev, nil
	}
	// Up the list: the others (when the cursor is among them), then the
	// material changes.
	for _, material := range []bool{false, true} {
		from := &before
		switch {
		case before.Material && !material:
			continue // the others all come after the cursor
		case !before.Material && material:
			from = nil // every material change comes before it
		}
		part, end, err := s.recentChanges(ctx, f, material, from, limit+1-len(out), true)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, part...)
		if len(out) > limit {
			out = out[:limit]
			prev := out[limit-1].Cursor()
			return done(&prev)
		}
		if end != nil {
			return done(end)
		}
	}
	return done(nil)
}

// recentChanges is one part of RecentChanges: the material changes or the
// others, newest first, after the cursor, among the next window of
// versions; back (oldest first, before the cursor in the list: newer than
// it) for RecentChangesBefore. end is the last version of a full window
// (the part may go on after it), nil when the part has no version after
// the window.
func (s *Store) recentChanges(ctx context.Context, f RecentFilter, material bool, after *ChangeCursor, limit int, back bool) (out []RecentChange, end *ChangeCursor, err error) {
	// On in the list is back in time; back in the list, on in time.
	past, upTo, order := "<", ">=", "DESC"
	if back {
		past, upTo, order = ">", "<=", "ASC"
	}
	// The window: the versions after the cursor, newest first, that the
	// filters on versions and documents let through. Each bound on the
	// capture time is given once: SQLite walks an index between one lower
	// and one upper bound, and given two lower ones may pick the loose one
	// and walk the whole history from there.
	type term struct {
		sql  string
		args []any
	}
	var terms []term
	since := f.Since
	if after != nil {
		terms = append(terms, term{`(w.captured_at, w.id) ` + past + ` (?, ?)`, []any{encTime(after.CapturedAt), after.VersionID}})
		if back && !since.IsZero() && !after.CapturedAt.Before(since) {
			since = time.Time{} // back, the cursor is the lower bound, and the tighter
		}
	}
	sinceTerm := -1
	if !since.IsZero() {
		sinceTerm = len(terms)
		terms = append(terms, term{`w.captured_at >= ?`, []any{encTime(since)}})
	}
	if f.Vendor != "" {
		terms = append(terms, term{`w.document_id IN (SELECT id FROM documents WHERE vendor_id = ?)`, []any{f.Vendor}})
	}
	if f.NoTechnical {
		terms = append(terms, term{`w.technical = ?`, []any{false}})
	}
	window := func() (string, []any) {
		var b strings.Builder
		var args []any
		for _, t := range terms {
			b.WriteString(" AND " + t.sql)
			args = append(args, t.args...)
		}
		return b.String(), args
	}
	// The window's last version, when there are that many: the walk
	// below stops there.
	w := s.window()
	var endID int64
	var endAt string
	bound, boundArgs := window()
	err = s.db.QueryRowContext(ctx, `SELECT w.captured_at, w.id FROM versions w WHERE 1 = 1`+bound+`
		ORDER BY w.captured_at `+order+`, w.id `+order+` LIMIT 1 OFFSET ?`, append(boundArgs, w-1)...).Scan(&endAt, &endID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, nil, fmt.Errorf("store: recent changes: end of window: %w", err)
	default:
		end = &ChangeCursor{Material: material, VersionID: endID}
		if end.CapturedAt, err = decTime(endAt); err != nil {
			return nil, nil, fmt.Errorf("store: recent changes: end of window: %w", err)
		}
		endTerm := term{`(w.captured_at, w.id) ` + upTo + ` (?, ?)`, []any{endAt, endID}}
		if !back && sinceTerm >= 0 {
			terms[sinceTerm] = endTerm // on, all above the window's end meets since
		} else {
			terms = append(terms, endTerm)
		}
	}
	// A re-extraction is never the vendor's material change.
	tier, tierArgs := `c.material = ? AND w.technical = ?`, []any{true, false}
	if !material {
		tier, tierArgs = `(c.material = ? OR w.technical = ?)`, []any{false, true}
	}
	win, windowArgs := window()
	args := tierArgs
	var where strings.Builder
	add := func(cond string, a ...any) {
		where.WriteString(" AND " + cond)
		args = append(args, a...)
	}
	if len(f.Severities) > 0 {
		in := strings.TrimSuffix(strings.Repeat("?, ", len(f.Severities)), ", ")
		a := make([]any, len(f.Severities))
		for i, sev := range f.Severities {
			a[i] = sev
		}
		add(`c.max_severity IN (`+in+`)`, a...)
	}
	if f.Category != "" {
		// The summary's only strings are its severity, its categories, its
		// language code and a note; a category is one of them, quoted.
		add(`c.summary LIKE ? ESCAPE '\'`, `%"`+likeEscaper.Replace(f.Category)+`"%`)
	}
	args = append(args, limit)
	// PostgreSQL reads the window as a walk of the capture index in the
	// list's order (a subquery with its own ORDER BY and LIMIT), which the
	// joins keep, so that the page's LIMIT stops the walk: given the window
	// as conditions only, it read all of it, joined every version and
	// sorted the lot (108 ms for a first page of 51 changes, against 11).
	meta := strings.ReplaceAll(versionMetaColumns, "v.", "w.")
	from := `versions w`
	cond := `1 = 1` + win
	if s.dialect.windowFirst() {
		from = `(SELECT ` + meta + ` FROM versions w WHERE 1 = 1` + win + `
			ORDER BY w.captured_at ` + order + `, w.id ` + order + ` LIMIT ?) w`
		cond = `1 = 1`
		windowArgs = append(windowArgs, s.window())
	}
	args = append(append([]any{}, windowArgs...), args...)
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, d.vendor_id, d.type, c.from_version, c.max_severity, c.material, c.summary, `+
		meta+`
		FROM `+from+`
		JOIN changes c ON c.to_version = w.id
		JOIN documents d ON d.id = w.document_id
		WHERE `+cond+` AND `+tier+`
		AND c.from_version = (SELECT p.id FROM versions p WHERE p.document_id = w.document_id
			AND (p.captured_at, p.id) < (w.captured_at, w.id)
			ORDER BY p.captured_at DESC, p.id DESC LIMIT 1)`+where.String()+`
		ORDER BY w.captured_at `+order+`, w.id `+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: recent changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c RecentChange
		var summary string
		dst := append([]any{&c.ChangeID, &c.VendorID, &c.Type, &c.FromVersion, &c.MaxSeverity, &c.Material, &summary},
			scanVersionMeta(&c.Version)...)
		if err := rows.Scan(dst...); err != nil {
			return nil, nil, fmt.Errorf("store: recent changes: %w", err)
		}
		c.Material = c.Material && !c.Version.Technical
		if summary != "" {
			c.Summary = []byte(summary)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: recent changes: %w", err)
	}
	if len(out) == limit {
		return out, nil, nil // the caller has what it asked for
	}
	return out, end, nil
}

// window is how many versions a part of RecentChanges looks at a call.
func (s *Store) window() int {
	if s.recentWindow > 0 {
		return s.recentWindow
	}
	return recentWindow
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
