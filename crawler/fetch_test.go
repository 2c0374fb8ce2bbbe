package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	testMaxBody   = 4096
	policyETag    = `"v1"`
	policyLastMod = "Mon, 06 May 2019 10:00:00 GMT"
)

// newSite serves the documents the table tests fetch.
func newSite(t *testing.T) (*httptest.Server, *recorder) {
	t.Helper()
	html := fixture(t, "policy.html")
	md := fixture(t, "policy.md")
	pdf := fixture(t, "policy.pdf")
	mux := http.NewServeMux()
	srv := httptest.NewServer(nil)
	rec := &recorder{}
	srv.Config.Handler = rec.wrap(mux)
	t.Cleanup(srv.Close)

	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write(fixture(t, "robots.txt"))
	})
	mux.HandleFunc("/policy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", policyETag)
		w.Header().Set("Last-Modified", policyLastMod)
		if r.Header.Get("If-None-Match") == policyETag || r.Header.Get("If-Modified-Since") == policyLastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(html)
	})
	mux.HandleFunc("/terms.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown")
		w.Write(md)
	})
	mux.HandleFunc("/untyped.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // stop net/http from sniffing one
		w.Write(md)
	})
	mux.HandleFunc("/untyped.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write(pdf)
	})
	mux.HandleFunc("/dpa.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"pdf1"`)
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Donn\xe9es personnelles"))
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "gzip expected", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/markdown")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write(md)
		zw.Close()
	})
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n <= 0 {
			http.Redirect(w, r, "/policy", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to-login", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/account/login?next=%2Fpolicy", http.StatusFound)
	})
	mux.HandleFunc("/to-other", func(w http.ResponseWriter, r *http.Request) {
		// localhost and 127.0.0.1 are different sites to the policy; the
		// redirect is refused before anything is sent there.
		http.Redirect(w, r, "http://localhost:1/policy", http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", strconv.Itoa(testMaxBody+1))
		w.Write(bytes.Repeat([]byte("a"), testMaxBody+1))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 5 {
			w.Write(bytes.Repeat([]byte("b"), testMaxBody/4))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.(http.Flusher).Flush() // chunked: no Content-Length to judge by
		w.Write(bytes.Repeat([]byte("c"), testMaxBody))
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.PathValue("code"))
		if ra := r.URL.Query().Get("retry"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<h1>%d</h1>", code)
	})
	mux.HandleFunc("/quiet-304", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified) // no validators echoed
			return
		}
		w.Write(md)
	})
	mux.HandleFunc("/bare-304", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	})
	mux.HandleFunc("/private/policy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(html)
	})
	return srv, rec
}

