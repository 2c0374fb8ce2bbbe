package pipeline

import (
	"errors"
	"log/slog"
	"sync"

	"github.com/tracker-dev/tracker/browser"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pdf"
)

// engines are the heavy readers a run may need, each started on first
// use, so that a crawl of plain web pages starts neither. An App and the
// Apps a reload makes from it share one set; the browser keeps the
// settings of the configuration it was first needed with.
type engines struct {
	pdf *pdf.Reader

	mu         sync.Mutex
	browserRef *browser.Browser
	browserErr error // the browser could not be found; asked once
	tried      bool
}

func newEngines() *engines {
	return &engines{pdf: pdf.NewReader(pdf.ReaderOptions{})}
}

// browser returns the shared browser, set up on first use; an error means
// none can be found.
func (e *engines) browser(cfg *config.Config, userAgent string, m *Metrics, log *slog.Logger) (*browser.Browser, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.tried {
		e.tried = true
		e.browserRef, e.browserErr = browser.New(browser.Options{
			Path:        cfg.BrowserPath,
			Parallelism: cfg.BrowserParallelism,
			Timeout:     cfg.RenderTimeout,
			UserAgent:   userAgent,
			MaxBytes:    int64(cfg.MaxBodySize),
			Logger:      log.With(slog.String("component", "browser")),
		})
		if e.browserErr == nil {
			m.watchBrowser(e.browserRef)
		}
	}
	return e.browserRef, e.browserErr
}

func (e *engines) close() error {
	err := e.pdf.Close()
	e.mu.Lock()
	b := e.browserRef
	e.browserRef, e.tried = nil, false
	e.mu.Unlock()
	if b != nil {
		err = errors.Join(err, b.Close())
	}
	return err
}
