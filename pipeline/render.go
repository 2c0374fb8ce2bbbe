package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/browser"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/crawler"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/guard"
)

// Render modes, as configured per document, per vendor or globally.
const (
	RenderAuto    = config.RenderAuto    // a browser renders pages found to be JavaScript shells
	RenderBrowser = config.RenderBrowser // a browser renders every page
	RenderStatic  = config.RenderStatic  // no browser: the page as served
)

// installHint is what to do when a page needs a browser and none is found.
const installHint = "install Chromium (Debian: apt-get install chromium) or set browser_path to its executable"

// textPage is a fetched document made into text: the body stored as the
// snapshot (the rendered HTML when a browser rendered it).
type textPage struct {
	d           *doc.Document
	body        []byte
	contentType string
	rendered    *browser.Result // nil when no browser was used
}

// read extracts a fetched document under the document's budget dctx. A
// browser renders it first when its mode says so, or, in auto mode, when
// the page as served turns out to be a JavaScript shell; the wait for a
// tab runs under the crawl's ctx (the browser bounds each page itself).
// Pages the guard refuses fail here.
func (a *App) read(ctx, dctx context.Context, t Target, r crawler.Result) (textPage, error) {
	served := textPage{body: r.Body, contentType: r.ContentType}
	if t.Render == RenderStatic || !looksHTML(r.ContentType, r.Body) {
		d, err := readPage(dctx, r.Body, r.ContentType, r.FinalURL, t.Extract)
		if errors.Is(err, extract.ErrNoText) && t.Render == RenderStatic {
			err = fmt.Errorf("%w; or set render: auto or render: browser for this document", err)
		}
		served.d = d
		return served, err
	}
	if t.Render == RenderBrowser {
		return a.renderPage(ctx, dctx, t, r, "render: browser")
	}
	d, err := readPage(dctx, r.Body, r.ContentType, r.FinalURL, t.Extract)
	var found *doc.Document
	switch {
	case err == nil:
		found = d
	case errors.Is(err, extract.ErrNoText), errors.Is(err, guard.ErrJavaScriptOnly):
		// no text, or a page asking for JavaScript: the shell test decides
	default:
		return textPage{}, err // a wall, an error page, not text: no browser for those
	}
	reason, shell := guard.Shell(r.Body, found)
	if !shell {
		served.d = d
		return served, err
	}
	if _, berr := a.engines.browser(a.cfg, a.UserAgent(), a.metrics, a.log); berr != nil {
		return textPage{}, fmt.Errorf("%s: the page is built by JavaScript in the browser (%s) and no browser is here to render it: %w; %s (render: static stops trying)",
			r.FinalURL, reason, berr, installHint)
	}
	return a.renderPage(ctx, dctx, t, r, "a JavaScript shell: "+reason)
}

// renderPage renders the fetched document in the browser and reads the
// result. why says what called for the browser, for the logs.
func (a *App) renderPage(ctx, dctx context.Context, t Target, r crawler.Result, why string) (textPage, error) {
	b, err := a.engines.browser(a.cfg, a.UserAgent(), a.metrics, a.log)
	if err != nil {
		return textPage{}, fmt.Errorf("%s: %w; %s, or set render: static", r.FinalURL, err, installHint)
	}
	res, err := b.Render(ctx, browser.Page{
		URL: r.FinalURL, Origin: t.Doc.URL, Body: r.Body, ContentType: r.ContentType, WaitFor: t.Doc.WaitFor,
		AllowPrivate: a.cfg.PrivateRedirects(t.Doc),
	})
	a.metrics.rendered(res, err)
	if err != nil {
		return textPage{}, err
	}
	a.log.Debug("crawl: rendered in the browser", "document", t.Key(), "why", why,
		"duration", res.Duration, "requests", res.Requests, "blocked", res.Blocked, "bytes", res.Bytes)
	const rendered = "text/html; charset=utf-8"
	d, err := readPage(dctx, res.HTML, rendered, res.URL, t.Extract)
	switch {
	case errors.Is(err, extract.ErrNoText), errors.Is(err, guard.ErrJavaScriptOnly):
		return textPage{}, fmt.Errorf("%s: no text even after running its JavaScript in a browser: the text may need a click, a login or more time; try wait_for with the selector of the text: %w", res.URL, err)
	case err != nil:
		return textPage{}, fmt.Errorf("%w (rendered in a browser)", err)
	}
	return textPage{d: d, body: res.HTML, contentType: rendered, rendered: &res}, nil
}

