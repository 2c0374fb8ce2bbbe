// Package browser renders pages that build their text with JavaScript in a
// local headless Chromium, driven over the DevTools protocol (chromedp).
// One browser process serves every page of a crawl or of a daemon's life,
// with a few tabs at once; each page gets a fresh incognito context that is
// thrown away with its tab, and the browser is restarted after a number of
// pages (its memory stays bounded) or when it dies.
//
// The browser is held to the crawler's rules: the page's own HTML is the one
// the crawler fetched (robots.txt, User-Agent, host delay, size limit,
// validators all applied there) and is handed to the browser instead of a
// second request; the requests the page's scripts make carry the same
// User-Agent, may not reach private addresses unless the page itself is on
// that host, and count against the page's byte limit. Images, fonts, media
// and frames are not loaded: they hold no policy text.
package browser

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// Defaults of Options.
const (
	DefaultParallelism  = 2
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 10 << 20
	DefaultRestartEvery = 200
	DefaultIdleTimeout  = 2 * time.Minute
)

// Options configure a Browser; zero values take the defaults.
type Options struct {
	Path        string        // the Chromium executable; empty: looked up (see Find)
	Parallelism int           // pages rendered at once, one tab each
	Timeout     time.Duration // one page, from navigation to its HTML
	UserAgent   string        // sent with every request the page makes
	// MaxBytes bounds what one page downloads, its HTML and every script
	// and data file included; a page over it fails.
	MaxBytes int64
	// RestartEvery is how many pages one browser process renders before it
	// is replaced (after its pages in flight finish), so that what Chromium
	// accumulates over a daemon's life is given back.
	RestartEvery int
	// IdleTimeout stops the browser process after this long without a
	// page: a daemon that crawls every few hours does not keep a
	// browser's memory in between. The next page starts a new one.
	IdleTimeout time.Duration
	Logger      *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.RestartEvery <= 0 {
		o.RestartEvery = DefaultRestartEvery
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Browser renders pages. It is safe for concurrent use; at most
// Parallelism pages render at once, the others wait their turn.
type Browser struct {
	opts Options
	path string
	sem  chan struct{}

	mu       sync.Mutex
	cur      *instance // the process new pages go to; nil until the first page
	closed   bool
	inflight sync.WaitGroup // Render calls under way
	active   int            // Render calls under way, for the idle timer
	idleGen  int            // bumped by every Render: an older timer is void
	stats    Stats
}

// New checks that a browser can be found and returns a Browser; the process
// starts with the first page.
func New(opts Options) (*Browser, error) {
	opts = opts.withDefaults()
	path, err := Find(opts.Path)
	if err != nil {
		return nil, err
	}
	return &Browser{opts: opts, path: path, sem: make(chan struct{}, opts.Parallelism)}, nil
}

// Path is the browser executable in use.
func (b *Browser) Path() string { return b.path }

// Close waits for the pages in flight, then stops the browser process.
// Render fails with ErrClosed afterwards.
func (b *Browser) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	cur := b.cur
	b.cur = nil
	b.mu.Unlock()
	b.inflight.Wait()
	if cur != nil {
		cur.retire()
	}
	return nil
}

// ErrClosed is returned by Render after Close.
var ErrClosed = errors.New("browser: closed")

// Render loads p in a tab and returns its HTML once the content is there.
// A browser that dies under a page is replaced and the page tried once more.
func (b *Browser) Render(ctx context.Context, p Page) (Result, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return Result{}, ErrClosed
	}
	b.inflight.Add(1)
	b.active++
	b.idleGen++
	b.mu.Unlock()
	defer b.inflight.Done()
	defer b.idleLater()
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("browser: waiting for a tab: %w", context.Cause(ctx))
	}
	defer func() { <-b.sem }()

	for attempt := 0; ; attempt++ {
		inst, err := b.acquire(ctx)
		if err != nil {
			b.count(Result{}, err)
			return Result{}, err
		}
		res, err := render(ctx, inst, p, b.opts)
		crashed := err != nil && (inst.dead() || diedOf(err))
		if crashed {
			inst.gone.Store(true)
		}
		b.release(inst)
		if crashed {
			b.mu.Lock()
			b.stats.Crashes++
			b.mu.Unlock()
			b.opts.Logger.Warn("browser: the browser process died; starting a new one", "url", p.URL, "err", err)
			if attempt == 0 && ctx.Err() == nil {
				continue
			}
		}
		b.count(res, err)
		return res, err
	}
}

