package wayback

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// Issue 21: captures are read as pages are, by the same decoders and under
// the same byte budget, counted after decoding, whatever Content-Encoding
// the replay names.
func TestCaptureEncodingsDecodedUnderTheBudget(t *testing.T) {
	encode := func(coding string, plain []byte) []byte {
		var b bytes.Buffer
		var w io.WriteCloser
		switch coding {
		case "deflate":
			w = zlib.NewWriter(&b)
		case "br":
			w = brotli.NewWriter(&b)
		case "zstd":
			w, _ = zstd.NewWriter(&b)
		case "gzip":
			w = gzip.NewWriter(&b)
		}
		w.Write(plain)
		w.Close()
		return b.Bytes()
	}
	page := html("We keep your e-mail address for thirty days.")
	bomb := bytes.Repeat([]byte("<p>x</p>"), 4<<20/8) // 4 MiB, over the 1 MiB budget below
	var body []byte
	var coding string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Memento-Datetime", "Tue, 01 Jan 2019 00:00:00 GMT")
		w.Header().Set("Content-Encoding", coding)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	c := New(Options{BaseURL: srv.URL, MaxBodySize: 1 << 20, Sleep: clk.Sleep, Now: clk.Now})
	cp := Capture{Timestamp: "20190101000000", Original: "https://example.com/privacy", MimeType: "text/html", StatusCode: "200"}
	for _, coding = range []string{"deflate", "br", "zstd", "gzip, br", "x-gzip"} {
		t.Run(coding, func(t *testing.T) {
			body = []byte(page)
			codings := strings.Split(coding, ", ")
			for _, cd := range codings {
				body = encode(strings.TrimPrefix(cd, "x-"), body)
			}
			got, err := c.Fetch(context.Background(), cp)
			if err != nil || string(got.Body) != page {
				t.Fatalf("Fetch = %.60q, %v; want the page decoded", got.Body, err)
			}
			body = bomb
			for _, cd := range codings {
				body = encode(strings.TrimPrefix(cd, "x-"), body)
			}
			_, err = c.Fetch(context.Background(), cp)
			if !errors.Is(err, ErrBodyTooLarge) || !strings.Contains(err.Error(), "counted after decoding") {
				t.Fatalf("Fetch of a %d-byte body decoding to 4 MiB: %v; want ErrBodyTooLarge counted after decoding", len(body), err)
			}
		})
	}
}