func TestFetchOne(t *testing.T) {
	srv, _ := newSite(t)
	c := newTestCrawler(t, Options{MaxBodySize: testMaxBody})
	future := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)

	tests := []struct {
		name        string
		req         Request
		reason      Reason // empty: success
		status      int
		finalPath   string
		body        []byte
		contentType string
		notModified bool
		errHas      string
		retryAfter  time.Duration // lower bound when set
		etag        string
	}{
		{name: "html", req: Request{URL: "/policy"}, status: 200, finalPath: "/policy",
			body: fixture(t, "policy.html"), contentType: "text/html; charset=utf-8", etag: policyETag},
		{name: "markdown", req: Request{URL: "/terms.md"}, status: 200, body: fixture(t, "policy.md"), contentType: "text/markdown"},
		{name: "no content type, text sniffed", req: Request{URL: "/untyped.txt"}, status: 200,
			body: fixture(t, "policy.md"), contentType: "text/plain; charset=utf-8"},
		{name: "gzip accepted and decoded", req: Request{URL: "/gzip"}, status: 200, body: fixture(t, "policy.md")},
		{name: "declared charset decoded to utf-8", req: Request{URL: "/latin1"}, status: 200,
			body: []byte("Données personnelles"), contentType: "text/plain; charset=utf-8"},
		{name: "body exactly at the cap", req: Request{URL: "/exact"}, status: 200, body: bytes.Repeat([]byte("c"), testMaxBody)},
		{name: "conditional by etag", req: Request{URL: "/policy", ETag: policyETag}, status: 304, notModified: true, etag: policyETag},
		{name: "conditional by date", req: Request{URL: "/policy", LastModified: policyLastMod}, status: 304, notModified: true, etag: policyETag},
		{name: "304 keeps the validators sent", req: Request{URL: "/quiet-304", ETag: `"q1"`}, status: 304, notModified: true, etag: `"q1"`},
		{name: "stale etag refetches", req: Request{URL: "/policy", ETag: `"v0"`}, status: 200, body: fixture(t, "policy.html"), etag: policyETag},
		{name: "redirects followed", req: Request{URL: "/hop/3"}, status: 200, finalPath: "/policy", body: fixture(t, "policy.html"), etag: policyETag},
		{name: "too many redirects", req: Request{URL: "/hop/12"}, reason: ReasonRedirects, errHas: "too many redirects: stopped after 10"},
		{name: "redirect to login", req: Request{URL: "/to-login"}, reason: ReasonRedirectLogin, errHas: "/account/login"},
		{name: "redirect to another site", req: Request{URL: "/to-other"}, reason: ReasonRedirectHost, errHas: "localhost:1"},
		{name: "declared length over cap", req: Request{URL: "/big"}, reason: ReasonTooLarge, status: 200, errHas: "body exceeds 4 KiB limit"},
		{name: "streamed body over cap", req: Request{URL: "/big-chunked"}, reason: ReasonTooLarge, status: 200, errHas: "body exceeds 4 KiB limit"},
		{name: "pdf", req: Request{URL: "/dpa.pdf"}, status: 200, body: fixture(t, "policy.pdf"), contentType: "application/pdf", etag: `"pdf1"`},
		{name: "untyped pdf sniffed", req: Request{URL: "/untyped.pdf"}, status: 200, body: fixture(t, "policy.pdf"), contentType: "application/pdf"},
		{name: "404", req: Request{URL: "/status/404"}, reason: ReasonHTTPStatus, status: 404, errHas: "HTTP 404 Not Found"},
		{name: "500", req: Request{URL: "/status/500"}, reason: ReasonHTTPStatus, status: 500, errHas: "HTTP 500 Internal Server Error"},
		{name: "403", req: Request{URL: "/status/403"}, reason: ReasonHTTPStatus, status: 403, errHas: "login"},
		{name: "429 retry seconds", req: Request{URL: "/status/429?retry=120"}, reason: ReasonRateLimited, status: 429,
			errHas: "retry after 2m0s", retryAfter: 120 * time.Second},
		{name: "503 retry date", req: Request{URL: "/status/503?retry=" + strings.ReplaceAll(future, " ", "%20")},
			reason: ReasonHTTPStatus, status: 503, retryAfter: 80 * time.Second},
		{name: "304 without validators", req: Request{URL: "/bare-304"}, reason: ReasonHTTPStatus, status: 304, errHas: "no validators"},
		{name: "not a URL", req: Request{URL: "ftp://example.com/x"}, reason: ReasonOther, errHas: "not http or https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			if strings.HasPrefix(req.URL, "/") {
				req.URL = srv.URL + req.URL
			}
			req.Key = "doc-" + tt.name
			res := c.FetchOne(t.Context(), req)
			if res.Key != req.Key || res.URL != req.URL {
				t.Errorf("Key, URL = %q, %q; want the request's", res.Key, res.URL)
			}
			if res.Status != tt.status {
				t.Errorf("Status = %d, want %d", res.Status, tt.status)
			}
			if res.ETag != tt.etag {
				t.Errorf("ETag = %q, want %q", res.ETag, tt.etag)
			}
			if tt.reason != "" {
				fe := wantFetchError(t, res, tt.reason)
				if !strings.Contains(fe.Error(), tt.errHas) {
					t.Errorf("error %q does not contain %q", fe.Error(), tt.errHas)
				}
				if fe.Status != tt.status {
					t.Errorf("FetchError.Status = %d, want %d", fe.Status, tt.status)
				}
				if fe.RetryAfter < tt.retryAfter || (tt.retryAfter == 0) != (fe.RetryAfter == 0) {
					t.Errorf("RetryAfter = %s, want at least %s", fe.RetryAfter, tt.retryAfter)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("Err = %v", res.Err)
			}
			if res.NotModified != tt.notModified {
				t.Errorf("NotModified = %v, want %v", res.NotModified, tt.notModified)
			}
			if tt.notModified && res.Body != nil {
				t.Errorf("304 carries a body of %d bytes", len(res.Body))
			}
			if tt.body != nil && !bytes.Equal(res.Body, tt.body) {
				t.Errorf("Body = %.80q, want %.80q", res.Body, tt.body)
			}
			if tt.contentType != "" && res.ContentType != tt.contentType {
				t.Errorf("ContentType = %q, want %q", res.ContentType, tt.contentType)
			}
			if tt.finalPath != "" && res.FinalURL != srv.URL+tt.finalPath {
				t.Errorf("FinalURL = %q, want %q", res.FinalURL, srv.URL+tt.finalPath)
			}
			if res.StartedAt.IsZero() || res.Duration <= 0 {
				t.Errorf("StartedAt, Duration = %v, %v; want both set", res.StartedAt, res.Duration)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	srv, rec := newSite(t)
	tests := []struct {
		name, ua, wantUA string
		req              Request
		wantINM, wantIMS string
	}{
		{name: "default user agent", wantUA: DefaultUserAgent, req: Request{URL: "/terms.md"}},
		{name: "configured user agent", ua: "acme-compliance/2.0", wantUA: "acme-compliance/2.0", req: Request{URL: "/terms.md"}},
		{name: "validators sent", wantUA: DefaultUserAgent, req: Request{URL: "/policy", ETag: policyETag, LastModified: policyLastMod},
			wantINM: policyETag, wantIMS: policyLastMod},
		{name: "validators asked for at fetch time", wantUA: DefaultUserAgent,
			req: Request{URL: "/policy", ETag: `"stale"`, Validate: func(context.Context) (string, string) {
				return policyETag, policyLastMod
			}},
			wantINM: policyETag, wantIMS: policyLastMod},
		{name: "no validators from Validate: a plain GET", wantUA: DefaultUserAgent,
			req: Request{URL: "/policy", ETag: `"stale"`, Validate: func(context.Context) (string, string) { return "", "" }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCrawler(t, Options{UserAgent: tt.ua})
			req := tt.req
			req.URL = srv.URL + req.URL
			before := len(rec.hitsFor(tt.req.URL))
			if res := c.FetchOne(t.Context(), req); res.Err != nil {
				t.Fatalf("FetchOne: %v", res.Err)
			}
			hits := rec.hitsFor(tt.req.URL)
			if len(hits) != before+1 {
				t.Fatalf("server saw %d requests, want 1", len(hits)-before)
			}
			h := hits[len(hits)-1].Header
			if got := h.Get("User-Agent"); got != tt.wantUA {
				t.Errorf("User-Agent = %q, want %q", got, tt.wantUA)
			}
			if got := h.Get("If-None-Match"); got != tt.wantINM {
				t.Errorf("If-None-Match = %q, want %q", got, tt.wantINM)
			}
			if got := h.Get("If-Modified-Since"); got != tt.wantIMS {
				t.Errorf("If-Modified-Since = %q, want %q", got, tt.wantIMS)
			}
			if !strings.Contains(h.Get("Accept"), "text/html") {
				t.Errorf("Accept = %q, want text/html among the types", h.Get("Accept"))
			}
		})
	}
}

func TestRobots(t *testing.T) {
	srv, rec := newSite(t)
	tests := []struct {
		name    string
		respect bool
		path    string
		reason  Reason
	}{
		{name: "disallowed for tracker", respect: true, path: "/private/policy", reason: ReasonRobots},
		{name: "allowed path", respect: true, path: "/policy"},
		{name: "ignored when not respected", respect: false, path: "/private/policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCrawler(t, Options{RespectRobots: tt.respect})
			res := c.FetchOne(t.Context(), Request{URL: srv.URL + tt.path})
			if tt.reason != "" {
				fe := wantFetchError(t, res, tt.reason)
				if !strings.Contains(fe.Error(), "robots.txt") {
					t.Errorf("error %q does not name robots.txt", fe)
				}
				return
			}
			if res.Err != nil || res.Body == nil {
				t.Fatalf("Err = %v, body %d bytes; want the page", res.Err, len(res.Body))
			}
		})
	}

	t.Run("fetched once per host", func(t *testing.T) {
		before := len(rec.hitsFor("/robots.txt"))
		c := newTestCrawler(t, Options{RespectRobots: true})
		for _, p := range []string{"/policy", "/terms.md", "/private/policy", "/policy"} {
			c.FetchOne(t.Context(), Request{URL: srv.URL + p})
		}
		if n := len(rec.hitsFor("/robots.txt")) - before; n != 1 {
			t.Errorf("robots.txt fetched %d times, want 1", n)
		}
	})
}

// TestSiteRedirects routes every host name to one local server so real
// looking domains can be used; nothing leaves 127.0.0.1.
func TestSiteRedirects(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	targets := map[string]string{
		"www.example.com/privacy":  "http://example.com/privacy",
		"example.com/terms":        "https://login.other.com/terms",
		"example.com/dpa":          "http://accounts.example.com/sso/start?doc=dpa",
		"example.co.uk/privacy":    "http://other.co.uk/privacy",
		"docs.example.com/privacy": "http://example.com/signin.html",
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if to, ok := targets[r.Host+r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<p>%s%s</p>", r.Host, r.URL.Path)
	})

	c := newTestCrawler(t, Options{})
	// Every name is dialled to the local server: these hosts play public
	// sites, so the guarded path (redirects to other hosts) dials there too.
	toLocal := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}
	c.transport.DialContext = toLocal
	c.guarded.DialContext = toLocal

	tests := []struct {
		url, final string
		reason     Reason
	}{
		{url: "http://www.example.com/privacy", final: "http://example.com/privacy"},
		{url: "http://example.com/terms", reason: ReasonRedirectHost},
		{url: "http://example.com/dpa", reason: ReasonRedirectLogin},
		{url: "http://example.co.uk/privacy", reason: ReasonRedirectHost},
		{url: "http://docs.example.com/privacy", reason: ReasonRedirectLogin},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			res := c.FetchOne(t.Context(), Request{URL: tt.url})
			if tt.reason != "" {
				wantFetchError(t, res, tt.reason)
				return
			}
			if res.Err != nil {
				t.Fatalf("Err = %v", res.Err)
			}
			if res.FinalURL != tt.final {
				t.Errorf("FinalURL = %q, want %q", res.FinalURL, tt.final)
			}
		})
	}
}

// Several workers on one host must not each fetch robots.txt: the first
// request goes alone and the others find it cached.
func TestRobotsFetchedOnceByParallelWorkers(t *testing.T) {
	rec := &recorder{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond) // a window for workers to race in
		io.WriteString(w, "User-agent: *\nAllow: /\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<p>policy</p>")
	})
	srv := httptest.NewServer(rec.wrap(mux))
	t.Cleanup(srv.Close)

	c := newTestCrawler(t, Options{RespectRobots: true, HostParallelism: 4})
	var reqs []Request
	for i := range 12 {
		reqs = append(reqs, Request{Key: fmt.Sprint(i), URL: fmt.Sprintf("%s/doc%d", srv.URL, i)})
	}
	got := 0
	c.Fetch(t.Context(), reqs, func(r Result) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
		got++
	})
	if got != len(reqs) {
		t.Errorf("%d results, want %d", got, len(reqs))
	}
	if n := len(rec.hitsFor("/robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
}
