package crawler

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/tracker-dev/tracker/egress"
)

// Result is the outcome of fetching one Request.
type Result struct {
	Key      string
	URL      string
	FinalURL string // after redirects; for a refused redirect, the URL asked for
	Status   int
	// ContentType is the response's Content-Type (sniffed when absent). Any
	// charset it names now reads utf-8: the body has been decoded to UTF-8.
	ContentType string
	Body        []byte // nil for 304 and errors
	// Validators from the response, for the next conditional request; on a
	// 304 that omits them, the request's. Empty on errors.
	ETag, LastModified string
	NotModified        bool // 304 to a conditional request: nothing to parse or store
	StartedAt          time.Time
	Duration           time.Duration
	Err                error // nil on success (2xx or 304), else a *FetchError
}

// Fetch fetches all requests, calling each with every result as it
// arrives; each is never called concurrently. Requests to different hosts
// run in parallel, those to one host HostParallelism at a time (one by
// default), started in the given order. When ctx ends, requests in flight
// are aborted and the rest are reported with a ReasonCanceled error. Fetch
// returns when all are reported.
func (c *Crawler) Fetch(ctx context.Context, reqs []Request, each func(Result)) {
	results := make(chan Result)
	var wg sync.WaitGroup
	for _, group := range groupByHost(reqs) {
		// Up to HostParallelism workers per host take the host's requests
		// in order; the scheduler still decides when each may start.
		queue := make(chan Request, len(group))
		for _, r := range group {
			queue <- r
		}
		close(queue)
		work := func() {
			for r := range queue {
				results <- c.FetchOne(ctx, r)
			}
		}
		workers := min(c.opts.HostParallelism, len(group))
		if !c.opts.RespectRobots || workers == 1 {
			for range workers {
				wg.Go(work)
			}
			continue
		}
		// The host's first request goes alone: it fetches robots.txt, which
		// the others then find cached instead of all fetching it at once.
		wg.Go(func() {
			first := c.FetchOne(ctx, <-queue)
			for range workers - 1 {
				wg.Go(work)
			}
			results <- first
			work()
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		each(r)
	}
}

// groupByHost splits requests into per-host queues, keeping their order;
// unparseable URLs each get a queue of their own and fail without waiting.
func groupByHost(reqs []Request) [][]Request {
	var groups [][]Request
	index := make(map[string]int)
	for _, r := range reqs {
		_, host, err := parseTarget(r.URL)
		if err != nil {
			groups = append(groups, []Request{r})
			continue
		}
		i, ok := index[host]
		if !ok {
			i = len(groups)
			index[host] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// FetchOne fetches a single document, waiting for its host's turn.
func (c *Crawler) FetchOne(ctx context.Context, r Request) Result {
	res := Result{Key: r.Key, URL: r.URL, FinalURL: r.URL, StartedAt: time.Now()}
	_, host, err := parseTarget(r.URL)
	if err != nil {
		res.Err = &FetchError{URL: r.URL, Reason: ReasonOther, Err: err,
			Hint: "fix the document's URL in the config"}
		return res
	}
	if r.Validate != nil {
		r.ETag, r.LastModified = r.Validate(ctx)
	}
	release, err := c.sched.acquire(ctx, host)
	if err != nil {
		res.Err = canceledError(ctx, r.URL)
		return res
	}
	defer release()
	if r.Budget > 0 {
		// The document's time budget starts with its turn: robots.txt
		// and every redirect come out of it.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.Budget, &BudgetError{Budget: r.Budget})
		defer cancel()
	}

	res.StartedAt = time.Now()
	c.fetch(ctx, r, &res)
	res.Duration = time.Since(res.StartedAt)
	if res.Err != nil {
		// Validators of a refused response must not be mistaken for
		// those of the last good fetch.
		res.ETag, res.LastModified = "", ""
	}
	c.logResult(res)
	return res
}

// fetch runs one GET through colly and fills res. Judging happens in the
// callbacks: on headers (status, type, declared size: refused before the
// body is downloaded) and on the body (actual size, sniffed type).
func (c *Crawler) fetch(ctx context.Context, r Request, res *Result) {
	u, _, err := parseTarget(r.URL)
	if err != nil { // checked by FetchOne already
		res.Err = &FetchError{URL: r.URL, Reason: ReasonOther, Err: err, Hint: "fix the document's URL in the config"}
		return
	}
	if c.opts.RespectRobots {
		if fe := c.robots.allowed(ctx, u, r.AllowPrivateRedirects); fe != nil {
			fe.URL = r.URL // the error names the document; its text names robots.txt
			res.Err = fe
			return
		}
	}
	col := c.base.Clone()
	col.Context = egress.WithOrigin(ctx, u, r.AllowPrivateRedirects)

	var verdict *FetchError
	var body []byte
	col.OnResponseHeaders(func(resp *colly.Response) {
		res.FinalURL = resp.Request.URL.String()
		res.Status = resp.StatusCode
		res.ContentType = resp.Headers.Get("Content-Type")
		res.ETag = resp.Headers.Get("ETag")
		res.LastModified = resp.Headers.Get("Last-Modified")
		verdict = c.judge.headers(r.URL, resp.StatusCode, *resp.Headers, r.conditional(), time.Now())
		if verdict != nil {
			resp.Request.Abort() // don't download a body that will be refused
		}
	})
	col.OnResponse(func(resp *colly.Response) {
		body = resp.Body
		// colly gathers the body with io.ReadAll, whose buffer grows by
		// doubling: a 5 MB page came in a 9 MB one, held through the
		// page's extraction, comparison and storing.
		if len(body) >= 1<<20 && cap(body)-len(body) > len(body)/8 {
			body = bytes.Clone(body)
		}
	})

	err = col.Request("GET", r.URL, nil, nil, buildHeaders(c.opts.UserAgent, r))
	switch {
	case verdict != nil:
		res.Err = verdict
	case err != nil && !errors.Is(err, colly.ErrAbortedAfterHeaders):
		fe := transportError(ctx, r.URL, err)
		if fe.Status == 0 {
			fe.Status = res.Status // the body failed after the headers came
		}
		res.Err = fe
	case res.Status == 0:
		// colly returned without a response or an error: only possible if a
		// future colly version skips requests silently; never report success.
		res.Err = &FetchError{URL: r.URL, Reason: ReasonOther,
			Err: errors.New("no response received"), Hint: "retry later"}
	case res.Status == 304:
		// Servers often leave validators off a 304; the ones sent are
		// still current, and callers store what the result carries.
		res.NotModified = true
		res.ETag = cmp.Or(res.ETag, r.ETag)
		res.LastModified = cmp.Or(res.LastModified, r.LastModified)
	default:
		if fe := c.judge.body(r.URL, res.Status, res.ContentType, body); fe != nil {
			res.Err = fe
			return
		}
		res.ContentType = resultContentType(res.ContentType, body)
		res.Body = body
	}
}

func (c *Crawler) logResult(res Result) {
	if res.Err != nil {
		c.log.Debug("crawler: fetch failed", "key", res.Key, "url", res.URL,
			"status", res.Status, "duration", res.Duration, "err", res.Err)
		return
	}
	c.log.Debug("crawler: fetched", "key", res.Key, "url", res.URL, "final_url", res.FinalURL,
		"status", res.Status, "not_modified", res.NotModified, "bytes", len(res.Body), "duration", res.Duration)
}
