package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zlib"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/diff"
)

// Issue 21, points 4 and 5: pages that lie. A hostile server answers with
// whatever the test sets; none of these answers may become a version,
// however often it is seen.

func sections(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("Section %d. We collect your name and e-mail address for purpose number %d, keep it for %d days and share it with no one else.", i, i, 30+i))
	}
	return out
}

// hostileSite serves whatever body, type and encoding the test sets.
type hostileSite struct {
	servedPage
	ct, ce string
	raw    []byte // when set, sent instead of body
}

func (h *hostileSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	w.Header().Set("Content-Type", h.ct)
	if h.ce != "" {
		w.Header().Set("Content-Encoding", h.ce)
	}
	if h.raw != nil {
		w.Write(h.raw)
		return
	}
	fmt.Fprint(w, h.body)
}

func (h *hostileSite) serve(ct, ce string, raw []byte, body string) {
	h.mu.Lock()
	h.ct, h.ce, h.raw, h.body = ct, ce, raw, body
	h.mu.Unlock()
}

func openHostile(t *testing.T, extra string) (*App, *hostileSite, []Target) {
	t.Helper()
	site := &hostileSite{}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nrespect_robots: false\n"+extra+
		"alerts:\n  min_severity: none\n  webhooks:\n    - {url: "+srv.URL+"/hook, secret_env: X}\n"+
		"vendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: "+srv.URL+"/privacy}\n")
	targets, err := a.Select(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return a, site, targets
}

func crawlOne(t *testing.T, a *App, targets []Target) Outcome {
	t.Helper()
	outs, _ := a.Crawl(context.Background(), targets)
	return outs[0]
}

