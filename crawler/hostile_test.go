package crawler

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/unicode"

	"github.com/tracker-dev/tracker/egress"
)

// Issue 21's hostile servers: each answer is built to exhaust memory,
// time or trust; the crawler must refuse it with a clear error.

const bombLimit = 1 << 20 // the crawler's budget in these tests

// bomb is 8 MiB of HTML, compressed: a few hundred kilobytes on the wire.
var bombPlain = bytes.Repeat([]byte("<p>aaaaaaaaaaaaaaa</p>\n"), (8<<20)/23)

func encodeWith(t *testing.T, coding string, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	case "zlib":
		w, _ = zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	case "raw-deflate":
		w, _ = flate.NewWriter(&buf, flate.BestSpeed)
	case "br":
		w = brotli.NewWriterLevel(&buf, 1)
	case "zstd":
		w, _ = zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest))
	default:
		t.Fatalf("no encoder %s", coding)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodedBodyBudget(t *testing.T) {
	small := []byte("<html><body><h1>Privacy</h1><p>We keep your data 30 days.</p></body></html>")
	type answer struct {
		ce, ct string
		body   []byte
	}
	tests := []struct {
		name   string
		answer answer
		reason Reason // empty: the page, decoded
	}{
		{"x-gzip bomb", answer{"x-gzip", "text/html", encodeWith(t, "gzip", bombPlain)}, ReasonTooLarge},
		{"gzip, identity bomb", answer{"gzip, identity", "text/html", encodeWith(t, "gzip", bombPlain)}, ReasonTooLarge},
		{"GZIP upper case bomb", answer{"GZIP", "text/html", encodeWith(t, "gzip", bombPlain)}, ReasonTooLarge},
		{"deflate (zlib) bomb", answer{"deflate", "text/html", encodeWith(t, "zlib", bombPlain)}, ReasonTooLarge},
		{"deflate (raw) bomb", answer{"deflate", "text/html", encodeWith(t, "raw-deflate", bombPlain)}, ReasonTooLarge},
		{"br bomb", answer{"br", "text/html", encodeWith(t, "br", bombPlain)}, ReasonTooLarge},
		{"zstd bomb", answer{"zstd", "text/html", encodeWith(t, "zstd", bombPlain)}, ReasonTooLarge},
		{"gzip twice bomb", answer{"gzip, gzip", "text/html", encodeWith(t, "gzip", encodeWith(t, "gzip", bombPlain))}, ReasonTooLarge},
		{"gzip named in the type, no encoding", answer{"", "application/x-gzip", encodeWith(t, "gzip", bombPlain)}, ReasonContentType},
		{"gzip in a type parameter", answer{"", "text/html; x=gzip", encodeWith(t, "gzip", small)}, ""},
		{"unknown coding", answer{"compress", "text/html", small}, ReasonDecode},
		{"corrupt gzip", answer{"gzip", "text/html", []byte("\x1f\x8b\x08\x00garbage")}, ReasonDecode},
		{"small x-gzip", answer{"x-gzip", "text/html", encodeWith(t, "gzip", small)}, ""},
		{"small deflate", answer{"deflate", "text/html", encodeWith(t, "zlib", small)}, ""},
		{"small raw deflate", answer{"deflate", "text/html", encodeWith(t, "raw-deflate", small)}, ""},
		{"small br", answer{"br", "text/html", encodeWith(t, "br", small)}, ""},
		{"small zstd", answer{"zstd", "text/html", encodeWith(t, "zstd", small)}, ""},
		{"small gzip, identity", answer{"gzip, identity", "text/html", encodeWith(t, "gzip", small)}, ""},
	}
	answers := make(map[string]answer)
	for i, tt := range tests {
		answers[fmt.Sprintf("/%d", i)] = tt.answer
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answers[r.URL.Path]
		w.Header().Set("Content-Type", a.ct)
		if a.ce != "" {
			w.Header().Set("Content-Encoding", a.ce)
		}
		w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{MaxBodySize: bombLimit})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.FetchOne(t.Context(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)})
			if tt.reason != "" {
				fe := wantFetchError(t, res, tt.reason)
				if tt.reason == ReasonTooLarge && !strings.Contains(fe.Error(), "1 MiB limit") {
					t.Errorf("error %q does not name the limit", fe)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("Err = %v", res.Err)
			}
			body := res.Body
			if tt.answer.ce == "" {
				body = tt.answer.body // sent as is, read as is
			} else if !bytes.Equal(body, small) {
				t.Errorf("body = %q, want the decoded page", body)
			}
			if !bytes.Equal(res.Body, body) {
				t.Errorf("body changed in transit: %d bytes, want %d", len(res.Body), len(body))
			}
		})
	}
}

