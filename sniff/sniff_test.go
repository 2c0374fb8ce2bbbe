package sniff

import (
	"bytes"
	"compress/flate"
	"errors"
	"github.com/tracker-dev/tracker/internal/fuzztime"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

func deflated(s string) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return buf.Bytes()
}

func TestText(t *testing.T) {
	policy := strings.Repeat("<p>We keep your data for 30 days. Nous gardons vos données.</p>\n", 200)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(policy))
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte(policy))
	tests := []struct {
		name, ct string
		body     []byte
		notText  bool
	}{
		{name: "utf-8 html", ct: "text/html; charset=utf-8", body: []byte(policy)},
		{name: "utf-8 undeclared", body: []byte(policy)},
		{name: "utf-16 with BOM", ct: "text/html", body: utf16},
		{name: "latin-1 declared", ct: "text/html; charset=iso-8859-1", body: latin1},
		{name: "a few stray bytes", ct: "text/html", body: []byte(policy + "\x00\x01 \xff")},
		{name: "terminal escapes", ct: "text/plain", body: []byte("\x1b[2J\x1b[1mPrivacy\x1b[0m " + policy)},
		{name: "empty", ct: "text/html", body: nil},
		{name: "pdf as html", ct: "text/html", body: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj"), notText: true},
		{name: "random bytes as html", ct: "text/html", body: randomBytes(64 << 10), notText: true},
		{name: "random bytes as utf-8", ct: "text/html; charset=utf-8", body: randomBytes(64 << 10), notText: true},
		{name: "random bytes as latin-1", ct: "text/html; charset=iso-8859-1", body: randomBytes(64 << 10), notText: true},
		{name: "raw deflate as html", ct: "text/html", body: deflated(policy + string(randomBytes(4096))), notText: true},
		{name: "gzip as html", ct: "text/html", body: []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), notText: true},
		{name: "png as html", ct: "text/html", body: append([]byte("\x89PNG\r\n\x1a\n"), randomBytes(100)...), notText: true},
		{name: "nul-ridden", ct: "text/plain", body: bytes.Repeat([]byte("a\x00"), 1000), notText: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Text(tt.body, tt.ct)
			if tt.notText != (err != nil) {
				t.Fatalf("Text = %v, want not-text %v", err, tt.notText)
			}
			if err != nil && !errors.Is(err, ErrNotText) {
				t.Errorf("error %v does not wrap ErrNotText", err)
			}
		})
	}
}

func BenchmarkText(b *testing.B) {
	body := []byte(strings.Repeat("<p>We keep your data for 30 days. Nous gardons vos données.</p>\n", 20000))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := Text(body, "text/html"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzText: any bytes get a verdict in linear time, never a panic.
func FuzzText(f *testing.F) {
	f.Add([]byte("<p>policy</p>"), "text/html")
	f.Add([]byte("%PDF-1.4"), "text/html")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		fuzztime.Within(t, func() {
			if err := Text(body, ct); err != nil && !errors.Is(err, ErrNotText) {
				t.Fatalf("error %v does not wrap ErrNotText", err)
			}
		})
	})
}
