package fetchbody

import (
	"bytes"
	"errors"
	"github.com/tracker-dev/tracker/internal/fuzztime"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func TestLimit(t *testing.T) {
	for _, tt := range []struct {
		size, limit int
		tooLarge    bool
	}{{0, 10, false}, {10, 10, false}, {11, 10, true}, {1 << 20, 10, true}, {5, 0, false}} {
		got, err := ReadAll(strings.NewReader(strings.Repeat("a", tt.size)), int64(tt.limit))
		if tt.tooLarge {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes under %d: err = %v, want ErrTooLarge", tt.size, tt.limit, err)
			}
			continue
		}
		if err != nil || len(got) != tt.size {
			t.Errorf("%d bytes under %d: %d bytes, err %v", tt.size, tt.limit, len(got), err)
		}
	}
}

func TestDecoderUnwindsCodingsInReverse(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	body := gz(gz([]byte("policy")))
	r, done, err := Decoder(bytes.NewReader(body), "gzip, identity, x-gzip", 100)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	got, err := io.ReadAll(r)
	if err != nil || string(got) != "policy" {
		t.Fatalf("got %q, %v", got, err)
	}
}

// FuzzDecoder: whatever the bytes and the header, decoding stays within
// the budget and ends.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), "gzip")
	f.Add([]byte("x\x9c\x03\x00\x00\x00\x00\x01"), "deflate")
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x00}, "zstd")
	f.Add([]byte{0x0b}, "br")
	f.Add([]byte("plain"), "gzip, identity")
	f.Fuzz(func(t *testing.T, body []byte, ce string) {
		fuzztime.Within(t, func() {
			const limit = 1 << 16
			r, done, err := Decoder(bytes.NewReader(body), ce, limit)
			if err != nil {
				return
			}
			defer done()
			out, err := ReadAll(r, limit)
			if len(out) > limit {
				t.Fatalf("%d bytes decoded past a %d-byte budget (err %v)", len(out), limit, err)
			}
		})
	})
}
