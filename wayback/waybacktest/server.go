// Package waybacktest is a fake Internet Archive for tests: an httptest
// server on 127.0.0.1 serving the CDX index (/cdx/search/cdx) and raw
// replays (/web/{timestamp}{flags}/{original}) from captures held in
// memory, with knobs to make it refuse or fail, and a log of every request.
//
//	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
//	arch := waybacktest.New(t, waybacktest.Capture{
//		Timestamp: "20200101000000", Original: "https://example.com/privacy",
//		Body: "<html>...</html>",
//	})
//	arch.SetClock(clk.Now)
//	arch.Fail(waybacktest.Fault{Status: 429, RetryAfter: "120"})
//	c := wayback.New(wayback.Options{BaseURL: arch.URL, Sleep: clk.Sleep, Now: clk.Now})
//
// Like the archive, it matches URLs whatever their scheme or default port,
// but not whatever their "www.": that twin is the client's to ask for.
package waybacktest

import (
	"crypto/sha1"
	"encoding/base32"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Paths the fake serves.
const (
	CDXPath      = "/cdx/search/cdx"
	ReplayPrefix = "/web/"
)

// Capture is one archived response.
type Capture struct {
	Timestamp string // 14 digits
	Original  string // URL as captured, e.g. "http://www.example.com:80/privacy"
	Status    int    // HTTP status the site answered; 0 means 200
	MimeType  string // as indexed; "" means "text/html"
	Body      string // payload bytes, in any encoding
	// Header holds extra replay headers; its Content-Type, e.g.
	// "text/html; charset=windows-1252", wins over MimeType.
	Header http.Header
	// RedirectTo is where a 3xx capture redirected; the replay answers
	// with a Location into the archive, as the real one does.
	RedirectTo string
	// Revisit records the capture as a WARC revisit: the index shows
	// mimetype "warc/revisit" and statuscode "-", the replay serves Body.
	Revisit bool
	// Digest defaults to the base32 SHA-1 of Body, as the archive computes it.
	Digest string
}

// Fault is an answer the fake gives instead of the real one, once.
type Fault struct {
	Status     int    // e.g. 429, 503, 500; 200 with Body serves garbage
	RetryAfter string // Retry-After header value; "" for none
	Body       string // served as is
	// Drop answers 200 with a truncated body then closes the connection:
	// the client sees a network error.
	Drop bool
	// Path limits the fault to requests whose path starts with it
	// (CDXPath, ReplayPrefix); "" matches any request.
	Path string
}

// Request is one request the fake received.
type Request struct {
	Time      time.Time // by the clock given to SetClock
	Path      string
	Query     url.Values
	UserAgent string
	Status    int // answered
}

// Server is the fake archive. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to give the client, e.g. "http://127.0.0.1:41234".
	URL string

	mu       sync.Mutex
	captures []Capture
	faults   []Fault
	requests []Request
	now      func() time.Time
	maxRows  int
}

// New starts a fake archive holding caps; it is closed when the test ends.
func New(t testing.TB, caps ...Capture) *Server {
	t.Helper()
	s := &Server{now: time.Now}
	s.Add(caps...)
	hs := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Add archives more captures.
func (s *Server) Add(caps ...Capture) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range caps {
		if c.Status == 0 {
			c.Status = http.StatusOK
		}
		if c.MimeType == "" {
			c.MimeType = "text/html"
		}
		if c.Digest == "" {
			sum := sha1.Sum([]byte(c.Body))
			c.Digest = base32.StdEncoding.EncodeToString(sum[:])
		}
		s.captures = append(s.captures, c)
	}
}

// Fail queues faults; each answers one matching request, in order.
func (s *Server) Fail(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// SetClock sets the clock requests are stamped with, e.g. a Clock's Now,
// so tests can check the spacing the client kept.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetMaxRows caps the rows of a CDX page whatever limit the client asks,
// as the real index does, to exercise paging with few captures.
func (s *Server) SetMaxRows(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxRows = n
}

// Requests is every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count is the number of requests whose path starts with prefix.
func (s *Server) Count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// Gaps is the time between each request and the one before it.
func (s *Server) Gaps() []time.Duration {
	reqs := s.Requests()
	var gaps []time.Duration
	for i := 1; i < len(reqs); i++ {
		gaps = append(gaps, reqs[i].Time.Sub(reqs[i-1].Time))
	}
	return gaps
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	req := Request{Time: s.now(), Path: r.URL.Path, Query: r.URL.Query(), UserAgent: r.UserAgent()}
	fault, faulty := s.takeFault(r.URL.Path)
	caps := append([]Capture(nil), s.captures...)
	maxRows := s.maxRows
	s.mu.Unlock()

	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	switch {
	case faulty:
		serveFault(rec, fault)
	case r.URL.Path == CDXPath:
		serveCDX(rec, r, caps, maxRows)
	case strings.HasPrefix(r.URL.Path, ReplayPrefix):
		s.serveReplay(rec, r, caps)
	default:
		http.NotFound(rec, r)
	}
	req.Status = rec.status
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
}

// takeFault removes and returns the first queued fault matching path.
func (s *Server) takeFault(path string) (Fault, bool) {
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.Path) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

func serveFault(w *statusRecorder, f Fault) {
	if f.Drop {
		w.status = 0
		hj, ok := w.ResponseWriter.(http.Hijacker)
		if !ok {
			http.Error(w, "cannot drop the connection", http.StatusInternalServerError)
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>trunc")
		_ = buf.Flush()
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
