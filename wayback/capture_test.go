package wayback

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestCaptureTime(t *testing.T) {
	got, err := Capture{Timestamp: "20190312084511"}.Time()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2019, 3, 12, 8, 45, 11, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Time() = %v, want %v in UTC", got, want)
	}
	for _, tt := range []struct{ ts, want string }{
		{"20000012170449", "2000-12-17T04:49:00Z"}, // month 00: the rest shifted right, seconds lost
		{"20000800241623", "2000-08-24T16:23:00Z"}, // day 00
	} {
		got, err := Capture{Timestamp: tt.ts}.Time()
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("Time(%s) = %v, %v; want %s", tt.ts, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "2019", "2019031208451x", "201903120845110", "20191332000000", "20000000000000", "20001399000000"} {
		if _, err := (Capture{Timestamp: bad}).Time(); err == nil {
			t.Errorf("Time() accepted %q", bad)
		}
	}
}

func TestRawURL(t *testing.T) {
	c := Capture{Timestamp: "20190312084511", Original: "http://www.example.com:80/privacy?lang=en"}
	for _, base := range []string{"https://web.archive.org", "https://web.archive.org/"} {
		if got, want := c.RawURL(base), "https://web.archive.org/web/20190312084511id_/http://www.example.com:80/privacy?lang=en"; got != want {
			t.Errorf("RawURL(%q) = %q, want %q", base, got, want)
		}
	}
}

func TestSkipReason(t *testing.T) {
	tests := []struct {
		name       string
		mime, code string
		want       error // nil: worth a fetch
	}{
		{"html", "text/html", "200", nil},
		{"html with charset", "text/html; charset=iso-8859-1", "200", nil},
		{"plain text", "text/plain", "200", nil},
		{"xhtml", "application/xhtml+xml", "200", nil},
		{"revisit", "warc/revisit", "-", nil},
		{"unknown type", "unk", "200", nil},
		{"no status", "text/html", "", nil},
		{"moved", "text/html", "301", ErrRedirectCapture},
		{"found", "text/html", "302", ErrRedirectCapture},
		{"not found", "text/html", "404", ErrCaptureStatus},
		{"server error", "text/html", "503", ErrCaptureStatus},
		{"pdf", "application/pdf", "200", nil},
		{"image", "image/png", "200", ErrNotHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Capture{Timestamp: "20200101000000", Original: "https://example.com/", MimeType: tt.mime, StatusCode: tt.code}.skipReason()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("skipReason() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrSkipped) {
				t.Fatalf("skipReason() = %v, want %v and ErrSkipped", err, tt.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 120 * time.Second, true},
		{" 0 ", 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", 0, false},
		{"9999999", 24 * time.Hour, true},
		{"Wed, 01 May 2024 12:03:00 GMT", 3 * time.Minute, true},
		{"Wed, 01 May 2024 11:00:00 GMT", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := retryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDistinct(t *testing.T) {
	row := func(ts, digest string) string {
		return "com,example)/p " + ts + " https://example.com/p text/html 200 " + digest + " 100"
	}
	c := New(Options{})
	l := c.distinct([]string{
		row("20200101000000", "A"), row("20210101000000", "B"), row("20230101000000", "A"),
		row("20200101000000", "A"), // repeated by the index
		row("20200601000000", "A"), // same content as the one before
		row("20220101000000", "C"),
		"com,example)/p 20220601000000 https://example.com/p warc/revisit - C 100",    // a revisit of C
		"com,example)/p 20000012170449 https://www.example.com/p text/html 200 D 100", // month 00: 2000-12-17
		"com,example)/p 20001399000000 https://example.com/p text/html 200 E 100",     // beyond repair
		"com,example)/p 20200101000000 http://mailto:someone@example.com/p text/html 200 F 100",
		"com,example)/p 20200101000000 https://example.com/other text/html 200 G 100",
		"com,example)/p 20200101000000 https://example.com/p text/html 301 H 100",
		"com,example)/p 20200101000000 https://example.com/p image/png 200 I 100",
		"com,example)/p 20200101000000 https://example.com/p text/html 200",
	}, "https://example.com/p")
	want := []string{"20000012170449", "20200101000000", "20210101000000", "20220101000000", "20230101000000"}
	if !slices.Equal(timestamps(l.Captures), want) {
		t.Errorf("captures %v, want %v", timestamps(l.Captures), want)
	}
	if l.Rows != 14 || l.Repeats != 1 || l.Repaired != 1 || l.Malformed != 4 || l.Unwanted != 2 || l.Collapsed != 2 {
		t.Errorf("listing %+v, want 14 rows, 1 repeat, 1 repaired, 4 malformed, 2 unwanted, 2 collapsed", l)
	}
}
