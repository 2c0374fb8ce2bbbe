package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/tracker-dev/tracker/egress"
)

// Page is a page to render: the document the crawler fetched, served to
// the browser as the answer to its navigation.
type Page struct {
	URL string // where the document was fetched from (after redirects)
	// Origin is the configured URL, whose host the page's requests may
	// reach unchecked, as the crawler's may; empty: URL.
	Origin      string
	Body        []byte // the document; the browser does not fetch it again
	ContentType string // its Content-Type; text/html when empty
	// WaitFor is a CSS selector the content is waited for; empty: the
	// page is taken once its network has been idle and its text settled.
	WaitFor string
	// AllowPrivate lets the page's requests reach private and loopback
	// addresses on other hosts than its own (an intranet page's).
	AllowPrivate bool
}

// Result is a rendered page.
type Result struct {
	HTML     []byte // the DOM serialised after scripts ran
	URL      string // the page's address at the end (scripts may move it)
	Duration time.Duration
	Requests int   // requests the page made, the document aside
	Blocked  int   // of which refused (images, frames, private addresses…)
	Bytes    int64 // downloaded, the document included
}

// Timing of the wait for content without a selector.
const (
	settleEvery = 100 * time.Millisecond
	settleQuiet = 5 // polls in a row with the same text length
	settleMax   = 5 * time.Second
)

// Error is a page the browser could not render.
type Error struct {
	URL  string
	Err  error
	Hint string
}

func (e *Error) Error() string {
	msg := "render " + e.URL + ": " + e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrTooLarge is wrapped when a page downloads more than MaxBytes.
var ErrTooLarge = errors.New("the page and its scripts exceed the size limit")

// ErrPrivateAddress is wrapped when a page reached a private address that
// it was not allowed to, found after the fact (DNS changed between the
// check and the request): nothing it rendered is kept.
var ErrPrivateAddress = errors.New("the page reached a private address")

// render loads one page in a new tab of inst.
func render(ctx context.Context, inst *instance, p Page, opts Options) (Result, error) {
	started := time.Now()
	target, err := url.Parse(p.URL)
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") {
		return Result{}, &Error{URL: p.URL, Err: fmt.Errorf("not an http(s) URL")}
	}
	// A new incognito context per page: no cookie, storage or cache of one
	// vendor's page is seen by the next, and all of it goes with the tab.
	tab, closeTab := chromedp.NewContext(inst.ctx, chromedp.WithNewBrowserContext())
	defer closeTab()
	// Opening the tab is bounded too: a browser that stopped answering
	// must not hold the page forever.
	stopOpen := context.AfterFunc(ctx, closeTab)
	openTimer := time.AfterFunc(opts.Timeout, closeTab)
	err = chromedp.Do(tab)
	stopOpen()
	openTimer.Stop()
	if err != nil {
		return Result{}, &Error{URL: p.URL, Err: fmt.Errorf("open a tab: %w", err)}
	}
	tctx, cancel := context.WithTimeoutCause(tab, opts.Timeout, fmt.Errorf("the page took longer than %s", opts.Timeout))
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()

	origin := target
	if p.Origin != "" {
		if origin, err = url.Parse(p.Origin); err != nil {
			return Result{}, &Error{URL: p.URL, Err: fmt.Errorf("configured URL %q: %w", p.Origin, err)}
		}
	}
	r := &run{page: p, target: target, origin: origin, opts: opts, tctx: tctx, cancel: cancel}
	res, err := r.load()
	res.Duration = time.Since(started)
	r.mu.Lock()
	res.Requests, res.Blocked, res.Bytes = r.requests, r.blocked, r.bytes+int64(len(p.Body))
	failure := r.failure
	r.mu.Unlock()
	if failure != nil {
		err = failure // the reason the page was stopped
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			if cause := context.Cause(tctx); failure == nil && cause != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
				err = cause // "took longer than 30s" says more than "deadline exceeded"
			}
			err = &Error{URL: p.URL, Err: err}
		}
		return res, err
	}
	return res, nil
}

// run is one page's load: its request policy and its tallies.
type run struct {
	page   Page
	target *url.URL // the page's address
	origin *url.URL // the configured URL: its host is trusted
	opts   Options
	tctx   context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	mainFrame cdp.FrameID
	served    bool // the document was handed over
	requests  int
	blocked   int
	bytes     int64
	failure   error // set when the page is stopped for cause
}

func (r *run) fail(err error) {
	r.mu.Lock()
	if r.failure == nil {
		r.failure = err
	}
	r.mu.Unlock()
	r.cancel()
}

