package wayback

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/internal/fuzztime"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSplitCDX(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		rows    int
		key     string
		wantErr string
	}{
		{name: "empty body", body: ""},
		{name: "recorded page with the archive's resume key", body: string(waybacktest.Recorded(t, "cdx-cnn.com-page00.http").Body),
			rows: 25, key: "com%2Ccnn%29%2F+2001041400593%3A"},
		{name: "recorded empty last page", body: string(waybacktest.Recorded(t, "cdx-cnn.com-page14.http").Body)},
		{name: "recorded page of the 2026 backend, opaque key", body: string(waybacktest.Recorded(t, "cdx-nasa.gov-2026-tail.http").Body),
			rows: 4, key: "eJxLzy_TyUssTtTUVzAyMDAxsDQwNTA3NTe0BABfMwZl"},
		{name: "recorded repeats", body: string(waybacktest.Recorded(t, "cdx-nasa.gov-duplicates.http").Body), rows: 3},
		{name: "recorded length -", body: string(waybacktest.RecordedText(t, "cdx-cnn.com-zero-length.txt")), rows: 5},
		{name: "recorded malformed rows are rows", body: string(waybacktest.RecordedText(t, "cdx-epa.gov-malformed.txt")), rows: 5},
		{name: "CRLF", body: "k 20200101000000 https://e.com/ text/html 200 D 1\r\n\r\nkey\r\n", rows: 1, key: "key"},
		{name: "a short row after good ones is a row", body: "k 20200101000000 https://e.com/ text/html 200 D 1\nk 2020\n", rows: 2},
		{name: "HTML", body: "<html>We are down for maintenance</html>", wantErr: "not a listing"},
		{name: "JSON", body: `[["urlkey","timestamp"]]`, wantErr: "not a listing"},
		{name: "rows after the key", body: "k 20200101000000 https://e.com/ text/html 200 D 1\n\nkey\nmore\n", wantErr: "after the resume key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, key, err := splitCDX([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows || key != tt.key {
				t.Errorf("%d rows, key %q; want %d, %q", len(rows), key, tt.rows, tt.key)
			}
		})
	}
}

func TestParseRecordedMalformedRows(t *testing.T) {
	rows, _, err := splitCDX(waybacktest.RecordedText(t, "cdx-epa.gov-malformed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var ok, malformed int
	for _, r := range rows {
		if _, _, _, p := parseRow(r, pageKey("https://www.epa.gov/")); p == nil {
			ok++
		} else if !p.unwanted {
			malformed++
		}
	}
	// Kept: the two rows of https://www.epa.gov/. Skipped: the mailto:
	// host, the data: URL, "some/not/even/url/thing".
	if ok != 2 || malformed != 3 {
		t.Errorf("%d rows kept, %d malformed; want 2 and 3", ok, malformed)
	}
}

func FuzzSplitCDX(f *testing.F) {
	for _, name := range []string{"cdx-cnn.com-page00.http", "cdx-nasa.gov-2026-tail.http", "cdx-energystar.gov-revisits.http"} {
		ex, err := waybacktest.ReadExchange(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ex.Body)
	}
	f.Add([]byte("k 20200101000000 https://e.com/ text/html 200 D 1\n\n\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzztime.Within(t, func() {
			rows, key, err := splitCDX(body)
			if err != nil {
				if rows != nil || key != "" {
					t.Fatalf("error %v came with results", err)
				}
				return
			}
			c := New(Options{})
			l := c.distinct(rows, "https://e.com/")
			for _, cp := range l.Captures {
				if _, err := cp.Time(); err != nil {
					t.Fatalf("kept a capture with a bad time: %v", err)
				}
				if cp.Original == "" {
					t.Fatal("kept a capture without an original URL")
				}
			}
			if n := len(l.Captures) + l.Repeats + l.Malformed + l.Unwanted + l.Collapsed; n != len(rows) {
				t.Fatalf("%d rows, accounted for %d", len(rows), n)
			}
		})
	})
}

// BenchmarkListPage parses and sorts a full page of 5000 rows, the page
// size asked.
func BenchmarkListPage(b *testing.B) {
	var sb strings.Builder
	at := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range cdxPageSize {
		ts := at.Add(time.Duration(i) * 97 * time.Minute).Format(timestampLayout)
		fmt.Fprintf(&sb, "com,example)/privacy %s https://www.example.com/privacy text/html 200 3I42H3S6NNFQ2MSVX7XZKYAYSC%06d 1234\n", ts, i)
	}
	sb.WriteString("\ncom%2Cexample%29%2Fprivacy+20191228000001\n")
	body := []byte(sb.String())
	c := New(Options{})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		rows, key, err := splitCDX(body)
		if err != nil || len(rows) != cdxPageSize || key == "" {
			b.Fatalf("%d rows, key %q, err %v", len(rows), key, err)
		}
		if l := c.distinct(rows, "https://example.com/privacy"); len(l.Captures) != cdxPageSize {
			b.Fatalf("%d captures", len(l.Captures))
		}
	}
}
