// Package waybacktest is a fake Internet Archive for tests: an httptest
// server on 127.0.0.1 serving the CDX index (/cdx/search/cdx) and replays
// (/web/{timestamp}{flags}/{original}) from captures held in memory, with
// knobs to make it refuse or fail, and a log of every request.
//
//	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
//	arch := waybacktest.New(t, waybacktest.Capture{
//		Timestamp: "20200101000000", Original: "https://example.com/privacy",
//		Body: "<html>...</html>",
//	})
//	arch.SetClock(clk.Now)
//	arch.Fail(waybacktest.Fault{Status: 429, RetryAfter: "120"})
//
// It answers the way web.archive.org answered in the recordings under
// testdata (see testdata/README.md), and its tests check that it still does:
//
//   - the index folds the scheme, default ports, case and "www." into one
//     URL key: example.com/p and www.example.com/p are one page;
//   - CDX answers are plain text, seven fields a row, repeats kept; a page
//     that reaches its limit ends with a blank line and the archive's own
//     resume key (the URL-encoded key and timestamp of the last row read,
//     its last character incremented), so a history that ends exactly on a
//     page boundary gets one more, empty, page; filter=, collapse=,
//     resolveRevisits= and output=json work as on the archive;
//   - a replay carries Memento-Datetime; the archive's own answers do not:
//     the redirect to the nearest capture (302 with
//     X-Archive-Redirect-Reason), "has not archived that URL" (404) and
//     "This URL has been excluded" (200);
//   - an archived error (say a 429 the site answered) is replayed with its
//     status and a Memento-Datetime; a Fault is the archive itself refusing;
//   - replays are gzipped when the client accepts it, and a Capture can
//     carry the archive's encoding quirks (see Quirk).
package waybacktest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
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

// Capture is one archived response and its row in the index.
type Capture struct {
	Timestamp string // 14 digits, as the index has it (the archive's own can be malformed)
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
	// mimetype "warc/revisit" and statuscode "-"; the replay serves Body,
	// or when it is empty the payload of the capture with the same digest.
	Revisit bool
	// Digest defaults to the base32 SHA-1 of Body, as the archive computes it.
	Digest string
	// Unplayable captures are listed but cannot be replayed: the archive
	// redirects to the nearest other capture instead.
	Unplayable bool
	// Quirk is how the replay's encoding goes wrong, if it does.
	Quirk Quirk

	// Rows read from a recording keep the index's own fields verbatim.
	URLKey     string // default: the key the fake computes
	StatusCode string // default: Status, "-" for a revisit
	Length     string // default: the length of Body
}

// Quirk is an encoding fault the archive is known to make on replays.
type Quirk int

const (
	// NoQuirk replays cleanly.
	NoQuirk Quirk = iota
	// BlankContentEncoding sends a blank "content-encoding:" header before
	// "Content-Encoding: gzip" on a gzipped replay, as the archive does for
	// payloads that were gzipped when captured (see testdata/README.md).
	// A client that trusts the first one gets gzip bytes as the page.
	BlankContentEncoding
	// GzipBody serves the payload gzipped with no Content-Encoding of its
	// own, as when a gzipped payload was archived as is.
	GzipBody
)

// Fault is an answer the archive itself gives instead of the real one, once
// (no Memento-Datetime: it is not a capture).
type Fault struct {
	Status     int    // e.g. 429, 503, 500; 200 with Body serves garbage
	RetryAfter string // Retry-After header value; "" for none
	Body       string // served as is
	Header     http.Header
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
	Status    int // answered; 0 for a dropped connection
}

// Server is the fake archive. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to give the client, e.g. "http://127.0.0.1:41234".
	URL string

	mu       sync.Mutex
	captures []Capture // sorted by URL key, then timestamp; repeats kept
	faults   []Fault
	requests []Request
	excluded []string // URL key prefixes
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

