package crawler

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestJudgeHeaders(t *testing.T) {
	j := judge{maxBody: 10 << 20, types: DefaultContentTypes}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name        string
		status      int
		h           http.Header
		conditional bool
		reason      Reason // empty: accepted
		errHas      string
		retryAfter  time.Duration
	}{
		{name: "html", status: 200, h: hdr("Content-Type", "text/html; charset=UTF-8")},
		{name: "xhtml", status: 200, h: hdr("Content-Type", "application/xhtml+xml")},
		{name: "markdown", status: 200, h: hdr("Content-Type", "text/x-markdown")},
		{name: "upper case type", status: 200, h: hdr("Content-Type", "TEXT/PLAIN")},
		{name: "no type yet", status: 200, h: hdr()},
		{name: "304 conditional", status: 304, h: hdr(), conditional: true},
		{name: "304 unasked", status: 304, h: hdr(), reason: ReasonHTTPStatus},
		{name: "pdf", status: 200, h: hdr("Content-Type", "application/pdf")},
		{name: "octet-stream, judged on its body", status: 200, h: hdr("Content-Type", "application/octet-stream")},
		{name: "json", status: 200, h: hdr("Content-Type", "application/json"), reason: ReasonContentType,
			errHas: "unsupported content type application/json: tracker reads HTML, plain text, Markdown and PDF only"},
		{name: "declared too large", status: 200, h: hdr("Content-Type", "text/html", "Content-Length", "10485761"),
			reason: ReasonTooLarge, errHas: "body exceeds 10 MiB limit"},
		{name: "declared at the cap", status: 200, h: hdr("Content-Type", "text/html", "Content-Length", "10485760")},
		{name: "404", status: 404, h: hdr(), reason: ReasonHTTPStatus, errHas: "HTTP 404 Not Found"},
		{name: "410", status: 410, h: hdr(), reason: ReasonHTTPStatus, errHas: "HTTP 410 Gone"},
		{name: "429 seconds", status: 429, h: hdr("Retry-After", "30"), reason: ReasonRateLimited, retryAfter: 30 * time.Second},
		{name: "429 without header", status: 429, h: hdr(), reason: ReasonRateLimited},
		{name: "503 date", status: 503, h: hdr("Retry-After", "Fri, 02 Jan 2026 03:06:05 GMT"), reason: ReasonHTTPStatus, retryAfter: 2 * time.Minute},
		{name: "500 ignores retry-after", status: 500, h: hdr("Retry-After", "30"), reason: ReasonHTTPStatus},
		{name: "300 unfollowed", status: 300, h: hdr(), reason: ReasonHTTPStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := j.headers("https://example.com/p", tt.status, tt.h, tt.conditional, now)
			if tt.reason == "" {
				if fe != nil {
					t.Fatalf("refused: %v", fe)
				}
				return
			}
			if fe == nil || fe.Reason != tt.reason {
				t.Fatalf("got %v, want reason %s", fe, tt.reason)
			}
			if !strings.Contains(fe.Error(), tt.errHas) || fe.Status != tt.status || fe.RetryAfter != tt.retryAfter {
				t.Errorf("got %q status %d retry %s; want %q, %d, %s", fe, fe.Status, fe.RetryAfter, tt.errHas, tt.status, tt.retryAfter)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 5 ", 5 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"99999999999", 0},
		{"Fri, 02 Jan 2026 04:04:05 GMT", time.Hour},
		{"Friday, 02-Jan-26 03:05:05 GMT", time.Minute},
		{"Thu, 01 Jan 2026 00:00:00 GMT", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestJudgeBody(t *testing.T) {
	j := judge{maxBody: 8, types: DefaultContentTypes}
	tests := []struct {
		name, ct string
		body     string
		reason   Reason
	}{
		{name: "fits", ct: "text/plain", body: "12345678"},
		{name: "one over", ct: "text/plain", body: "123456789", reason: ReasonTooLarge},
		{name: "sniffed text", body: "privacy"},
		{name: "sniffed html", body: "<html>"},
		{name: "sniffed pdf", body: "%PDF-1."},
		{name: "octet-stream pdf", ct: "application/octet-stream", body: "%PDF-1."},
		{name: "octet-stream zip", ct: "application/octet-stream", body: "PK\x03\x04", reason: ReasonContentType},
		{name: "sniffed png", body: "\x89PNG\r\n\x1a\n", reason: ReasonContentType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := j.body("https://example.com/p", 200, tt.ct, []byte(tt.body))
			switch {
			case tt.reason == "" && fe != nil:
				t.Errorf("refused: %v", fe)
			case tt.reason != "" && (fe == nil || fe.Reason != tt.reason):
				t.Errorf("got %v, want reason %s", fe, tt.reason)
			}
		})
	}
}

func TestResultContentType(t *testing.T) {
	tests := []struct{ header, body, want string }{
		{"text/html; charset=utf-8", "", "text/html; charset=utf-8"},
		{"text/html; charset=ISO-8859-1", "", "text/html; charset=utf-8"},
		{"text/markdown", "", "text/markdown"},
		{"", "<!DOCTYPE html><p>x", "text/html; charset=utf-8"},
		{"", "plain words", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.header+"|"+tt.body, func(t *testing.T) {
			if got := resultContentType(tt.header, []byte(tt.body)); got != tt.want {
				t.Errorf("resultContentType = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{10 << 20, "10 MiB"}, {4096, "4 KiB"}, {1536, "1536 bytes"}, {1000, "1000 bytes"},
	}
	for _, tt := range tests {
		if got := formatSize(tt.n); got != tt.want {
			t.Errorf("formatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
