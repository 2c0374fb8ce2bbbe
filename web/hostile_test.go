package web

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
)

// Issue 21 point 7: a GET never writes. A diff page for a pair the crawl
// never compared (here the reversed pair) is computed and not stored, and
// the pages are served from a database opened read-only.
func TestDiffPagesNeverWrite(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	ctx := context.Background()
	cfg := f.app.Config()
	ro, err := pipeline.OpenReadOnly(ctx, cfg, pipeline.Options{})
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	t.Cleanup(func() { ro.Close() })
	h := Handler(ro, nil)
	for range 2 {
		for _, q := range []string{
			fmt.Sprintf("?from=%d&to=%d", f.to, f.from), // reversed
			fmt.Sprintf("?from=%d&to=%d", f.from, f.to),
			fmt.Sprintf("?from=%d&to=%d", f.to, f.to),
		} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/vendors/acme/privacy/diff"+q, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("GET diff%s: %d\n%s", q, rec.Code, rec.Body)
			}
		}
	}
	if _, ok, err := f.app.Store().ChangeBetween(ctx, f.to, f.from); err != nil || ok {
		t.Errorf("the reversed pair was stored by a GET (ok=%v, err=%v)", ok, err)
	}
	// Through the writable App too: reads never write, whoever opened it.
	f.do(t, "GET", fmt.Sprintf("/vendors/acme/privacy/diff?from=%d&to=%d", f.to, f.from))
	if _, ok, _ := f.app.Store().ChangeBetween(ctx, f.to, f.from); ok {
		t.Error("the reversed pair was stored by a GET on the writable App")
	}
}

// file: documents link to their file, not to "#ZgotmplZ".
func TestFileLinks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "dpa.md"), []byte("# DPA\n\nWe process personal data only on your documented instructions.\n"), 0o644)
	path := filepath.Join(dir, "tracker.yaml")
	os.WriteFile(path, []byte("database: tracker.db\nvendors:\n  - id: local\n    name: Local\n    documents:\n      - {type: dpa, url: \"file:dpa.md\"}\n"), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	app, err := pipeline.Open(context.Background(), cfg, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	targets, _ := app.Select(nil, "")
	if outs, err := app.Crawl(context.Background(), targets); err != nil {
		t.Fatalf("crawl: %v %v", err, outs[0].Err)
	}
	rec := httptest.NewRecorder()
	Handler(app, nil).ServeHTTP(rec, httptest.NewRequest("GET", "/vendors/local/dpa", nil))
	body := rec.Body.String()
	if strings.Contains(body, "ZgotmplZ") || !strings.Contains(body, `href="file:dpa.md"`) {
		t.Errorf("the file: link is not rendered as written:\n%s", body)
	}
}

// The server drops a connection that never sends its request instead of
// holding it (and a goroutine) for ever.
func TestServerTimeouts(t *testing.T) {
	srv := NewServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("timeouts not all set: %+v", srv)
	}
	srv.ReadHeaderTimeout = 200 * time.Millisecond
	srv.IdleTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	for _, slow := range []string{"", "GET / HTTP/1.1\r\nHost: x\r\n"} { // silent, and headers never finished
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conn.Write([]byte(slow))
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 512)
		for {
			if _, err := conn.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Errorf("connection sending %q still open after 10s", slow)
				}
				break
			}
		}
		conn.Close()
	}
}

// A text held as suspect shows as held, with the reason, on the pages.
func TestHeldTextIsShown(t *testing.T) {
	site := newPolicySite(t)
	app := openApp(t, site.srv.URL, acme)
	targets, _ := app.Select(nil, "")
	page := func(n int) []byte {
		var b strings.Builder
		b.WriteString("<html><body><main><h1>Privacy Policy</h1>")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "<h2>Section %d</h2><p>We collect your e-mail address for purpose %d and keep it %d days.</p>", i, i, 30+i)
		}
		b.WriteString("</main></body></html>")
		return []byte(b.String())
	}
	for i, n := range []int{10, 5} {
		site.set(page(n))
		if outs, _ := app.Crawl(context.Background(), targets); i == 1 && !strings.Contains(outs[0].Note, "held") {
			t.Fatalf("half the sections: %s %q, want held", outs[0].Status, outs[0].Note)
		}
	}
	h := Handler(app, nil)
	for _, path := range []string{"/vendors", "/vendors/acme", "/vendors/acme/privacy"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body := rec.Body.String()
		if !strings.Contains(body, "held") || !strings.Contains(body, "5 clauses where the previous one had 10") {
			t.Errorf("%s does not show the held text and its reason:\n%s", path, body)
		}
	}
	// The home page lists changes, not checks: it counts the held text and
	// links the list that says why.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if body := rec.Body.String(); !strings.Contains(body, `<a href="/vendors">1 new text held as suspect</a>`) {
		t.Errorf("/ does not count the held text:\n%s", body)
	}
}

// The server holds at most MaxConnections connections, idle keep-alive
// ones included: one more waits until another closes. An idle keep-alive
// connection is closed after IdleTimeout.
func TestConnectionLimit(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv.IdleTimeout = time.Minute // the test's idle connections stay
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	get := func(conn net.Conn, wait time.Duration) error {
		conn.SetDeadline(time.Now().Add(wait))
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			return err
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return err
	}
	dial := func() net.Conn {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	held := make([]net.Conn, MaxConnections)
	for i := range held {
		held[i] = dial()
		if err := get(held[i], 10*time.Second); err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
	}
	extra := dial()
	if _, err := io.WriteString(extra, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	extra.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	br := bufio.NewReader(extra)
	if _, err := br.Peek(1); err == nil {
		t.Fatalf("connection %d was served while %d idle ones were held", MaxConnections+1, MaxConnections)
	}
	held[0].Close()
	extra.SetReadDeadline(time.Now().Add(10 * time.Second))
	if resp, err := http.ReadResponse(br, nil); err != nil {
		t.Errorf("the waiting connection, once another closed: %v", err)
	} else {
		resp.Body.Close()
	}

	// An idle keep-alive connection is let go.
	srv2 := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv2.IdleTimeout = 200 * time.Millisecond
	ln2, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv2.Serve(ln2)
	t.Cleanup(func() { srv2.Close() })
	conn, err := net.Dial("tcp", ln2.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := get(conn, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("idle keep-alive connection: read %v, want EOF (closed by the server)", err)
	}
}