// mayRender reports whether any target may need the browser.
func mayRender(targets []Target) bool {
	for _, t := range targets {
		if t.Render != RenderStatic {
			return true
		}
	}
	return false
}

// looksHTML reports whether a body is an HTML page, by its type or, when
// the type says nothing, its start.
func looksHTML(contentType string, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "application/octet-stream":
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return false
}

// renderNote says in a crawl's output that a browser made the text.
func renderNote(res *browser.Result) string {
	return fmt.Sprintf("rendered in a browser in %s", res.Duration.Round(100*time.Millisecond))
}

// URLOptions tune ExtractURL.
type URLOptions struct {
	UserAgent   string
	Extract     extract.Options
	Render      string // auto (default), browser or static
	WaitFor     string // CSS selector the browser waits for
	BrowserPath string // empty: found in PATH
}

// ExtractURL fetches one page, politely, and extracts it, rendering it in
// a browser as a crawl would (for `tracker extract URL`). Unlike a crawl it
// shows what it finds even on pages the guard would refuse. The note says
// when a browser rendered the page.
func ExtractURL(ctx context.Context, url string, o URLOptions) (*doc.Document, string, error) {
	cfg := config.Default()
	cfg.UserAgent = cmpOr(o.UserAgent, crawler.DefaultUserAgent)
	cfg.BrowserPath = o.BrowserPath
	c, err := crawler.New(crawler.Options{UserAgent: cfg.UserAgent, RespectRobots: true, MaxBodySize: int64(cfg.MaxBodySize)})
	if err != nil {
		return nil, "", err
	}
	r := c.FetchOne(ctx, crawler.Request{Key: url, URL: url})
	if r.Err != nil {
		return nil, "", r.Err
	}
	mode := cmpOr(o.Render, RenderAuto)
	if mode == RenderStatic || !looksHTML(r.ContentType, r.Body) {
		d, err := extract.Bytes(r.Body, r.ContentType, r.FinalURL, o.Extract)
		if err != nil {
			return nil, "", fmt.Errorf("extract %s: %w", r.FinalURL, err)
		}
		return d, "", nil
	}
	e := newEngines()
	defer e.close()
	render := func(why string) (*doc.Document, string, error) {
		b, err := e.browser(&cfg, cfg.UserAgent, NewMetrics(), slog.New(slog.DiscardHandler))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %s: %w; %s", r.FinalURL, why, err, installHint)
		}
		res, err := b.Render(ctx, browser.Page{URL: r.FinalURL, Origin: url, Body: r.Body, ContentType: r.ContentType, WaitFor: o.WaitFor})
		if err != nil {
			return nil, "", err
		}
		d, err := extract.Bytes(res.HTML, "text/html; charset=utf-8", res.URL, o.Extract)
		if err != nil {
			return nil, "", fmt.Errorf("extract %s (rendered in a browser): %w", res.URL, err)
		}
		return d, renderNote(&res), nil
	}
	if mode == RenderBrowser {
		return render("render: browser needs a browser")
	}
	d, err := extract.Bytes(r.Body, r.ContentType, r.FinalURL, o.Extract)
	if err != nil && !errors.Is(err, extract.ErrNoText) {
		return nil, "", fmt.Errorf("extract %s: %w", r.FinalURL, err)
	}
	var found *doc.Document
	if err == nil {
		found = d
	}
	if reason, shell := guard.Shell(r.Body, found); shell {
		return render("a JavaScript shell (" + reason + ") needs a browser")
	}
	if err != nil {
		return nil, "", fmt.Errorf("extract %s: %w", r.FinalURL, err)
	}
	return d, "", nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
