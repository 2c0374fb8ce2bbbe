package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Step is one entry of a history given to AddHistory: a new version with
// what is stored with it, or an attempt that stored none. Exactly one of
// the two is set. A version's change whose FromVersion is 0 is from the
// document's latest version stored before it (in the same steps or
// earlier): a history loaded at once does not know its ids beforehand.
type Step struct {
	Version *NewVersion
	Fetch   *Fetch
}

// AddHistory stores steps, in their order, in one transaction, as the same
// rows AddVersion and RecordFetch would store one at a time: for loading a
// long history at once (bench/cmd/genstore writes 500 000 versions), where
// a commit per version and reading back each document's latest page would
// cost more than the rows themselves. Each page is stored as a delta of
// the document's page just before it, in steps or already stored; each
// document's summary is brought up to date once, at the end. Every
// snapshot must carry its body. Either all of steps is stored or none.
func (s *Store) AddHistory(ctx context.Context, steps []Step) ([]Version, error) {
	// The pages of the documents' latest versions are read before the
	// write, as AddVersion does: the Store's SQLite connection is the
	// transaction's while it runs.
	bases := map[int64]*basePage{}
	seen := map[int64]bool{}
	var docs []int64
	for i, st := range steps {
		docID, err := checkStep(st)
		if err != nil {
			return nil, fmt.Errorf("store: add history: step %d: %w", i, err)
		}
		if !seen[docID] {
			seen[docID] = true
			docs = append(docs, docID)
		}
		if _, read := bases[docID]; read || st.Version == nil {
			continue
		}
		bases[docID] = nil
		b, ok, err := s.latestPage(ctx, docID)
		if err != nil {
			return nil, fmt.Errorf("store: add history: %w", err)
		}
		if ok {
			bases[docID] = &b
		}
	}
	// Documents are locked in id order, as every statement that locks
	// several does, so that two writers never wait for each other.
	slices.Sort(docs)
	var out []Version
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		base := maps.Clone(bases) // a transaction run again starts afresh
		for _, id := range docs {
			if err := s.lockDocument(ctx, tx, id); err != nil {
				return err
			}
		}
		for i, st := range steps {
			if st.Fetch != nil {
				if _, err := insertFetch(ctx, tx, *st.Fetch); err != nil {
					return fmt.Errorf("step %d: %w", i, err)
				}
				continue
			}
			v, page, err := s.addStepVersion(ctx, tx, *st.Version, base[st.Version.Version.DocumentID])
			if err != nil {
				return fmt.Errorf("step %d: %w", i, err)
			}
			base[v.DocumentID] = page
			out = append(out, v)
		}
		for _, id := range docs {
			if err := summarizeVersions(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: add history: %w", err)
	}
	return out, nil
}

// checkStep says which document a step is of, or what is wrong with it.
func checkStep(st Step) (int64, error) {
	switch {
	case (st.Version == nil) == (st.Fetch == nil):
		return 0, errors.New("give a version or a fetch, not both or neither")
	case st.Fetch != nil:
		if st.Fetch.DocumentID == 0 {
			return 0, errors.New("fetch has no document id")
		}
		return st.Fetch.DocumentID, nil
	case st.Version.Snapshot.Body == nil:
		return 0, errors.New("snapshot has no body")
	}
	v := st.Version.Version
	if err := prepareVersion(&v); err != nil {
		return 0, err
	}
	return v.DocumentID, nil
}

// addStepVersion stores one version of AddHistory inside its transaction,
// its page packed against base (nil: whole), and returns the page the
// document's next version may be a delta of (nil: none).
func (s *Store) addStepVersion(ctx context.Context, tx *sql.Tx, nv NewVersion, base *basePage) (Version, *basePage, error) {
	v := nv.Version
	if err := prepareVersion(&v); err != nil {
		return Version{}, nil, err
	}
	if err := checkFollows(ctx, tx, v.DocumentID, nv.Follows); err != nil {
		return Version{}, nil, err
	}
	if nv.Change != nil && nv.Change.FromVersion == 0 {
		c := *nv.Change
		err := tx.QueryRowContext(ctx, `SELECT id FROM versions WHERE document_id = ?
			ORDER BY captured_at DESC, id DESC LIMIT 1`, v.DocumentID).Scan(&c.FromVersion)
		if err != nil {
			return Version{}, nil, fmt.Errorf("the version before the change: %w", err)
		}
		nv.Change = &c
	}
	snap, err := s.packSnapshot(ctx, nv.Snapshot, base)
	if err != nil {
		return Version{}, nil, err
	}
	text, err := s.codec.packText(v.Text, snap.body)
	if err != nil {
		return Version{}, nil, err
	}
	var depth int
	if v.SnapshotID, depth, err = putSnapshotDepth(ctx, tx, snap); err != nil {
		return Version{}, nil, err
	}
	if v.ID, err = insertVersion(ctx, tx, v, text); err != nil {
		return Version{}, nil, err
	}
	if err := addVersionRows(ctx, tx, v, nv); err != nil {
		return Version{}, nil, err
	}
	// As latestPage decides for a page read back.
	if depth >= maxDeltaDepth || len(snap.body) > maxDeltaDict {
		return v, nil, nil
	}
	return v, &basePage{id: v.SnapshotID, depth: depth, body: snap.body}, nil
}
