package crawler

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkFetchOne measures the crawler's own cost per document (colly
// clone, callbacks, judging) against a local server with keep-alive.
func BenchmarkFetchOne(b *testing.B) {
	body, err := readFixture("policy.html")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	defer srv.Close()
	c, err := New(Options{HostDelay: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	c.transport.Proxy = nil
	req := Request{Key: "policy", URL: srv.URL + "/policy"}
	b.ReportAllocs()
	for b.Loop() {
		if res := c.FetchOne(b.Context(), req); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
}
