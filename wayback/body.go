package wayback

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/tracker-dev/tracker/fetchbody"
)

// drainSize is how much of an unneeded body is read so that the
// connection can be reused.
const drainSize = 64 << 10

// read is the one place where bytes from the archive are read, compressed
// or not: at most limit bytes under the budget pages are read with
// (fetchbody), and ErrBodyTooLarge past that.
func (c *Client) read(r io.Reader, limit int64) ([]byte, error) {
	b, err := fetchbody.ReadAll(r, limit)
	if errors.Is(err, fetchbody.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", ErrBodyTooLarge, err)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// contentCodings is the Content-Encoding of a replay for fetchbody's
// decoders: every non-blank value, in order (the archive sends a blank
// header beside the real one, see decode).
func contentCodings(h http.Header) string {
	var codings []string
	for _, v := range h.Values("Content-Encoding") {
		if v = strings.TrimSpace(v); v != "" {
			codings = append(codings, v)
		}
	}
	return strings.Join(codings, ", ")
}

// maxGzipLayers bounds the gzip layers peeled off one body: the archive's
// transfer encoding, a payload archived compressed, and one more for luck.
const maxGzipLayers = 3

// decode undoes gzip by its magic bytes, whatever Content-Encoding says:
// the archive sends a blank "content-encoding:" beside "Content-Encoding:
// gzip" for payloads that were gzipped when captured, and replays some
// payloads still compressed with no header at all.
func (c *Client) decode(b []byte) ([]byte, error) {
	for range maxGzipLayers {
		if !isGzip(b) {
			return b, nil
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip header: %w", ErrNotText, err)
		}
		if b, err = c.read(zr, c.opts.MaxBodySize); err != nil {
			if errors.Is(err, ErrBodyTooLarge) {
				return nil, fmt.Errorf("decompressed: %w", err)
			}
			return nil, fmt.Errorf("%w: gzip data: %w", ErrNotText, err)
		}
	}
	if isGzip(b) {
		return nil, fmt.Errorf("%w: gzip inside gzip more than %d times", ErrNotText, maxGzipLayers)
	}
	return b, nil
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// isText tells text (HTML or plain, in any charset) from images, PDFs,
// archives and other binary data, by the bytes themselves: the archive's
// Content-Type is whatever the site said years ago.
func isText(b []byte) bool {
	if len(b) == 0 {
		return true // an empty page: the extractor says so
	}
	ct := http.DetectContentType(b)
	if !strings.HasPrefix(ct, "text/") {
		return false
	}
	// The sniffer reads 512 bytes; text has no NUL anywhere (UTF-16,
	// announced by its byte order mark, aside).
	return strings.Contains(ct, "utf-16") || bytes.IndexByte(b, 0) < 0
}
