package fetchbody

import (
	"bytes"
	"errors"
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
