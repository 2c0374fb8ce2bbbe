package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
)

// site serves policy pages from memory on 127.0.0.1 and lets a test edit
// them between crawls.
type site struct {
	mu    sync.Mutex
	pages map[string]string // path → HTML
	hits  map[string]int
	srv   *httptest.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{pages: map[string]string{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body, ok := s.pages[r.URL.Path]
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = body
}

func (s *site) get(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pages[path]
}

func (s *site) url(path string) string { return s.srv.URL + path }

// seedDoc reads a seed policy from testdata as blocks.
func seedDoc(t *testing.T, name string) *doc.Document {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := extract.Bytes(body, "", name, extract.Options{})
	if err != nil {
		t.Fatalf("extract %s: %v", name, err)
	}
	return d
}

// policyPage renders blocks as a realistic page: navigation, a cookie
// banner with a session id, the policy in <main>, a footer with a year.
func policyPage(d *doc.Document, footerYear int, session string) string {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(d.Title))
	b.WriteString("</title><script>window.__BUILD='" + session + "'</script></head><body>")
	b.WriteString(`<header><nav><a href="/">Home</a> <a href="/products">Products</a> <a href="/support">Support</a></nav></header>`)
	b.WriteString(`<div class="cookie-consent" role="dialog"><p>We use cookies. Session ` + session + `</p><button>Accept</button></div>`)
	b.WriteString("<main>")
	inList := false
	for _, bl := range d.Blocks {
		if bl.Kind != doc.ListItem && inList {
			b.WriteString("</ul>")
			inList = false
		}
		text := html.EscapeString(bl.Text)
		switch bl.Kind {
		case doc.Heading:
			fmt.Fprintf(&b, "<h%d>%s</h%d>", min(bl.Level+1, 6), text, min(bl.Level+1, 6))
		case doc.ListItem:
			if !inList {
				b.WriteString("<ul>")
				inList = true
			}
			b.WriteString("<li>" + text + "</li>")
		default:
			b.WriteString("<p>" + text + "</p>")
		}
	}
	if inList {
		b.WriteString("</ul>")
	}
	b.WriteString("</main>")
	fmt.Fprintf(&b, `<footer><p>© %d Example Corp. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>`, footerYear)
	return b.String()
}
