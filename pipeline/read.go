package pipeline

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/guard"
	"github.com/tracker-dev/tracker/pdf"
	"github.com/tracker-dev/tracker/sniff"
)

// readPage turns fetched bytes into a document: sniffed as text first (a
// PDF or random bytes served as text/html must fail here, never become a
// version), then extracted, then judged by the guard.
func readPage(ctx context.Context, body []byte, contentType, url string, opts extract.Options) (*doc.Document, error) {
	// A PDF is binary and read as one; every other body must be text, and
	// a PDF served as text (HTML, say) is a lie, refused as such.
	if !servedPDF(body, contentType) {
		if err := sniff.Text(body, contentType); err != nil {
			return nil, fmt.Errorf("%s: %w: point the URL at the HTML version of the document", url, err)
		}
	}
	d, err := runBounded(ctx, "extraction", func() (*doc.Document, error) {
		return extract.BytesContext(ctx, body, contentType, url, opts)
	})
	if errors.Is(err, extract.ErrNoText) {
		return nil, fmt.Errorf("%s: %w: the page may be built by JavaScript in the browser; try the document's printable or static URL, or a select", url, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	if err := guard.CheckPage(d, body); err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	return d, nil
}

// servedPDF reports a PDF body served as one, or under a type that names
// nothing (object stores serve PDFs as application/octet-stream).
func servedPDF(body []byte, contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream", "":
		return pdf.Is(body)
	}
	return false
}

// compareBounded is Compare under ctx: when ctx ends first (the crawl is
// stopped, or the document's time budget is spent) it returns ctx's cause.
func compareBounded(ctx context.Context, oldText, newText string) (classify.Report, error) {
	return runBounded(ctx, "comparison", func() (classify.Report, error) {
		return CompareContext(ctx, oldText, newText)
	})
}

// runBounded runs a CPU-bound stage so that the caller stops waiting when
// ctx ends. f must stop by itself soon after (extraction, diff and
// classification look at ctx as they go): work left running after a
// cancel would burn a core for a document nobody waits for.
func runBounded[T any](ctx context.Context, stage string, f func() (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, stageError(ctx, stage)
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, stageError(ctx, stage)
	}
}

func stageError(ctx context.Context, stage string) error {
	var budget *crawler.BudgetError
	if errors.As(context.Cause(ctx), &budget) {
		return fmt.Errorf("%s stopped: %w; raise document_timeout if such pages are expected", stage, budget)
	}
	return fmt.Errorf("%s stopped: %w", stage, context.Cause(ctx))
}

// documentContext bounds one document's processing by what is left of its
// time budget, counted from the start of its fetch.
func (a *App) documentContext(ctx context.Context, started time.Time) (context.Context, context.CancelFunc) {
	budget := a.cfg.DocumentTimeout
	if budget <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadlineCause(ctx, started.Add(budget), &crawler.BudgetError{Budget: budget})
}