func (r *run) load() (Result, error) {
	ctx := r.tctx
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return Result{}, fmt.Errorf("frame tree: %w", err)
	}
	r.mainFrame = tree.FrameTree.Frame.ID
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return Result{}, fmt.Errorf("network: %w", err)
	}
	if _, err := chromedp.Call(ctx, page.SetLifecycleEventsEnabled, page.SetLifecycleEventsEnabledParams{Enabled: true}); err != nil {
		return Result{}, fmt.Errorf("lifecycle events: %w", err)
	}
	// Subscriptions first, so that no event of the load is missed.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	data := chromedp.Events(ctx, network.DataReceived)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	lifecycle := chromedp.Events(ctx, page.LifecycleEvent)
	go r.intercept(paused)
	go r.countBytes(data)
	go r.checkResponses(responses)
	idle := make(chan struct{})
	go r.watchIdle(lifecycle, idle)

	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}},
	}); err != nil {
		return Result{}, fmt.Errorf("request interception: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(r.page.URL)); err != nil {
		return Result{}, fmt.Errorf("load: %w", err)
	}
	if err := r.waitContent(idle); err != nil {
		return Result{}, err
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "") + document.documentElement.outerHTML`))
	if err != nil {
		return Result{}, fmt.Errorf("read the page: %w", err)
	}
	if int64(len(html)) > r.opts.MaxBytes {
		return Result{}, &Error{URL: r.page.URL, Err: ErrTooLarge, Hint: "raise max_body_size if the page is really that large"}
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		loc = r.page.URL
	}
	return Result{HTML: []byte(html), URL: loc}, nil
}

// waitContent waits for the selector when one is given, else for the
// network to go idle (at most half the time allowed) and the text to stop
// changing.
func (r *run) waitContent(idle <-chan struct{}) error {
	ctx := r.tctx
	if sel := r.page.WaitFor; sel != "" {
		quoted, _ := json.Marshal(sel)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("document.querySelector("+string(quoted)+") !== null",
			chromedp.WithPollingInterval(settleEvery), chromedp.WithPollingTimeout(r.opts.Timeout)))
		if err != nil {
			return &Error{URL: r.page.URL, Err: fmt.Errorf("wait_for %q: no element matched within %s", sel, r.opts.Timeout),
				Hint: "check the selector with the browser's developer tools, or raise render_timeout"}
		}
		return nil
	}
	// The text is watched while the network settles: both must be quiet.
	quiet := make(chan struct{})
	go func() {
		defer close(quiet)
		wait := time.NewTimer(r.opts.Timeout / 2)
		defer wait.Stop()
		select {
		case <-idle:
		case <-wait.C: // busy pages (polling, streams) never go idle: take what is there
			r.opts.Logger.Debug("browser: network never idle", "url", r.page.URL)
		case <-ctx.Done():
		}
	}()
	return r.settle(quiet)
}

// settle polls the page's text length until the network is quiet and the
// length has not changed for settleQuiet polls: scripts that render after
// their data arrived, or after a short delay. Once the network is quiet,
// it waits at most settleMax for the text to stop changing.
func (r *run) settle(quiet <-chan struct{}) error {
	ctx := r.tctx
	var deadline time.Time
	last, same := -1, 0
	for {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.body ? document.body.innerText.length : 0`))
		if err != nil {
			return fmt.Errorf("read the page: %w", err)
		}
		if n == last {
			same++
		} else {
			last, same = n, 0
		}
		select {
		case <-quiet:
			if deadline.IsZero() {
				deadline = time.Now().Add(settleMax)
			}
			if same >= settleQuiet || time.Now().After(deadline) {
				return nil
			}
		default:
		}
		select {
		case <-time.After(settleEvery):
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// watchIdle closes idle when the main frame's network goes idle after the
// navigation began.
func (r *run) watchIdle(events iter.Seq2[page.EventLifecycleEvent, error], idle chan<- struct{}) {
	started := false
	for ev, err := range events {
		if err != nil {
			return
		}
		if ev.FrameID != r.mainFrame {
			continue
		}
		switch ev.Name {
		case "init":
			started = true
		case "networkIdle":
			if started {
				close(idle)
				return
			}
		}
	}
}

// countBytes stops the page once it has downloaded more than allowed.
func (r *run) countBytes(events iter.Seq2[network.EventDataReceived, error]) {
	limit := r.opts.MaxBytes - int64(len(r.page.Body))
	for ev, err := range events {
		if err != nil {
			return
		}
		r.mu.Lock()
		r.bytes += max(ev.EncodedDataLength, ev.DataLength)
		over := r.bytes > limit
		r.mu.Unlock()
		if over {
			r.fail(&Error{URL: r.page.URL, Err: ErrTooLarge,
				Hint: fmt.Sprintf("the page's scripts and data passed %d bytes; raise max_body_size if that is expected", r.opts.MaxBytes)})
			return
		}
	}
}

// checkResponses catches a response served from a private address that
// the request check let through (the name resolved elsewhere by then).
func (r *run) checkResponses(events iter.Seq2[network.EventResponseReceived, error]) {
	for ev, err := range events {
		if err != nil {
			return
		}
		if ev.Response == nil || ev.Response.RemoteIPAddress == "" {
			continue
		}
		u, err := url.Parse(ev.Response.URL)
		if err != nil || r.trustedURL(u) {
			continue
		}
		if name := privateRange(ev.Response.RemoteIPAddress); name != "" {
			r.fail(&Error{URL: r.page.URL, Err: fmt.Errorf("%w: %s answered from %s, a %s address", ErrPrivateAddress, u.Host, ev.Response.RemoteIPAddress, name),
				Hint: "the page's scripts may only reach public addresses"})
			return
		}
	}
}

// trustedURL: a request the crawler would send unchecked (package egress):
// the configured URL's own host and port, or anything when the document
// may reach private addresses. Every other host is checked, the page's
// final host after a redirect too (a name the remote side chose).
func (r *run) trustedURL(u *url.URL) bool {
	return egress.Trusted(egress.WithOrigin(r.tctx, r.origin, r.page.AllowPrivate), u)
}
