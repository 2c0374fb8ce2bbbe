// Package fetchbody reads response bodies under one byte budget, counted
// after decoding: whatever Content-Encoding a server names (gzip, x-gzip,
// deflate, br, zstd, a list of them, identity), the bytes the program ends
// up holding are the ones counted, so a small compressed body cannot grow
// into gigabytes in memory.
package fetchbody

import (
	"bufio"
	"compress/flate"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// AcceptEncoding lists every coding Decode reads, for requests.
const AcceptEncoding = "gzip, deflate, br, zstd"

// ErrTooLarge is returned by a budgeted reader once the decoded body passes
// its limit; the body is refused, never truncated.
var ErrTooLarge = errors.New("body exceeds the size limit")

// TooLargeError carries the limit that was passed.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("body exceeds %s limit (counted after decoding)", FormatSize(e.Limit))
}

func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// DecodeError is a body that its Content-Encoding could not decode.
type DecodeError struct {
	Encoding string
	Err      error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("cannot decode the %s-encoded body: %v", e.Encoding, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Limit wraps r so that reading more than limit bytes from it fails with a
// *TooLargeError. limit <= 0 means no limit.
func Limit(r io.Reader, limit int64) io.Reader {
	if limit <= 0 {
		return r
	}
	return &limited{r: r, left: limit, limit: limit}
}

type limited struct {
	r     io.Reader
	left  int64 // bytes still allowed
	limit int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Limit: l.limit}
	}
	// Ask for one byte more than allowed: reading it proves the overflow.
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n + int(l.left), &TooLargeError{Limit: l.limit}
	}
	return n, err
}

// ReadAll reads r whole under the budget.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	return io.ReadAll(Limit(r, limit))
}

// Decoder returns a reader of r decoded per a Content-Encoding header value:
// codings are listed in the order applied, so they are undone in reverse.
// An unknown coding is an error: a body that cannot be read as sent must
// not be taken for text. The closer releases decoder state.
func Decoder(r io.Reader, contentEncoding string, limit int64) (io.Reader, func(), error) {
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	codings := strings.Split(contentEncoding, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		coding := strings.ToLower(strings.TrimSpace(codings[i]))
		var err error
		switch coding {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(r); err == nil {
				zr.Multistream(true)
				r = zr
				closers = append(closers, func() { zr.Close() })
			}
		case "deflate":
			r, err = inflater(r)
		case "br":
			r = brotli.NewReader(r)
		case "zstd":
			var zr *zstd.Decoder
			// A frame may announce a window of gigabytes: 8 MiB is what
			// RFC 8878 asks HTTP decoders to support, and all they get.
			zr, err = zstd.NewReader(r, zstd.WithDecoderConcurrency(1),
				zstd.WithDecoderMaxWindow(8<<20), zstd.WithDecoderMaxMemory(uint64(max(limit, 8<<20))))
			if err == nil {
				r = zr
				closers = append(closers, zr.Close)
			}
		default:
			closeAll()
			return nil, func() {}, &DecodeError{Encoding: coding, Err: errors.New("unsupported content coding")}
		}
		if err != nil {
			closeAll()
			return nil, func() {}, &DecodeError{Encoding: coding, Err: err}
		}
		r = &decodeErrors{r: r, coding: coding}
	}
	return r, closeAll, nil
}

// inflater reads "deflate", which HTTP defines as zlib-wrapped but which
// many servers send raw: the zlib header is recognised by its checksum.
func inflater(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && len(head) < 2 {
		return nil, fmt.Errorf("empty deflate stream: %w", io.ErrUnexpectedEOF)
	}
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// decodeErrors names the coding in errors from a decoder, leaving the
// budget's own error and a clean end alone.
type decodeErrors struct {
	r      io.Reader
	coding string
}

func (d *decodeErrors) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, ErrTooLarge) {
		var de *DecodeError
		if !errors.As(err, &de) {
			err = &DecodeError{Encoding: d.coding, Err: err}
		}
	}
	return n, err
}

// Transport decodes every response's body itself, behind the budget, and
// hands it on without a Content-Encoding: a caller that would decode again
// (colly gunzips whenever "gzip" appears in a header) sees plain bytes.
type Transport struct {
	Next  http.RoundTripper // its own decompression must be off
	Limit int64
	// Large, when set, bounds how many large bodies are read at once.
	Large *Gate
}

