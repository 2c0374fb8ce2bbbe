package store

import (
	"context"
	"fmt"
)

// fillTexts decompresses the texts of versions read packed, loading each
// snapshot once. It runs after the rows are closed: the store has a single
// connection.
func (s *Store) fillTexts(ctx context.Context, vs []Version, packed [][]byte) error {
	// One memo for all: the pages of a document are deltas of one another,
	// each decoded once.
	bodies := map[int64][]byte{}
	for i := range vs {
		if packed[i] == nil {
			continue
		}
		body, ok := bodies[vs[i].SnapshotID]
		if !ok {
			snap, err := s.snapshot(ctx, vs[i].SnapshotID, bodies)
			if err != nil {
				return fmt.Errorf("text of version %d: %w", vs[i].ID, err)
			}
			body = snap.Body
		}
		text, err := s.codec.unpackText(packed[i], body)
		if err != nil {
			return fmt.Errorf("text of version %d: %w", vs[i].ID, err)
		}
		vs[i].Text = text
	}
	return nil
}