func versionCount(t *testing.T, a *App, tg Target) int {
	t.Helper()
	vs, err := a.Store().Versions(context.Background(), tg.Stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

func randomBody(n int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

func TestLyingPagesNeverBecomeVersions(t *testing.T) {
	good := policyHTML("1", sections(10)...)
	var br, zl bytes.Buffer
	bw := brotli.NewWriter(&br)
	bw.Write([]byte(good))
	bw.Close()
	zw := zlib.NewWriter(&zl)
	zw.Write([]byte(good))
	zw.Close()

	lies := []struct {
		name, ct, ce string
		raw          []byte
		body         string
		reason       string
	}{
		{name: "pdf as html", ct: "text/html", raw: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + string(randomBody(2000))), reason: "not text"},
		{name: "random bytes as html", ct: "text/html", raw: randomBody(20000), reason: "not text"},
		{name: "random bytes as utf-8", ct: "text/html; charset=utf-8", raw: randomBody(20000), reason: "not text"},
		{name: "maintenance", ct: "text/html", body: "<html><head><title>Acme</title></head><body><h1>We'll be back soon!</h1><p>Sorry for the inconvenience, we are performing scheduled maintenance.</p></body></html>", reason: "maintenance"},
		{name: "oops", ct: "text/html", body: "<html><body><main><h1>Oops!</h1><p>Something went wrong. Please try again.</p></main></body></html>", reason: "error page"},
		{name: "cookie-only", ct: "text/html", body: "<html><body><main><h1>Your privacy</h1><p>We use cookies to give you the best experience on our website.</p><p>Accept all</p><p>Reject all</p></main></body></html>", reason: "cookie-consent"},
		{name: "login form", ct: "text/html", body: "<html><body><main><h1>Welcome back</h1><p>Enter your e-mail address and your password to reach your account settings.</p><form><input name=email><input type=password name=pw><button>Continue</button></form></main></body></html>", reason: "login"},
		{name: "German maintenance", ct: "text/html", body: "<html><body><p>Wegen Wartungsarbeiten ist diese Seite vorübergehend nicht erreichbar.</p></body></html>", reason: "maintenance"},
		{name: "French bot wall", ct: "text/html", body: "<html><body><p>Vérifiez que vous êtes humain en cochant la case : je ne suis pas un robot.</p></body></html>", reason: "challenge"},
	}
	a, site, targets := openHostile(t, "")
	site.serve("text/html; charset=utf-8", "", nil, good)
	if o := crawlOne(t, a, targets); o.Status != StatusNew {
		t.Fatalf("first crawl: %s %v", o.Status, o.Err)
	}
	for _, l := range lies {
		t.Run(l.name, func(t *testing.T) {
			site.serve(l.ct, l.ce, l.raw, l.body)
			for i := range 3 { // seen again and again: still never a version
				o := crawlOne(t, a, targets)
				if o.Status != StatusError || o.Err == nil || !strings.Contains(strings.ToLower(o.Err.Error()), l.reason) {
					t.Fatalf("sight %d: %s %v, want an error naming %q", i+1, o.Status, o.Err, l.reason)
				}
			}
			if n := versionCount(t, a, targets[0]); n != 1 {
				t.Fatalf("%d versions, want the first only", n)
			}
		})
	}
	// The same page compressed with br or deflate is the same text.
	for _, enc := range []struct {
		ce  string
		raw []byte
	}{{"br", br.Bytes()}, {"deflate", zl.Bytes()}} {
		site.serve("text/html; charset=utf-8", enc.ce, enc.raw, "")
		if o := crawlOne(t, a, targets); o.Status != StatusUnchanged {
			t.Errorf("page sent as %s: %s %v, want unchanged", enc.ce, o.Status, o.Err)
		}
	}
	if ds, _ := a.Store().Deliveries(context.Background(), ""); len(ds) != 0 {
		t.Errorf("%d alerts queued from pages that lie", len(ds))
	}
}

func TestCutShortPageIsAFetchError(t *testing.T) {
	a, site, targets := openHostile(t, "")
	full := policyHTML("1", sections(10)...)
	site.serve("text/html; charset=utf-8", "", nil, full)
	if o := crawlOne(t, a, targets); o.Status != StatusNew {
		t.Fatalf("first crawl: %s %v", o.Status, o.Err)
	}
	half := full[:len(full)*6/10] // served whole, with a 200 and a matching length
	site.serve("text/html; charset=utf-8", "", nil, half)
	for range 2 {
		o := crawlOne(t, a, targets)
		if o.Status != StatusError || !strings.Contains(o.Err.Error(), "cut short") {
			t.Fatalf("half the HTML: %s %v, want a cut-short error", o.Status, o.Err)
		}
	}
	site.serve("text/html; charset=utf-8", "", nil, full)
	if o := crawlOne(t, a, targets); o.Status != StatusUnchanged {
		t.Errorf("the full page again: %s %v", o.Status, o.Err)
	}
	if n := versionCount(t, a, targets[0]); n != 1 {
		t.Errorf("%d versions, want 1", n)
	}
}

// Five of ten sections served whole (closing tags and all): held, no alert,
// until seen again; the full text returning discards the held one.
func TestHalfTheSectionsIsHeld(t *testing.T) {
	a, site, targets := openHostile(t, "")
	full := policyHTML("1", sections(10)...)
	half := policyHTML("1", sections(5)...)
	site.serve("text/html; charset=utf-8", "", nil, full)
	if o := crawlOne(t, a, targets); o.Status != StatusNew {
		t.Fatalf("first crawl: %s %v", o.Status, o.Err)
	}
	site.serve("text/html; charset=utf-8", "", nil, half)
	if o := crawlOne(t, a, targets); o.Status != StatusUnchanged || !strings.Contains(o.Note, "held") || !strings.Contains(o.Note, "clauses") {
		t.Fatalf("half the sections: %s %q, want held for the lost clauses", o.Status, o.Note)
	}
	site.serve("text/html; charset=utf-8", "", nil, full) // the full text returns
	if o := crawlOne(t, a, targets); o.Status != StatusUnchanged {
		t.Fatalf("full text back: %s %v", o.Status, o.Err)
	}
	site.serve("text/html; charset=utf-8", "", nil, half)
	if o := crawlOne(t, a, targets); o.Status != StatusUnchanged || !strings.Contains(o.Note, "held") {
		t.Fatalf("half again after the full text: %s %q, want held anew (the earlier sighting was discarded)", o.Status, o.Note)
	}
	if ds, _ := a.Store().Deliveries(context.Background(), ""); len(ds) != 0 {
		t.Errorf("%d alerts while held", len(ds))
	}
	if o := crawlOne(t, a, targets); o.Status != StatusChanged {
		t.Fatalf("half seen on two crawls in a row: %s %q, want it stored (a real shrink is not lost)", o.Status, o.Note)
	}
	if n := versionCount(t, a, targets[0]); n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
}

// In the daemon a held text is stored only when seen again at least
// suspect_hold after its first sighting.
func TestDaemonHoldsForSuspectHold(t *testing.T) {
	a, _, targets := openHostile(t, "suspect_hold: 6h\n")
	a.daemon = true
	ctx := context.Background()
	t0 := time.Now() // each document's time budget runs from its start
	page := func(at time.Duration, body string) Outcome {
		return a.Process(ctx, targets[0], crawler.Result{Key: targets[0].Key(), URL: targets[0].Doc.URL, FinalURL: targets[0].Doc.URL,
			Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(body), StartedAt: t0.Add(at)})
	}
	full, half := policyHTML("1", sections(10)...), policyHTML("1", sections(5)...)
	if o := page(0, full); o.Status != StatusNew {
		t.Fatalf("first: %s %v", o.Status, o.Err)
	}
	for _, at := range []time.Duration{time.Hour, 2 * time.Hour, 6*time.Hour + 59*time.Minute} {
		if o := page(at, half); o.Status != StatusUnchanged || !strings.Contains(o.Note, "held") {
			t.Fatalf("at +%s: %s %q, want held", at, o.Status, o.Note)
		}
	}
	if o := page(7*time.Hour+time.Minute, half); o.Status != StatusChanged {
		t.Fatalf("6h after the first sighting: %s %q, want stored", o.Status, o.Note)
	}
}

func TestLocalFilesOnlyRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	big := filepath.Join(dir, "big.md")
	os.WriteFile(big, bytes.Repeat([]byte("We keep your data. "), 1<<16), 0o644) // 1.2 MB
	a := openTestApp(t, fmt.Sprintf(`database: tracker.db
max_body_size: 1MiB
vendors:
  - {id: zero, name: Zero, documents: [{type: dpa, url: "file:///dev/zero"}]}
  - {id: pipe, name: Pipe, documents: [{type: dpa, url: "file://%s"}]}
  - {id: big, name: Big, documents: [{type: dpa, url: "file://%s"}]}
  - {id: dir, name: Dir, documents: [{type: dpa, url: "file://%s"}]}
`, fifo, big, dir))
	targets, _ := a.Select(nil, "")
	done := make(chan []Outcome, 1)
	go func() {
		outs, _ := a.Crawl(context.Background(), targets)
		done <- outs
	}()
	var outs []Outcome
	select {
	case outs = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the crawl blocked on a device or a named pipe")
	}
	want := map[string]string{"zero": "not a regular file", "pipe": "not a regular file", "big": "exceeds 1 MiB limit", "dir": "is a folder"}
	for _, o := range outs {
		w, ok := want[o.Target.Vendor.ID]
		if !ok {
			continue
		}
		if o.Status != StatusError || !strings.Contains(o.Err.Error(), w) {
			t.Errorf("%s: %s %v, want an error saying %q", o.Target.Key(), o.Status, o.Err, w)
		}
	}
}

// A document out of time fails with an error naming document_timeout; the
// crawl goes on with the others. Each request is within timeout: a slow
// robots.txt and then a trickling page together are not.
func TestDocumentTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			time.Sleep(700 * time.Millisecond)
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		for r.Context().Err() == nil { // a trickle that never ends
			fmt.Fprint(w, "<p>We keep your data.</p>")
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	}))
	t.Cleanup(slow.Close)
	good := httptest.NewServer(html(policyHTML("1", sections(10)...)))
	t.Cleanup(good.Close)
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\ntimeout: 1s\ndocument_timeout: 1200ms\nvendors:\n"+
		"  - {id: slow, name: Slow, documents: [{type: privacy, url: "+slow.URL+"/p}]}\n"+
		"  - {id: good, name: Good, documents: [{type: privacy, url: "+good.URL+"/p}]}\n")
	targets, _ := a.Select(nil, "")
	outs, _ := a.Crawl(context.Background(), targets)
	if o := outs[0]; o.Status != StatusError || !strings.Contains(o.Err.Error(), "document_timeout") {
		t.Errorf("slow: %s %v, want a document_timeout error", o.Status, o.Err)
	}
	if o := outs[1]; o.Status != StatusNew {
		t.Errorf("good: %s %v, want new", o.Status, o.Err)
	}
}