// RoundTrip asks for every coding Decode reads and decodes the answer.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", AcceptEncoding)
	}
	resp, err := t.Next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if err := decode(resp, t.Limit, t.Large); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// decode replaces resp.Body with its decoded, budgeted form; large, when
// set, gates it past its threshold.
func decode(resp *http.Response, limit int64, large *Gate) error {
	ce := resp.Header.Get("Content-Encoding")
	r, closeDec, err := Decoder(resp.Body, ce, limit)
	if err != nil {
		return err
	}
	if ce != "" {
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	resp.Uncompressed = true
	ctx := context.Background()
	if resp.Request != nil {
		ctx = resp.Request.Context()
	}
	resp.Body = &body{Reader: &slurper{ctx: ctx, r: Limit(r, limit), large: large}, raw: resp.Body, closeDec: closeDec}
	return nil
}

// slurpChunk is the size of the pieces a body is read into.
const slurpChunk = 64 << 10

// slurper reads the whole body, at its first Read, into pieces of
// slurpChunk bytes, then hands them out. A caller that gathers the body
// with io.ReadAll grows one buffer by copying it: while a body is still
// arriving, a bomb stopped at the budget has cost the budget two or three
// times over in buffers left to the collector, and eight bombs fetched
// at once more than a crawl may hold. Read in pieces, a body refused at
// the budget costs the budget once; a body read whole is handed out piece
// by piece, each released once copied.
type slurper struct {
	ctx    context.Context
	r      io.Reader
	large  *Gate // nil: no gate
	chunks [][]byte
	err    error
	filled bool
}

func (s *slurper) Read(p []byte) (int, error) {
	if !s.filled {
		s.filled = true
		s.fill()
	}
	for len(s.chunks) > 0 && len(s.chunks[0]) == 0 {
		s.chunks[0] = nil
		s.chunks = s.chunks[1:]
	}
	if len(s.chunks) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		return 0, io.EOF
	}
	n := copy(p, s.chunks[0])
	s.chunks[0] = s.chunks[0][n:]
	return n, nil
}

func (s *slurper) fill() {
	read := 0
	entered := false
	defer func() {
		if entered {
			s.large.leave()
		}
	}()
	for {
		if s.large != nil && !entered && int64(read) >= s.large.threshold {
			if err := s.large.enter(s.ctx); err != nil {
				s.chunks, s.err = nil, err
				return
			}
			entered = true
		}
		c := make([]byte, slurpChunk)
		n := 0
		var err error
		for n < len(c) && err == nil {
			var m int
			m, err = s.r.Read(c[n:])
			n += m
		}
		if n > 0 {
			s.chunks = append(s.chunks, c[:n:n])
			read += n
		}
		switch {
		case err == io.EOF:
			return
		case err != nil:
			// The body is refused whole: what was read is dropped now,
			// not when the caller lets go of the reader.
			s.chunks, s.err = nil, err
			return
		}
	}
}

type body struct {
	io.Reader
	raw      io.Closer
	closeDec func()
}

func (b *body) Close() error {
	b.closeDec()
	return b.raw.Close()
}

// Gate bounds how many bodies larger than a threshold are read at once.
// Each fetch may hold up to the whole budget in memory, and a crawl runs
// eight at once: eight bombs stopped at a 10 MiB budget are 80 MiB held
// together. Past the threshold a body waits for one of the gate's places;
// the rest of the crawl's pages, far smaller, go on beside. A body holds
// its place until read whole or refused, and never waits for anything
// else meanwhile, so bodies cannot wait for each other in a circle.
type Gate struct {
	threshold int64
	places    chan struct{}
}

// NewGate lets n bodies past threshold bytes be read at once.
func NewGate(n int, threshold int64) *Gate {
	return &Gate{threshold: threshold, places: make(chan struct{}, max(n, 1))}
}

func (g *Gate) enter(ctx context.Context) error {
	select {
	case g.places <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting to read a large body: %w", context.Cause(ctx))
	}
}

func (g *Gate) leave() { <-g.places }

// FormatSize names a byte limit the way users configure it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
