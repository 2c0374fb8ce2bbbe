package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// JSON writes v as indented JSON with a trailing newline. HTML escaping is
// off so that "<", ">" and "&" in page text read naturally; C1 controls,
// DEL and bidi overrides, which encoding/json leaves raw, are written as
// \u escapes instead so the output is safe to print on a terminal while
// decoding to the same value.
func JSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("render: encode json: %w", err)
	}
	if _, err := w.Write(escapeInvisible(buf.Bytes())); err != nil {
		return fmt.Errorf("render: write json: %w", err)
	}
	return nil
}

// escapeInvisible rewrites the runes terminals act on, which can only occur
// inside JSON strings, as \uXXXX escapes. Output without them, the usual
// case, is returned as is.
func escapeInvisible(b []byte) []byte {
	var out []byte
	done := 0 // b[:done] is already in out
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf && b[i] != 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if terminalHostile(r) {
			out = append(out, b[done:i]...)
			out = fmt.Appendf(out, `\u%04x`, r)
			done = i + size
		}
		i += size
	}
	if out == nil {
		return b
	}
	return append(out, b[done:]...)
}
