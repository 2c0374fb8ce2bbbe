package pipeline

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/store"
)

// pageSite serves pages by path; a missing path is a 404.
type pageSite struct {
	mu    sync.Mutex
	pages map[string]string
	hits  map[string]int
}

func (s *pageSite) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = body
}

func (s *pageSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body, ok := s.pages[r.URL.Path]
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(body))
}

func TestCombinedDocument(t *testing.T) {
	site := &pageSite{pages: map[string]string{}, hits: map[string]int{}}
	site.set("/terms", policyHTML("1", "These terms govern your use of the service.", "You must be 18 or older."))
	site.set("/payments", `<html><body><nav>Menu</nav><div id="a"><h2>Payments</h2><p>We charge your card monthly.</p></div><div id="b"><p>Promotions change weekly.</p></div></body></html>`)
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "annex.md"), []byte("# Annex\n\nDisputes go to the courts of Paris.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := `database: tracker.db
host_delay: 0s
vendors:
  - id: v
    name: V
    documents:
      - type: terms
        pages:
          - url: ` + srv.URL + `/terms
          - url: ` + srv.URL + `/payments
            select: {start_before: "#a", end_before: "#b"}
          - url: file:annex.md
`
	path := filepath.Join(dir, "tracker.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := Open(ctx, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	targets, _ := a.Select(nil, "")
	if len(targets[0].Pages) != 3 || targets[0].Doc.URL != srv.URL+"/terms" {
		t.Fatalf("target = %+v", targets[0])
	}

	outs, err := a.Crawl(ctx, targets)
	if err != nil || outs[0].Status != StatusNew {
		t.Fatalf("first crawl: %v %+v", err, outs)
	}
	v, _, _ := a.store.LatestVersion(ctx, targets[0].Stored.ID)
	want := "# Privacy Policy\nThese terms govern your use of the service.\nYou must be 18 or older.\n## Payments\nWe charge your card monthly.\n# Annex\nDisputes go to the courts of Paris."
	if v.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", v.Text, want)
	}
	snap, err := a.store.Snapshot(ctx, v.SnapshotID)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := unpackPages(snap)
	if err != nil || len(pages) != 3 || pages[1].URL != srv.URL+"/payments" || !strings.Contains(string(pages[1].Body), "Promotions") ||
		!strings.HasPrefix(pages[0].ContentType, "text/html") || string(pages[2].Body) != "# Annex\n\nDisputes go to the courts of Paris.\n" {
		t.Fatalf("stored pages: %v %+v", err, pages)
	}

	// Noise outside the selected range of one page: nothing new.
	site.set("/payments", strings.Replace(site.pages["/payments"], "weekly", "daily", 1))
	if outs, _ := a.Crawl(ctx, targets); outs[0].Status != StatusUnchanged {
		t.Errorf("noise on page 2: %s %v", outs[0].Status, outs[0].Err)
	}
	// A real change in the second page is a change of the document.
	site.set("/payments", strings.Replace(site.pages["/payments"], "monthly", "every week", 1))
	outs, _ = a.Crawl(ctx, targets)
	if outs[0].Status != StatusChanged || outs[0].Summary == nil || outs[0].Summary.Modified != 1 {
		t.Fatalf("change on page 2: %s %v %+v", outs[0].Status, outs[0].Err, outs[0].Summary)
	}
	// A page that fails fails the document, and nothing is stored.
	site.mu.Lock()
	delete(site.pages, "/terms")
	site.mu.Unlock()
	outs, _ = a.Crawl(ctx, targets)
	if outs[0].Status != StatusError || !strings.Contains(outs[0].Err.Error(), "page 1 of 3") {
		t.Fatalf("a page gone: %s %v", outs[0].Status, outs[0].Err)
	}
	if vs, _ := a.store.VersionList(ctx, targets[0].Stored.ID); len(vs) != 2 {
		t.Errorf("%d versions after a failed page, want 2", len(vs))
	}

	// Re-extraction reads each stored page with its own, new, selectors.
	cfg2 := strings.Replace(yaml, `{start_before: "#a", end_before: "#b"}`, `{start_before: "#a", end_after: "#b"}`, 1)
	if err := os.WriteFile(path, []byte(cfg2), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newApp(ctx, cfg, a.store, Options{})
	if err != nil {
		t.Fatal(err)
	}
	targets, _ = b.Select(nil, "")
	outs, err = b.Reextract(ctx, targets)
	if err != nil || outs[0].Status != StatusChanged {
		t.Fatalf("reextract: %v %+v", err, outs[0])
	}
	v, _, _ = b.store.LatestVersion(ctx, targets[0].Stored.ID)
	if !v.Technical || !strings.Contains(v.Text, "We charge your card every week.\nPromotions change daily.\n# Annex") {
		t.Errorf("re-extracted: technical=%v\n%s", v.Technical, v.Text)
	}

	// The Wayback Machine keeps pages one by one: no backfill of such a
	// document, said so, for good.
	outs2, err := b.Backfill(ctx, nil, targets, BackfillOptions{})
	if !errors.Is(err, ErrPermanentFailure) || len(outs2) != 1 || !strings.Contains(outs2[0].Err.Error(), "several pages") {
		t.Errorf("backfill: %v %+v", err, outs2)
	}
}

func TestPackPagesRoundTrip(t *testing.T) {
	pages := []rawPage{
		{URL: "https://a.example/1", ContentType: "text/html; charset=utf-8", Body: []byte("<p>one</p>\r\n--x\r\n")},
		{URL: "https://a.example/2", ContentType: "", Body: []byte("# two\n")},
		{URL: "https://a.example/3.pdf", ContentType: "application/pdf", Body: []byte("%PDF-1.4\x00\xff binary")},
	}
	snap, err := packPages(pages)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := packPages(pages)
	if string(again.Body) != string(snap.Body) || again.ContentType != snap.ContentType {
		t.Error("the same pages packed twice differ: the snapshot would be stored twice")
	}
	if !isPages(snap.ContentType) || isPages("text/html") {
		t.Errorf("isPages(%q) wrong", snap.ContentType)
	}
	got, err := unpackPages(store.Snapshot{ContentType: snap.ContentType, Body: snap.Body})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(pages) {
		t.Fatalf("%d pages back, want %d", len(got), len(pages))
	}
	for i := range pages {
		if got[i].URL != pages[i].URL || got[i].ContentType != pages[i].ContentType || string(got[i].Body) != string(pages[i].Body) {
			t.Errorf("page %d: %+v, want %+v", i+1, got[i], pages[i])
		}
	}
	// A page holding the boundary itself moves the boundary.
	_, params, _ := strings.Cut(snap.ContentType, "boundary=")
	pages[0].Body = []byte(params)
	snap2, err := packPages(pages)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := unpackPages(snap2); err != nil || string(got[0].Body) != params {
		t.Errorf("page holding the boundary: %v %q", err, got)
	}
}