// Add archives more captures. A capture added twice is listed twice, as
// the index sometimes does.
func (s *Server) Add(caps ...Capture) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range caps {
		if c.StatusCode != "" {
			c.Revisit = c.Revisit || c.StatusCode == "-" || c.MimeType == "warc/revisit"
			if n, err := strconv.Atoi(c.StatusCode); err == nil && c.Status == 0 {
				c.Status = n
			}
		}
		if c.Status == 0 {
			c.Status = http.StatusOK
		}
		if c.MimeType == "" {
			c.MimeType = "text/html"
		}
		if c.Revisit {
			c.MimeType, c.StatusCode = "warc/revisit", "-"
		}
		if c.StatusCode == "" {
			c.StatusCode = strconv.Itoa(c.Status)
		}
		if c.Digest == "" {
			sum := sha1.Sum([]byte(c.Body))
			c.Digest = base32.StdEncoding.EncodeToString(sum[:])
		}
		if c.URLKey == "" {
			c.URLKey = urlKey(c.Original)
		}
		if c.Length == "" {
			c.Length = strconv.Itoa(len(c.Body))
		}
		s.captures = append(s.captures, c)
	}
	slices.SortStableFunc(s.captures, func(a, b Capture) int {
		if a.URLKey != b.URLKey {
			return strings.Compare(a.URLKey, b.URLKey)
		}
		return strings.Compare(a.Timestamp, b.Timestamp)
	})
}

// Exclude makes every page under prefix unavailable, as the archive does
// for sites it was asked to exclude: CDX answers 403 with
// X-Archive-Wayback-Runtime-Error, replays answer the "This URL has been
// excluded" page.
func (s *Server) Exclude(prefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.excluded = append(s.excluded, strings.TrimSuffix(urlKey(prefix), "/"))
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

// reply is an answer before it is written: handlers build it, serve
// encodes and writes it.
type reply struct {
	status int
	header http.Header
	body   []byte
	quirk  Quirk
	drop   bool
}

func newReply(status int, contentType string, body []byte) reply {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return reply{status: status, header: h, body: body}
}

// state is a copy of what a request needs, taken under the lock.
type state struct {
	caps     []Capture
	excluded []string
	maxRows  int
}

func (st state) isExcluded(key string) bool {
	for _, p := range st.excluded {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	req := Request{Time: s.now(), Path: r.URL.Path, Query: r.URL.Query(), UserAgent: r.UserAgent()}
	fault, faulty := s.takeFault(r.URL.Path)
	st := state{caps: s.captures, excluded: s.excluded, maxRows: s.maxRows}
	s.mu.Unlock()

	var rep reply
	switch {
	case faulty:
		rep = faultReply(fault)
	case r.URL.Path == CDXPath:
		rep = serveCDX(r.URL.Query(), st)
	case strings.HasPrefix(r.URL.Path, ReplayPrefix):
		rep = s.serveReplay(r, st)
	default:
		rep = newReply(http.StatusNotFound, "text/plain; charset=utf-8", []byte("not found\n"))
	}
	// Logged before the answer is written: a client that has its answer
	// finds its request in the log.
	req.Status = rep.status
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	write(w, r, rep)
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

func faultReply(f Fault) reply {
	if f.Drop {
		return reply{drop: true}
	}
	rep := newReply(f.Status, "", []byte(f.Body))
	for k, vs := range f.Header {
		rep.header[k] = vs
	}
	if f.RetryAfter != "" {
		rep.header.Set("Retry-After", f.RetryAfter)
	}
	return rep
}

// write sends rep, gzipped when the client accepts it (as the archive
// does).
func write(w http.ResponseWriter, r *http.Request, rep reply) {
	if rep.drop {
		hijack(w, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>trunc")
		return
	}
	gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && len(rep.body) > 0
	body := rep.body
	if gz {
		body = gzipped(body)
	}
	if gz && rep.quirk == BlankContentEncoding {
		// Written by hand: net/http would sort the two headers and
		// canonicalise the blank one's name.
		var b strings.Builder
		fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\ncontent-encoding: \r\nContent-Encoding: gzip\r\n", rep.status, http.StatusText(rep.status))
		for k, vs := range rep.header {
			for _, v := range vs {
				fmt.Fprintf(&b, "%s: %s\r\n", k, v)
			}
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(body))
		hijack(w, b.String()+string(body))
		return
	}
	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
}

// hijack writes raw bytes on the connection and closes it.
func hijack(w http.ResponseWriter, raw string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack the connection", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = buf.WriteString(raw)
	_ = buf.Flush()
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}