func (b *Browser) count(res Result, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.stats.Failures++
	} else {
		b.stats.Pages++
	}
	b.stats.Seconds += res.Duration.Seconds()
	b.stats.Bytes += res.Bytes
}

// idleLater arms the idle timer when the last page in flight is done.
func (b *Browser) idleLater() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.active--; b.active > 0 {
		return
	}
	gen := b.idleGen
	time.AfterFunc(b.opts.IdleTimeout, func() { b.stopIdle(gen) })
}

// stopIdle stops the browser process if no page came since the timer of
// generation gen was armed.
func (b *Browser) stopIdle(gen int) {
	b.mu.Lock()
	cur := b.cur
	if gen != b.idleGen || b.active > 0 || cur == nil || b.closed {
		b.mu.Unlock()
		return
	}
	b.cur = nil
	b.stats.IdleStops++
	b.mu.Unlock()
	b.opts.Logger.Debug("browser: stopped after being idle", "idle", b.opts.IdleTimeout)
	cur.retire()
}

// acquire returns the running browser process, starting one when there is
// none or the last one died, and retiring one that has rendered its share.
func (b *Browser) acquire(ctx context.Context) (*instance, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrClosed
	}
	if b.cur != nil && (b.cur.dead() || b.cur.pages >= b.opts.RestartEvery) {
		old := b.cur
		b.cur = nil
		go old.retire() // closes once its last page is done
		b.stats.Restarts++
	}
	if b.cur == nil {
		inst, err := start(ctx, b.path, b.opts)
		if err != nil {
			return nil, err
		}
		b.cur = inst
		b.stats.Starts++
	}
	b.cur.pages++
	b.cur.users.Add(1)
	return b.cur, nil
}

func (b *Browser) release(inst *instance) { inst.users.Done() }

// instance is one browser process.
type instance struct {
	ctx         context.Context // the browser's: tabs are made from it
	cancel      context.CancelFunc
	cancelAlloc context.CancelFunc
	pages       int            // pages started on it; guarded by Browser.mu
	users       sync.WaitGroup // pages in flight
	retireOnce  sync.Once
	gone        atomic.Bool // the process exited under a page
}

// chromeFlags are the flags the browser runs with, beside chromedp's
// defaults (headless, no first run, no background networking, no
// extensions…): root needs no-sandbox, and on a closed network Chromium's
// own services (component updates, sync, QUIC probes) only fail.
func chromeFlags(path string, opts Options) []chromedp.ExecAllocatorOption {
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults"),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("blink-settings", "imagesEnabled=false"),
		chromedp.WindowSize(1280, 1024),
	)
	if opts.UserAgent != "" {
		flags = append(flags, chromedp.UserAgent(opts.UserAgent))
	}
	return flags
}

// startTimeout bounds the browser's start-up.
const startTimeout = 30 * time.Second

func start(ctx context.Context, path string, opts Options) (*instance, error) {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromeFlags(path, opts)...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	inst := &instance{ctx: bctx, cancel: cancel, cancelAlloc: cancelAlloc}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }() // bound to bctx: no timeout on it
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-started:
	case <-timer.C:
		err = fmt.Errorf("no answer after %s", startTimeout)
	case <-ctx.Done():
		err = context.Cause(ctx)
	}
	if err != nil {
		inst.stop()
		return nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	opts.Logger.Debug("browser: started", "path", path, "pid", inst.pid())
	return inst, nil
}

func (i *instance) pid() int {
	if c := chromedp.FromContext(i.ctx); c != nil && c.Browser != nil {
		if p := c.Browser.Process(); p != nil {
			return p.Pid
		}
	}
	return 0
}

// dead reports whether the process is gone (it crashed or was killed).
func (i *instance) dead() bool { return i.gone.Load() || i.ctx.Err() != nil }

// retire waits for the instance's pages, then stops its process.
func (i *instance) retire() {
	i.retireOnce.Do(func() {
		i.users.Wait()
		i.stop()
	})
}

func (i *instance) stop() {
	i.cancel()
	i.cancelAlloc()
}

// diedOf reports whether err says the browser process exited.
func diedOf(err error) bool {
	var exit *exec.ExitError
	return errors.As(err, &exit)
}
