package pipeline

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/extract"
)

// Issue 21: extraction, diff and classification stop when the crawl's
// context ends. Not waiting for them is not enough: a stage left running
// after a cancel or a document_timeout burns a core for a document nobody
// waits for, and a daemon piles such stages up crawl after crawl.

// stageGoroutines counts the goroutines running extraction, diff or
// classification code.
func stageGoroutines() int {
	return goroutinesIn("tracker/diff.", "tracker/classify.", "tracker/extract.")
}

// goroutinesIn counts the goroutines with a frame in one of pkgs.
func goroutinesIn(pkgs ...string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, pkg := range pkgs {
			if strings.Contains(g, pkg) {
				count++
				break
			}
		}
	}
	return count
}

// waitStagesGone fails the test when stage goroutines are still running
// within after the caller returned.
func waitStagesGone(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		n := stageGoroutines()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Logf("%s", buf)
			t.Fatalf("%d goroutines still extracting, comparing or classifying %s after the cancel", n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A 5 MB single-line page rewritten: the comparison (seconds of diff and
// classification) stops soon after the cancel, it is not left running.
func TestComparisonStopsWorkingOnCancel(t *testing.T) {
	a, _, targets := openHostile(t, "")
	res := func(body string) crawler.Result {
		return crawler.Result{Key: targets[0].Key(), URL: targets[0].Doc.URL, FinalURL: targets[0].Doc.URL,
			Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(body), StartedAt: time.Now()}
	}
	page := func(seed uint64) string {
		return "<html><body><main><p>" + hostileWords(seed, 5<<20/7, 0) + "</p></main></body></html>"
	}
	if o := a.Process(context.Background(), targets[0], res(page(1))); o.Status != StatusNew {
		t.Fatalf("first: %s %v", o.Status, o.Err)
	}
	waitStagesGone(t, 5*time.Second) // the first page's extraction, if anything is left of it
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan Outcome, 1)
	go func() { done <- a.Process(ctx, targets[0], res(page(2))) }()
	// Cancelled once the comparison runs: the differ or the classifier.
	for deadline := time.Now().Add(time.Minute); goroutinesIn("tracker/diff.", "tracker/classify.") == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the comparison never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	o := <-done
	if o.Status != StatusError || !errors.Is(o.Err, context.Canceled) {
		t.Fatalf("cancelled: %s %v, want an error saying the run was cancelled", o.Status, o.Err)
	}
	waitStagesGone(t, 2*time.Second)
}

// Thousands of short paragraphs, all rewritten: the exact clause alignment
// would take hours; it is bounded, and a cancel stops the comparison
// within that bound.
func TestAlignmentOfManyClausesStopsOnCancel(t *testing.T) {
	paragraphs := func(seed uint64) string {
		return strings.ReplaceAll(hostileWords(seed, 60000, 2), ". ", ".\n\n")
	}
	old, new := paragraphs(1), paragraphs(2)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	if _, err := compareBounded(ctx, old, new); !errors.Is(err, context.Canceled) {
		t.Fatalf("compareBounded: %v, want an error wrapping context.Canceled", err)
	}
	waitStagesGone(t, 2*time.Second)
}

// Extraction under a context that has ended does no work and says why.
func TestExtractionStopsOnCancel(t *testing.T) {
	page := []byte("<html><body><main>" + strings.Repeat("<div><p>We share data with partners.</p></div>", 100000) + "</main></body></html>")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := extract.BytesContext(ctx, page, "text/html", "p.html", extract.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("extraction after the cancel: %v, want an error wrapping context.Canceled", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := readPage(ctx, page, "text/html", "http://example.test/p", extract.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("readPage cancelled: %v, want an error wrapping context.Canceled", err)
	}
	waitStagesGone(t, 2*time.Second)
}