// A UTF-16 page over the budget must be refused, not truncated: decoded to
// UTF-8 it is half its size and used to pass the check.
func TestUTF16OverBudget(t *testing.T) {
	page := "<html><body><p>" + strings.Repeat("We keep your data. ", 600) + "</p></body></html>"
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(page))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-16")
		w.(http.Flusher).Flush() // chunked: no Content-Length to refuse early
		w.Write(utf16)
	}))
	t.Cleanup(srv.Close)
	if len(utf16) <= testMaxBody*2 || len(page) > testMaxBody*4 {
		t.Fatalf("fixture sizes %d/%d do not straddle the limit", len(utf16), len(page))
	}
	c := newTestCrawler(t, Options{MaxBodySize: int64(len(utf16) - 100)})
	wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/privacy"}), ReasonTooLarge)
}

func TestRobotsBudgetAndRedirects(t *testing.T) {
	var adminHits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adminHits.Add(1)
		io.WriteString(w, "User-agent: *\nDisallow:\n")
	}))
	t.Cleanup(internal.Close)
	robotsBomb := encodeWith(t, "gzip", bytes.Repeat([]byte("Disallow: /x\n"), (64<<20)/13))

	page := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<p>policy</p>")
	}
	tests := []struct {
		name   string
		robots http.HandlerFunc
		reason Reason // empty: the page is fetched
	}{
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(robotsBomb)
		}, ReasonTooLarge},
		{"endless", func(w http.ResponseWriter, r *http.Request) {
			line := bytes.Repeat([]byte("Allow: /a\n"), 1000)
			for r.Context().Err() == nil {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		}, ReasonTooLarge},
		{"redirect to loopback on another port", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, internal.URL+"/internal-admin?action=delete-all", http.StatusFound)
		}, ""},
		{"redirect to another site", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://localhost:1/robots.txt", http.StatusFound)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					tt.robots(w, r)
					return
				}
				page(w)
			}))
			t.Cleanup(srv.Close)
			c := newTestCrawler(t, Options{MaxBodySize: bombLimit, RespectRobots: true, Timeout: 5 * time.Second})
			res := c.FetchOne(t.Context(), Request{URL: srv.URL + "/privacy"})
			if tt.reason != "" {
				fe := wantFetchError(t, res, tt.reason)
				if !strings.Contains(fe.Error(), "robots.txt") {
					t.Errorf("error %q does not name robots.txt", fe)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("Err = %v; a robots.txt whose redirect may not be followed is unavailable, which allows all", res.Err)
			}
		})
	}
	if n := adminHits.Load(); n != 0 {
		t.Errorf("the internal server got %d requests through robots.txt redirects", n)
	}
}

