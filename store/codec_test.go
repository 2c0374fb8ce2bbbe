package store

import (
	"bytes"
	stdflate "compress/flate"
	stdgzip "compress/gzip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// gzipBytes writes a snapshot with the standard library, as older releases
// did.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := stdgzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// deflateText packs a text as releases before zstd did: raw deflate
// against the last 32 KB of the page.
func deflateText(t *testing.T, text string, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := stdflate.NewWriterDict(&buf, 4, deflateTextDict(body))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bigPage is a page larger than the text dictionary, its policy at the end.
func bigPage(text string) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("<html><body><nav>")
	for b.Len() < maxTextDict+(1<<20) {
		b.WriteString("<a href=\"/x\">")
		for range 8 {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		b.WriteString("</a>")
	}
	b.WriteString("</nav><main><p>" + text + "</p></main></body></html>")
	return []byte(b.String())
}

func TestCodecRoundTrip(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("testdata", "policy.html"))
	if err != nil {
		t.Fatal(err)
	}
	c := newCodec() // one for all cases: its compressors are reused
	long := "We share your e-mail address with advertising partners. " + strings.Repeat("We keep logs for 30 days. ", 200)
	for _, tc := range []struct {
		name, text string
		body       []byte
	}{
		{"seed page", "# Privacy Policy\nWe collect your e-mail address.", seed},
		{"empty text", "", seed},
		{"empty page", "Text with no page behind it: ünïcödé, “quotes”, 日本語.", nil},
		{"text absent from the page", strings.Repeat("Nothing of this is on the page. ", 100), []byte("<p>other</p>")},
		{"page over the dictionary limit", long, bigPage(long)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap, err := c.compressSnapshot(tc.body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := decompressSnapshot(snap)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, tc.body) {
				t.Fatalf("snapshot round trip changed the body (%d bytes, want %d)", len(body), len(tc.body))
			}
			packed, err := c.packText(tc.text, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(packed, zstdMagic) {
				t.Fatalf("text is not a zstd frame: % x", packed[:4])
			}
			// The same codec, whose decoders read the other cases'
			// frames with the other cases' pages.
			text, err := c.unpackText(packed, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.text {
				t.Fatalf("text round trip = %.60q..., want %.60q...", text, tc.text)
			}
		})
	}
}

// The page is the dictionary: a text found in it packs to a fraction of
// what it packs to alone.
func TestPackTextUsesThePage(t *testing.T) {
	text := strings.Repeat("We keep logs for 30 days. We share data with processors. ", 50)
	page := []byte("<html><body><p>" + text + "</p></body></html>")
	c := newCodec()
	with, err := c.packText(text, page)
	if err != nil {
		t.Fatal(err)
	}
	other := []byte("<html><body><p>" + strings.Repeat("Unrelated words entirely. ", 120) + "</p></body></html>")
	without, err := c.packText(text, other)
	if err != nil {
		t.Fatal(err)
	}
	if len(with) >= len(without) {
		t.Errorf("packed against its page: %d bytes, against another page: %d", len(with), len(without))
	}
	if _, err := c.unpackText(with, other); err == nil {
		// A zstd frame checks its content: the wrong dictionary must not
		// silently produce a different text.
		t.Error("a text unpacked with the wrong page gave no error")
	}
	// The decoder that failed is whole again for the next frame.
	for range 2 {
		if got, err := c.unpackText(with, page); err != nil || got != text {
			t.Errorf("unpacked after a failure: %v, %.40q", err, got)
		}
	}
}

// Rows written before zstd: raw-deflate texts; and the standard library's
// gzip for snapshots.
func TestCodecReadsOlderRows(t *testing.T) {
	page := bigPage("We collect your e-mail address.")
	old, err := gzipBytes(page)
	if err != nil {
		t.Fatal(err)
	}
	body, err := decompressSnapshot(old)
	if err != nil || !bytes.Equal(body, page) {
		t.Fatalf("gzip snapshot: err %v, equal %v", err, bytes.Equal(body, page))
	}
	want := "# Privacy\nWe collect your e-mail address."
	text, err := newCodec().unpackText(deflateText(t, want, page), page)
	if err != nil || text != want {
		t.Fatalf("deflate text = %q, %v; want %q", text, err, want)
	}
	if _, err := decompressSnapshot([]byte("<html>")); err == nil {
		t.Error("an uncompressed body gave no error")
	}
}

// BenchmarkUnpackText reads a version's text, as every timeline and diff
// page does dozens of times: the decoder is reused, not made per text.
func BenchmarkUnpackText(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("testdata", "policy.html"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(bytes.TrimSpace(page))
	c := newCodec()
	packed, err := c.packText(text, page)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.unpackText(packed, page); err != nil {
			b.Fatal(err)
		}
	}
}

// An idle decoder keeps no text alive: after a 5 MB text is unpacked and
// let go, the heap is back where it was (a pooled decoder held the buffer
// of its last output, the whole text).
func TestUnpackLargeTextKeepsNothing(t *testing.T) {
	c := newCodec()
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"data", "we", "share", "your", "personal", "information", "with", "partners"}
	var b strings.Builder
	for b.Len() < 5<<20 {
		b.WriteString(words[r.IntN(len(words))] + " ")
	}
	body := []byte("<html><body><p>" + b.String() + "</p></body></html>")
	packed, err := c.packText(b.String(), body)
	if err != nil {
		t.Fatal(err)
	}
	n := b.Len()
	b.Reset()
	before := liveHeap()
	for range 2 {
		text, err := c.unpackText(packed, body)
		if err != nil || len(text) != n {
			t.Fatalf("unpacked %d bytes, %v; want %d", len(text), err, n)
		}
	}
	if grew := int64(liveHeap()) - int64(before); grew > 1<<20 {
		t.Errorf("the heap holds %.1f MiB more after the texts were let go", float64(grew)/(1<<20))
	}
	runtime.KeepAlive(c) // its idle decoders are what is weighed
	runtime.KeepAlive(packed)
	runtime.KeepAlive(body)
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
