package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// multiSite serves n policy pages whose text moves to the next revision
// when told, and records every request's span per page, to tell whether a
// page was ever fetched by two processes at once.
type multiSite struct {
	srv *httptest.Server

	mu       sync.Mutex
	rev      int
	inFlight map[string]int
	overlaps []string
	fetches  map[string]int
	total    int
}

func newMultiSite(t *testing.T) *multiSite {
	s := &multiSite{inFlight: map[string]int{}, fetches: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.inFlight[r.URL.Path]++
		if s.inFlight[r.URL.Path] > 1 {
			s.overlaps = append(s.overlaps, r.URL.Path)
		}
		s.fetches[r.URL.Path]++
		s.total++
		rev := s.rev
		s.mu.Unlock()
		time.Sleep(15 * time.Millisecond) // long enough for a second fetch to overlap
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><body><main><h1>Privacy policy of %s</h1><p>We collect your e-mail address to send you receipts.</p>"+
			"<p>We keep your records for %d days, and we may share them with %d advertising partners.</p>"+
			"<p>You may ask us to delete them at any time.</p></main></body></html>", r.URL.Path, 30*(rev+1), rev+1)
		s.mu.Lock()
		s.inFlight[r.URL.Path]--
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *multiSite) bump() {
	s.mu.Lock()
	s.rev++
	s.mu.Unlock()
}

func (s *multiSite) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// alertReceiver is a webhook endpoint that records every delivery: which
// alert (webhook-id), for which document and version, and when.
type alertReceiver struct {
	srv *httptest.Server

	mu     sync.Mutex
	byDoc  map[string][]int64     // document URL → to_version of each delivery
	byID   map[string][]time.Time // webhook-id → arrival of each delivery
	change map[string]string      // webhook-id → document URL and version
}

func newAlertReceiver(t *testing.T) *alertReceiver {
	a := &alertReceiver{byDoc: map[string][]int64{}, byID: map[string][]time.Time{}, change: map[string]string{}}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		body, _ := io.ReadAll(r.Body)
		var p struct {
			Data struct {
				Document struct {
					URL string `json:"url"`
				} `json:"document"`
				ToVersion int64 `json:"to_version"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := r.Header.Get("webhook-id")
		a.mu.Lock()
		a.byDoc[p.Data.Document.URL] = append(a.byDoc[p.Data.Document.URL], p.Data.ToVersion)
		a.byID[id] = append(a.byID[id], at)
		a.change[id] = fmt.Sprintf("%s version %d", p.Data.Document.URL, p.Data.ToVersion)
		a.mu.Unlock()
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *alertReceiver) deliveries() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, at := range a.byID {
		n += len(at)
	}
	return n
}

// alerts counts the distinct alerts received (by webhook-id).
func (a *alertReceiver) alerts() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.byID)
}
