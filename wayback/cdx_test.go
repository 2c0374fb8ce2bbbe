package wayback

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCDX(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []Capture
		key     string
		wantErr string
	}{
		{name: "empty body", body: ""},
		{name: "whitespace", body: " \n\t"},
		{name: "empty array", body: string(readTestdata(t, "cdx-empty.json"))},
		{name: "header only", body: string(readTestdata(t, "cdx-header-only.json"))},
		{
			name: "page with resume key",
			body: string(readTestdata(t, "cdx-page.json")),
			want: []Capture{
				{"20190312084511", "http://www.example.com:80/privacy", "text/html", "200", "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"},
				{"20200101120000", "https://example.com/privacy", "text/html", "301", "W5NQGWSUGZZDEPXXVIVLK2KZP5EVWTR7"},
				{"20210704000000", "https://example.com/privacy", "warc/revisit", "-", "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"},
			},
			key: "com,example)/privacy 20210704000000",
		},
		{
			name: "default fields, by header position",
			body: string(readTestdata(t, "cdx-default-fields.json")),
			want: []Capture{{"20180101000000", "https://example.com/privacy", "text/html; charset=utf-8", "200", "AAAAH3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"}},
		},
		{
			name: "only the required fields",
			body: `[["original","timestamp"],["https://example.com/","20200101000000"]]`,
			want: []Capture{{Timestamp: "20200101000000", Original: "https://example.com/"}},
		},
		{name: "not JSON", body: "<html>Service Unavailable</html>", wantErr: "not a JSON array"},
		{name: "object", body: `{"error":"x"}`, wantErr: "not a JSON array"},
		{name: "number field", body: `[["timestamp","original"],[20200101000000,"x"]]`, wantErr: "not a JSON array"},
		{name: "truncated", body: `[["timestamp","original"],["2020`, wantErr: "not a JSON array"},
		{name: "header lacks timestamp", body: `[["original"],["x"]]`, wantErr: "lacks timestamp"},
		{name: "short row", body: `[["timestamp","original"],["20200101000000"]]`, wantErr: "row 1 has 1 fields"},
		{name: "bad timestamp", body: `[["timestamp","original"],["2020","https://example.com/"]]`, wantErr: "not 14 digits"},
		{name: "impossible date", body: `[["timestamp","original"],["20191399000000","https://example.com/"]]`, wantErr: "month out of range"},
		{name: "empty original", body: `[["timestamp","original"],["20200101000000",""]]`, wantErr: "empty original"},
		{name: "empty row without key", body: `[["timestamp","original"],[]]`, wantErr: "resume key"},
		{name: "rows after the key", body: `[["timestamp","original"],[],["k"],["20200101000000","x"]]`, wantErr: "resume key"},
		{name: "empty key", body: `[["timestamp","original"],[],[""]]`, wantErr: "resume key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key, err := parseCDX([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if key != tt.key {
				t.Errorf("resume key = %q, want %q", key, tt.key)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d captures %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("capture %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func FuzzParseCDX(f *testing.F) {
	for _, name := range []string{"cdx-page.json", "cdx-empty.json", "cdx-header-only.json", "cdx-default-fields.json"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`[["timestamp","original"],[],["k"]]`))
	f.Add([]byte(`[[],[]]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		caps, key, err := parseCDX(body)
		if err != nil {
			if caps != nil || key != "" {
				t.Fatalf("error %v came with results", err)
			}
			return
		}
		for _, c := range caps {
			if _, err := c.Time(); err != nil {
				t.Fatalf("accepted a capture with a bad time: %v", err)
			}
			if c.Original == "" {
				t.Fatal("accepted a capture without an original URL")
			}
		}
	})
}

// BenchmarkParseCDX parses a full page of 5000 rows, the page size asked.
func BenchmarkParseCDX(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`[["timestamp","original","mimetype","statuscode","digest"]`)
	at := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range cdxPageSize {
		ts := at.Add(time.Duration(i) * 97 * time.Minute).Format(timestampLayout)
		fmt.Fprintf(&sb, `,["%s","https://www.example.com/privacy","text/html","200","3I42H3S6NNFQ2MSVX7XZKYAYSC%06d"]`, ts, i)
	}
	sb.WriteString(`,[],["com,example)/privacy 20191228000000"]]`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		caps, key, err := parseCDX(body)
		if err != nil || len(caps) != cdxPageSize || key == "" {
			b.Fatalf("%d captures, key %q, err %v", len(caps), key, err)
		}
	}
}
