package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/crawler"
)

// Status is what a crawl made of one document.
type Status string

const (
	StatusNew         Status = "new"
	StatusChanged     Status = "changed"
	StatusUnchanged   Status = "unchanged"
	StatusNotModified Status = "not-modified"
	StatusError       Status = "error"
)

// Outcome is the result of crawling one document.
type Outcome struct {
	Target    Target
	Status    Status
	Summary   *classify.Summary // for changed
	VersionID int64
	Note      string // why a fetch stored nothing, e.g. "held as suspect"
	Err       error

	interrupted bool // cut short by a shutdown: not the document's failure
}

// ErrSomeFailed is returned by Crawl when at least one document failed; the
// others were still processed and stored.
var ErrSomeFailed = errors.New("some documents failed")

// NewCrawler builds the HTTP fetcher from the configuration.
func (a *App) NewCrawler() (*crawler.Crawler, error) {
	delay := a.cfg.HostDelay
	if delay == 0 {
		delay = -1 // the crawler reads zero as "default"; the configuration means none
	}
	c, err := crawler.New(crawler.Options{
		UserAgent:       a.UserAgent(),
		Timeout:         a.cfg.Timeout,
		MaxBodySize:     int64(a.cfg.MaxBodySize),
		RespectRobots:   a.cfg.Robots(),
		HostDelay:       delay,
		Parallelism:     a.cfg.Parallelism,
		HostParallelism: a.cfg.HostParallelism,
		Logger:          a.log,
	})
	if err != nil {
		return nil, fmt.Errorf("pipeline: crawler: %w", err)
	}
	return c, nil
}

// Crawl fetches the targets, stores new versions with their changes and
// alerts, and returns one outcome per target in the order given. The error
// is ErrSomeFailed when any document failed; the rest are stored regardless.
func (a *App) Crawl(ctx context.Context, targets []Target) ([]Outcome, error) {
	c, err := a.NewCrawler()
	if err != nil {
		return nil, err
	}
	renew, stop := context.WithCancel(ctx)
	defer stop()
	go a.renewLeases(renew)
	if a.anyRemote(targets) {
		a.warnUserAgent()
	}
	return a.crawlWith(ctx, c, targets)
}

// anyRemote tells whether some target is fetched over the network rather
// than read from a local file.
func (a *App) anyRemote(targets []Target) bool {
	for _, t := range targets {
		if a.cfg.LocalPath(t.Doc.URL) == "" {
			return true
		}
	}
	return false
}

// crawlWith crawls the targets, each under its lease in the database (the
// caller keeps the leases renewed), and records when each is due next.
func (a *App) crawlWith(ctx context.Context, c *crawler.Crawler, targets []Target) ([]Outcome, error) {
	held := a.newLeases()
	defer held.releaseAll(ctx)
	byKey := make(map[string]int, len(targets))
	var remote, local []crawler.Request
	for i, t := range targets {
		reqs := []crawler.Request{{Key: t.Key(), URL: t.Doc.URL, Validate: a.validate(t, held),
			AllowPrivateRedirects: a.cfg.PrivateRedirects(t.Doc), Budget: a.cfg.DocumentTimeout}}
		if len(t.Pages) > 0 {
			reqs = a.pageRequests(t, held)
		}
		for _, req := range reqs {
			byKey[req.Key] = i
			if a.cfg.LocalPath(req.URL) != "" {
				local = append(local, req)
			} else {
				remote = append(remote, req)
			}
		}
	}
	pages := newPageCollector()

	// Fetching is I/O bound and runs in the crawler; extraction and diffing
	// are CPU bound and run here, one worker per core, so that a slow page
	// never holds up the fetches behind it. A page rendered in the browser
	// holds its worker while it waits for its tab: a worker per tab more
	// keeps the others going.
	outcomes := make([]Outcome, len(targets))
	results := make(chan crawler.Result)
	var wg sync.WaitGroup
	workers := max(1, runtime.GOMAXPROCS(0))
	if mayRender(targets) {
		workers += a.cfg.BrowserParallelism
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range results {
				i := byKey[r.Key]
				t := targets[i]
				var rs []crawler.Result
				if len(t.Pages) > 0 {
					page, _ := pageOfKey(r.Key)
					var complete bool
					if rs, complete = pages.add(i, page, len(t.Pages), r); !complete {
						continue
					}
				}
				if !held.holds(t.Stored.ID) {
					// Never stored without the lease: another process may be
					// storing the same change.
					err := fmt.Errorf("not crawled: another process kept crawling it: %w", context.Cause(ctx))
					outcomes[i] = Outcome{Target: t, Status: StatusError, Err: err, interrupted: ctx.Err() != nil}
					continue
				}
				if rs != nil {
					outcomes[i] = a.ProcessPages(ctx, t, rs)
				} else {
					outcomes[i] = a.Process(ctx, t, r)
				}
				outcomes[i].interrupted = outcomes[i].Status == StatusError && ctx.Err() != nil
				held.finish(ctx, t, outcomes[i])
				a.metrics.observe(outcomes[i], a.now())
			}
		}()
	}
	for _, r := range local {
		if ctx.Err() != nil {
			break // reported below as not fetched
		}
		r.ETag, r.LastModified = r.Validate(ctx)
		results <- a.fetchLocal(r)
	}
	c.Fetch(ctx, remote, func(r crawler.Result) { results <- r })
	close(results)
	wg.Wait()

	failed := false
	for i := range outcomes {
		if outcomes[i].Status == "" { // never reported: the crawl was cancelled
			outcomes[i] = Outcome{Target: targets[i], Status: StatusError, Err: fmt.Errorf("not fetched: %w", context.Cause(ctx))}
		}
		if outcomes[i].Status == StatusError {
			failed = true
		}
	}
	if failed {
		return outcomes, ErrSomeFailed
	}
	return outcomes, nil
}

// validate takes the document's lease, then looks up the ETag and
// Last-Modified of its last good fetch, sent back so that an unchanged page
// costs a 304; a document with no stored version has none, its body is
// needed. The crawler asks just before fetching, so that thousands of
// lookups do not delay the first request, and a document another process
// is crawling is waited for, not fetched twice at once.
func (a *App) validate(t Target, held *leases) func(context.Context) (string, string) {
	return func(ctx context.Context) (string, string) {
		if err := held.acquire(ctx, t); err != nil {
			a.log.Warn("crawl: no lease", "document", t.Key(), "err", err)
			return "", "" // the result is dropped: the lease is not held
		}
		if t.Render == RenderBrowser {
			// The page as served may be unchanged while the text its
			// scripts load is not: a rendered page is always fetched whole.
			return "", ""
		}
		etag, lm, err := a.store.Validators(ctx, t.Stored.ID)
		if err != nil {
			// Fetched whole instead: slower, never wrong. Storing the page
			// will report the database's trouble.
			a.log.Warn("crawl: validators unavailable, fetching the whole page", "document", t.Key(), "err", err)
			return "", ""
		}
		return etag, lm
	}
}
