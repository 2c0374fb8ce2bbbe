package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A version's text is extracted from its snapshot, so the snapshot is the
// best dictionary to compress it with. Deflate looks back 32 KB at most:
// the end of the page, where the policy text usually sits, is the window.
const dictWindow = 32 << 10

// textLevel: with the page as dictionary most of the text is matched
// whatever the level, so a fast one costs little space.
const textLevel = 7

func textDict(body []byte) []byte {
	if len(body) > dictWindow {
		return body[len(body)-dictWindow:]
	}
	return body
}

// textWriters reuses compressors. The standard library's flate writer keeps
// the dictionary it was made with across Reset, so every text needed a new
// writer (about 1 MB of tables); klauspost's can be reset to a new
// dictionary, and writes the same raw deflate format.
var textWriters = sync.Pool{New: func() any {
	zw, _ := flate.NewWriter(nil, textLevel) // the level is valid
	return zw
}}

// packText compresses text with the raw page as the dictionary.
func packText(text string, body []byte) ([]byte, error) {
	zw := textWriters.Get().(*flate.Writer)
	defer textWriters.Put(zw)
	buf := bytes.NewBuffer(make([]byte, 0, len(text)/4+64))
	zw.ResetDict(buf, textDict(body))
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
