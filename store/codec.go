package store

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Snapshots are gzip streams. Version texts are zstd frames packed against
// their page; rows written before that hold raw-deflate texts, told apart by
// the frame's first bytes, so old databases need no rewrite. (A raw deflate
// stream cannot start with the zstd magic: those bytes would open a stored
// block whose length check fails.)
//
// Measured on the bench's 500 policy pages (bench/README.md): a text packed
// with zstd against its whole page takes 0.09 ms and 1.2 KB; with deflate,
// which sees only the last 32 KB of the page, 0.30 ms and 3.0 KB. zstd would
// also pack pages faster than gzip (0.24 ms against 0.39 ms, 2% larger), but
// its encoder holds 5.7 MB of tables against gzip's 1 MB, one per worker.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// zstdWindow bounds what a frame may refer back to, and so the memory of
// encoders and decoders: policy pages are far smaller than 1 MiB.
const zstdWindow = 1 << 20

// maxTextDict caps the page used as the dictionary of its text: a page
// larger than that is cut to its end, where the policy usually sits.
const maxTextDict = zstdWindow / 2

// codec compresses what the store writes. Its compressors are reused: each
// holds large match tables, and a sync.Pool would drop them at every other
// garbage collection, dozens of times a crawl.
type codec struct {
	// One gzip writer (1 MB) per core: compressing a page is the costliest
	// step of storing it.
	gzip *freeList[*gzip.Writer]

	// One zstd encoder (2.5 MB) for all: a text takes a tenth of a
	// millisecond, far less than fetching and extracting it.
	textMu sync.Mutex
	text   *zstd.Encoder

	// zstd decoders, one per core, each given the dictionary of the frame
	// it reads: a page of the web timeline reads dozens of texts and
	// deltas, and making a decoder costs more than decoding a text.
	unzstd *freeList[*zstd.Decoder]
}

func newCodec() *codec {
	return &codec{
		gzip: newFreeList(func() *gzip.Writer {
			// klauspost's gzip: the standard format, in a third of the
			// standard library's time at the same level, for 2% more
			// bytes. The default level: faster ones cost 5-15% more space.
			zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression) // the level is valid
			return zw
		}),
		unzstd: newFreeList(func() *zstd.Decoder {
			// Valid options: a decoder is always made.
			dec, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(zstdWindow))
			return dec
		}),
	}
}

// idleDecoderOutput bounds the output after which a decoder is not kept.
const idleDecoderOutput = 1 << 20

// unzstdDict decodes a zstd frame packed with dict as its raw dictionary.
func (c *codec) unzstdDict(packed, dict []byte) ([]byte, error) {
	dec := c.unzstd.get()
	if err := dec.ResetWithOptions(nil, zstd.WithDecoderDictRaw(1, dict)); err != nil {
		return nil, err
	}
	out, err := dec.DecodeAll(packed, nil)
	// An idle decoder must not keep the page alive. Past the dictionary,
	// it keeps the buffer its sequences were last decoded into, the size
	// of its last output, whatever Reset is told: after a large text it
	// is dropped rather than kept idle holding megabytes.
	if rerr := dec.ResetWithOptions(nil, zstd.WithDecoderDictDelete()); rerr == nil && len(out) <= idleDecoderOutput {
		c.unzstd.put(dec)
	}
	return out, err
}

// freeList keeps up to GOMAXPROCS idle values; more are made when needed
// and dropped when given back to a full list.
type freeList[T any] struct {
	idle  chan T
	fresh func() T
}

func newFreeList[T any](fresh func() T) *freeList[T] {
	return &freeList[T]{idle: make(chan T, runtime.GOMAXPROCS(0)), fresh: fresh}
}

func (l *freeList[T]) get() T {
	select {
	case v := <-l.idle:
		return v
	default:
		return l.fresh()
	}
}

func (l *freeList[T]) put(v T) {
	select {
	case l.idle <- v:
	default:
	}
}

// compressSnapshot packs a raw page.
func (c *codec) compressSnapshot(body []byte) ([]byte, error) {
	zw := c.gzip.get()
	defer c.gzip.put(zw)
	// A third of the page is what policy pages compress to; one allocation.
	buf := bytes.NewBuffer(make([]byte, 0, len(body)/3+64))
	zw.Reset(buf)
	if _, err := zw.Write(body); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// maxDeltaDict bounds the pages stored as deltas, and their bases: both
// must fit the zstd window.
const maxDeltaDict = maxTextDict

// deltaSnapshot packs a raw page with an earlier page of the document as
// the zstd dictionary: what did not change is one long match.
func (c *codec) deltaSnapshot(body, base []byte) ([]byte, error) {
	c.textMu.Lock()
	defer c.textMu.Unlock()
	enc, err := c.textEncoder()
	if err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, 1024))
	if err := enc.ResetWithOptions(buf, zstd.WithEncoderDictRaw(1, base)); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	if _, err := enc.Write(body); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("compress snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// undeltaSnapshot reverses deltaSnapshot.
func (c *codec) undeltaSnapshot(packed, base []byte) ([]byte, error) {
	out, err := c.unzstdDict(packed, base)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

// decompressSnapshot reverses compressSnapshot.
func decompressSnapshot(packed []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

// A version's text is extracted from its snapshot, so the snapshot is the
// best dictionary to compress it with: most of the text is found in it.
func zstdTextDict(body []byte) []byte {
	if len(body) > maxTextDict {
		return body[len(body)-maxTextDict:]
	}
	return body
}

// textEncoder is the encoder of texts and page deltas, made on first use;
// the caller holds textMu.
func (c *codec) textEncoder() (*zstd.Encoder, error) {
	if c.text == nil {
		// With the page as dictionary most of the text is one long match
		// after another: the fastest level loses little.
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(zstdWindow))
		if err != nil {
			return nil, err
		}
		c.text = enc
	}
	return c.text, nil
}

// packText compresses text with its raw page as the dictionary.
func (c *codec) packText(text string, body []byte) ([]byte, error) {
	c.textMu.Lock()
	defer c.textMu.Unlock()
	enc, err := c.textEncoder()
	if err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(text)/8+64))
	if err := enc.ResetWithOptions(buf, zstd.WithEncoderDictRaw(1, zstdTextDict(body))); err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	if _, err := io.WriteString(enc, text); err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("compress text: %w", err)
	}
	return buf.Bytes(), nil
}

// unpackText reverses packText, and reads the raw-deflate texts of older
// rows, whose dictionary was the last 32 KB of the page.
func (c *codec) unpackText(packed, body []byte) (string, error) {
	if bytes.HasPrefix(packed, zstdMagic) {
		out, err := c.unzstdDict(packed, zstdTextDict(body))
		if err != nil {
			return "", fmt.Errorf("decompress text: %w", err)
		}
		return string(out), nil
	}
	zr := flate.NewReaderDict(bytes.NewReader(packed), deflateTextDict(body))
	defer zr.Close()
	out, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("decompress text: %w", err)
	}
	return string(out), nil
}

// deflateTextDict is the dictionary of the raw-deflate texts of older rows:
// deflate looks back 32 KB at most.
func deflateTextDict(body []byte) []byte {
	const window = 32 << 10
	if len(body) > window {
		return body[len(body)-window:]
	}
	return body
}
