// Package sniff tells text from bytes that only claim to be text: a PDF,
// an image, a compressed stream or random bytes served as text/html must
// fail before extraction, never become a version of a policy.
package sniff

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// ErrNotText is wrapped by every verdict of Text.
var ErrNotText = errors.New("not text")

// maxBadShare is the share of characters that may be undecodable or
// control characters in a real page (a stray byte from a bad copy-paste,
// a form feed); random bytes score far above it.
const maxBadShare = 0.005

// Text returns an error wrapping ErrNotText when body is not text in the
// charset contentType declares or, without one, the charset detected from
// its bytes (BOM, <meta charset>, UTF-8 validity). Cost: one pass.
func Text(body []byte, contentType string) error {
	if len(body) == 0 {
		return nil
	}
	if kind, ok := binaryKind(body); ok {
		return fmt.Errorf("%w: the body is %s although served as %q", ErrNotText, kind, orNone(contentType))
	}
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	bad, total := 0, 0
	switch {
	case name == "utf-8" || enc == encoding.Nop:
		bad, total = countUTF8(body)
	case isUTF16(name):
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return fmt.Errorf("%w: the body cannot be read as %s: %w", ErrNotText, name, err)
		}
		bad, total = countUTF8(out)
	default:
		// Single-byte charsets decode every byte: only control bytes,
		// which no text charset uses for letters, betray random data.
		bad, total = countControls(body), len(body)
	}
	if bad > 8 && float64(bad) > maxBadShare*float64(total) {
		return fmt.Errorf("%w: %d of %d characters are not text in %s (binary data served as %q?)",
			ErrNotText, bad, total, name, orNone(contentType))
	}
	return nil
}

func orNone(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

func isUTF16(name string) bool { return strings.HasPrefix(name, "utf-16") }

// binaryKind names formats recognised by their magic bytes.
func binaryKind(body []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(body, []byte("%PDF-")):
		return "a PDF", true
	case bytes.HasPrefix(body, []byte{0x1f, 0x8b}):
		return "gzip-compressed data", true
	case bytes.HasPrefix(body, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return "zstd-compressed data", true
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return "a ZIP archive (an office document?)", true
	}
	ct := http.DetectContentType(body)
	switch {
	case strings.HasPrefix(ct, "image/"), strings.HasPrefix(ct, "audio/"), strings.HasPrefix(ct, "video/"),
		strings.HasPrefix(ct, "font/"), ct == "application/wasm", ct == "application/x-rar-compressed",
		ct == "application/vnd.ms-fontobject", ct == "application/ogg":
		return ct + " data", true
	}
	return "", false
}

// countUTF8 counts characters and, among them, invalid sequences, NULs
// and control characters no document uses.
func countUTF8(b []byte) (bad, total int) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if isBadControl(rune(c)) {
				bad++
			}
			i++
			total++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
		} else if r >= 0x80 && r < 0xa0 { // C1 controls
			bad++
		}
		i += size
		total++
	}
	return bad, total
}

func countControls(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && isBadControl(rune(c)) {
			n++
		}
	}
	return n
}

// isBadControl: C0 controls other than tab, newlines, form feed and escape
// (terminal escapes occur in pasted text; they are stripped later).
func isBadControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r', '\f', '\v', 0x1b:
		return false
	}
	return r < 0x20 || r == 0x7f
}
