package wayback

import (
	"errors"
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
	for _, bad := range []string{"", "2019", "2019031208451x", "201903120845110", "20191332000000"} {
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
		{"pdf", "application/pdf", "200", ErrNotHTML},
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

func TestMergeCaptures(t *testing.T) {
	c := func(ts, digest string) Capture {
		return Capture{Timestamp: ts, Original: "https://example.com/p", Digest: digest}
	}
	got := mergeCaptures([]Capture{
		// as asked for example.com/p
		c("20200101000000", "A"), c("20210101000000", "B"), c("20230101000000", "A"),
		// as asked for www.example.com/p: a repeat, a run of A, a new one
		c("20200101000000", "A"), c("20200601000000", "A"), c("20220101000000", "C"),
	})
	want := []Capture{c("20200101000000", "A"), c("20210101000000", "B"), c("20220101000000", "C"), c("20230101000000", "A")}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("capture %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
