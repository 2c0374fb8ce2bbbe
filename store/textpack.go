package store

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
)

// A version's text is extracted from its snapshot, so the snapshot is the
// best dictionary to compress it with. Deflate looks back 32 KB at most:
// the end of the page, where the policy text usually sits, is the window.
const dictWindow = 32 << 10

// textLevel: with the page as dictionary most of the text is matched
// whatever the level, so a fast one costs little space.
const textLevel = 4

func textDict(body []byte) []byte {
	if len(body) > dictWindow {
		return body[len(body)-dictWindow:]
	}
	return body
}

// packText compresses text with the raw page as the dictionary. A flate
// writer keeps its dictionary across Reset, so writers are not pooled.
func packText(text string, body []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriterDict(&buf, textLevel, textDict(body))
	if err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	if _, err := io.WriteString(zw, text); err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	return buf.Bytes(), nil
}

// unpackText reverses packText.
func unpackText(packed, body []byte) (string, error) {
	zr := flate.NewReaderDict(bytes.NewReader(packed), textDict(body))
	defer zr.Close()
	out, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("decompress text: %w", err)
	}
	return string(out), nil
}

// fillTexts decompresses the texts of versions read packed, loading each
// snapshot once. It runs after the rows are closed: the store has a single
// connection.
func (s *Store) fillTexts(ctx context.Context, vs []Version, packed [][]byte) error {
	bodies := map[int64][]byte{}
	for i := range vs {
		if packed[i] == nil {
			continue
		}
		body, ok := bodies[vs[i].SnapshotID]
		if !ok {
			snap, err := s.Snapshot(ctx, vs[i].SnapshotID)
			if err != nil {
				return fmt.Errorf("text of version %d: %w", vs[i].ID, err)
			}
			body = snap.Body
			bodies[vs[i].SnapshotID] = body
		}
		text, err := unpackText(packed[i], body)
		if err != nil {
			return fmt.Errorf("text of version %d: %w", vs[i].ID, err)
		}
		vs[i].Text = text
	}
	return nil
}