// Comparing a 5 MB single-line page stops when the crawl is cancelled.
func TestComparisonStopsOnCancel(t *testing.T) {
	a, _, targets := openHostile(t, "")
	ctx := context.Background()
	res := func(body string) crawler.Result {
		return crawler.Result{Key: targets[0].Key(), URL: targets[0].Doc.URL, FinalURL: targets[0].Doc.URL,
			Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(body), StartedAt: time.Now()}
	}
	page := func(seed uint64) string {
		return "<html><body><main><p>" + hostileWords(seed, 5<<20/7, 0) + "</p></main></body></html>"
	}
	if o := a.Process(ctx, targets[0], res(page(1))); o.Status != StatusNew {
		t.Fatalf("first: %s %v", o.Status, o.Err)
	}
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	o := a.Process(cctx, targets[0], res(page(2)))
	if o.Status != StatusError || !errors.Is(o.Err, context.Canceled) {
		t.Fatalf("cancelled: %s %v, want an error saying the run was cancelled", o.Status, o.Err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Process returned %s after the cancel", d)
	}
	if n := versionCount(t, a, targets[0]); n != 1 {
		t.Errorf("%d versions, want 1", n)
	}
}

// Past classifyBatch of changed text the changes are classified in batches:
// the merged report counts every change once and keeps the worst severity.
func TestClassifyInBatches(t *testing.T) {
	var changes []diff.Change
	size := 0
	for i := 0; size <= 2*classifyBatch; i++ {
		c := diff.Change{Kind: diff.Modified, Section: "Sharing",
			OldText: fmt.Sprintf("We do not sell your personal information (clause %d). %s", i, strings.Repeat("Padding words here. ", 40)),
			NewText: fmt.Sprintf("We may sell your personal information to data brokers (clause %d). %s", i, strings.Repeat("Padding words here. ", 40))}
		size += len(c.OldText) + len(c.NewText)
		changes = append(changes, c)
	}
	r, err := classifyBounded(context.Background(), &diff.Result{Changes: changes}, "", strings.Repeat("We collect data. ", 20))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != len(changes) || r.Summary.Modified != len(changes) {
		t.Fatalf("%d changes, %d modified; want %d", len(r.Changes), r.Summary.Modified, len(changes))
	}
	if !r.Summary.Material || r.Summary.MaxSeverity < classify.Medium {
		t.Errorf("summary %+v: the merged report lost the severity", r.Summary)
	}
}