func TestRedirectsToPrivateAddresses(t *testing.T) {
	var internalHits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<p>internal admin</p>")
	}))
	t.Cleanup(internal.Close)
	_, internalPort, _ := net.SplitHostPort(internal.Listener.Addr().String())

	mux := http.NewServeMux()
	mux.HandleFunc("/same-ip-other-port", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/internal-admin?action=delete-all", http.StatusFound)
	})
	mux.HandleFunc("/same-host", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/privacy", http.StatusFound)
	})
	mux.HandleFunc("/privacy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<p>policy</p>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	t.Run("a private configured URL may redirect within its own host", func(t *testing.T) {
		c := newTestCrawler(t, Options{})
		res := c.FetchOne(t.Context(), Request{URL: srv.URL + "/same-host"})
		if res.Err != nil || res.FinalURL != srv.URL+"/privacy" {
			t.Fatalf("Err = %v, FinalURL %s", res.Err, res.FinalURL)
		}
	})
	t.Run("not to the same IP on another port", func(t *testing.T) {
		c := newTestCrawler(t, Options{})
		fe := wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/same-ip-other-port"}), ReasonRedirectPrivate)
		if !strings.Contains(fe.Error(), "allow_private_redirects") {
			t.Errorf("error %q does not say how to allow it", fe)
		}
		if n := internalHits.Load(); n != 0 {
			t.Errorf("the internal server got %d requests", n)
		}
	})
	t.Run("allowed per document", func(t *testing.T) {
		c := newTestCrawler(t, Options{})
		res := c.FetchOne(t.Context(), Request{URL: srv.URL + "/same-ip-other-port", AllowPrivateRedirects: true})
		if res.Err != nil {
			t.Fatalf("Err = %v", res.Err)
		}
		if internalHits.Load() != 1 {
			t.Errorf("the redirect was not followed")
		}
		internalHits.Store(0)
	})

	// A public-looking name that resolves to a private address at dial
	// time (DNS rebinding): the check runs on the dialled address.
	t.Run("a name resolving to loopback", func(t *testing.T) {
		site := http.NewServeMux()
		site.HandleFunc("/privacy", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://rebind.example.com:"+internalPort+"/admin", http.StatusFound)
		})
		pub := httptest.NewServer(site)
		t.Cleanup(pub.Close)
		c := newTestCrawler(t, Options{})
		// www.example.com is "public": the trusted path dials it to the
		// local site; rebind.example.com "resolves" to 127.0.0.1 in the
		// guarded dialer, which must refuse it after resolution.
		c.transport.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, pub.Listener.Addr().String())
		}
		c.guarded.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, _ := net.SplitHostPort(addr)
			d := &net.Dialer{ControlContext: egress.Control}
			return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		}
		fe := wantFetchError(t, c.FetchOne(t.Context(), Request{URL: "http://www.example.com/privacy"}), ReasonRedirectPrivate)
		var blocked *egress.BlockedError
		if !errors.As(fe, &blocked) || blocked.Range != "loopback" {
			t.Errorf("error %v does not name the loopback range", fe)
		}
		if n := internalHits.Load(); n != 0 {
			t.Errorf("the internal server got %d requests", n)
		}
	})
}

// A body shorter than its Content-Length is cut short: an error, never a page.
func TestBodyShorterThanContentLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3000\r\n\r\n<html><body><p>half")
		buf.Flush()
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{})
	wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/privacy"}), ReasonConnection)
}

// A document's time budget bounds a slow, endless stream from the moment
// its turn comes, with an error that names the setting.
func TestDocumentBudget(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for r.Context().Err() == nil {
			io.WriteString(w, "<p>a</p>")
			w.(http.Flusher).Flush()
			time.Sleep(10 * time.Millisecond)
		}
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{Timeout: 30 * time.Second})
	start := time.Now()
	fe := wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/slow", Budget: 300 * time.Millisecond}), ReasonTimeout)
	if !strings.Contains(fe.Error(), "document_timeout") {
		t.Errorf("error %q does not name document_timeout", fe)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the fetch ran %s past a 300ms budget", d)
	}
}

// The budget holds memory, not just the verdict: a 128 MiB x-gzip bomb
// is refused after about the budget is decoded (colly used to inflate it
// whole before the size was checked).
func TestBombMemory(t *testing.T) {
	bomb := encodeWith(t, "gzip", make([]byte, 128<<20))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "x-gzip")
		w.Write(bomb)
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{MaxBodySize: bombLimit})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/privacy"}), ReasonTooLarge)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("refusing the bomb allocated %d MiB; the budget is 1 MiB", alloc>>20)
	}
}

// A body refused at the budget costs the budget once: read in pieces, not
// gathered into one buffer grown by copying (which left two to three times
// the budget to the collector per bomb, and a crawl fetches eight at once).
func TestRefusedBodyCostsTheBudgetOnce(t *testing.T) {
	const limit = 8 << 20
	bomb := encodeWith(t, "gzip", make([]byte, 64<<20))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	t.Cleanup(srv.Close)
	c := newTestCrawler(t, Options{MaxBodySize: limit})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	wantFetchError(t, c.FetchOne(t.Context(), Request{URL: srv.URL + "/privacy"}), ReasonTooLarge)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit*3/2 {
		t.Errorf("refusing the bomb allocated %.1f MiB; the budget is %d MiB", float64(alloc)/(1<<20), limit>>20)
	}
}
