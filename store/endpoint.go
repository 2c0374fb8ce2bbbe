package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DisabledEndpoint is an endpoint its receiver switched off (a webhook
// answering 410 Gone): nothing is sent to Target until the configuration
// names another target or an operator queues its alerts again.
type DisabledEndpoint struct {
	Endpoint   string
	Target     string
	DisabledAt time.Time
	Reason     string
}

// DisableEndpoint records that an endpoint asked not to be sent anything
// more; a later call replaces the record.
func (s *Store) DisableEndpoint(ctx context.Context, e DisabledEndpoint) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO disabled_endpoints (endpoint, target, disabled_at, reason)
			VALUES (?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET target = excluded.target,
			disabled_at = excluded.disabled_at, reason = excluded.reason`,
			e.Endpoint, e.Target, encTime(e.DisabledAt), e.Reason)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: disable endpoint %s: %w", e.Endpoint, err)
	}
	return nil
}

// EnableEndpoint forgets that an endpoint was disabled.
func (s *Store) EnableEndpoint(ctx context.Context, endpoint string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM disabled_endpoints WHERE endpoint = ?`, endpoint)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: enable endpoint %s: %w", endpoint, err)
	}
	return nil
}

// DisabledEndpoints lists the endpoints switched off, by name.
func (s *Store) DisabledEndpoints(ctx context.Context) ([]DisabledEndpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT endpoint, target, disabled_at, reason FROM disabled_endpoints ORDER BY endpoint`)
	if err != nil {
		return nil, fmt.Errorf("store: disabled endpoints: %w", err)
	}
	defer rows.Close()
	var out []DisabledEndpoint
	for rows.Next() {
		var e DisabledEndpoint
		if err := rows.Scan(&e.Endpoint, &e.Target, timeField{&e.DisabledAt}, &e.Reason); err != nil {
			return nil, fmt.Errorf("store: disabled endpoints: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: disabled endpoints: %w", err)
	}
	return out, nil
}
