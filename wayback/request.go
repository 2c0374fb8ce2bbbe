package wayback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/tracker-dev/tracker/fetchbody"
)

// response is an archive answer with its body read and decoded.
type response struct {
	status int
	header http.Header
	body   []byte
	// memento says the answer is a capture (it has a Memento-Datetime):
	// whatever its status, the site gave it long ago, not the archive now.
	memento bool
}

// maxAttempts bounds the tries of one request that keeps failing while the
// archive otherwise answers: a broken capture must not stop the run.
const maxAttempts = 3

// get sends GET target through the endpoint's limiter. Captures (answers
// with a Memento-Datetime) and the archive's own answers other than
// refusals and failures are the caller's to judge, 404 included.
//
// The archive refusing (a live 429 or 503) pauses every endpoint and is
// retried; MaxFailures refusals or failures in a row stop with
// ErrTooManyFailures. A broken connection or a live 5xx pauses this
// endpoint and is retried up to maxAttempts times, then left as
// ErrUnavailable. A name that does not resolve, a refused connection or an
// unreachable network fail at once with ErrNetwork.
func (c *Client) get(ctx context.Context, l *limiter, target string) (response, error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return response{}, fmt.Errorf("request %s: %w", target, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	// Asked for by hand so that net/http leaves the body alone: the
	// body is decoded under the budget by fetchbody's decoders, the ones
	// pages are read with, then by its magic bytes (see decode).
	req.Header.Set("Accept-Encoding", fetchbody.AcceptEncoding)
	failed := 0
	// Bounded: every pass counts a refusal or a failure, and MaxFailures
	// of them in a row end the loop; the bound is a second guard.
	for range c.opts.MaxFailures + maxAttempts {
		resp, verdict, err := c.try(ctx, l, req)
		switch verdict {
		case done:
			return resp, err
		case failedOnce:
			if failed++; failed >= maxAttempts {
				return response{}, fmt.Errorf("%w: %d tries: %w", ErrUnavailable, failed, err)
			}
		}
	}
	return response{}, fmt.Errorf("%w: %s kept failing", ErrUnavailable, target)
}

type verdict int

const (
	done       verdict = iota // an answer, or an error that ends the request
	refusedNow                // the archive refused: try again after the pause
	failedOnce                // the request failed: try again, a few times
)

// try makes one attempt inside the limiter. A refusal sets the pause before
// the limiter is left, so no other request slips in first.
func (c *Client) try(ctx context.Context, l *limiter, req *http.Request) (response, verdict, error) {
	if err := c.enter(ctx, l); err != nil {
		return response{}, done, fmt.Errorf("wait for the archive: %w", err)
	}
	defer l.leave()
	c.opts.Logger.Debug("archive request", slog.String("url", req.URL.String()))
	resp, err := c.send(ctx, req)
	if ctx.Err() != nil {
		return response{}, done, fmt.Errorf("send: %w", ctx.Err())
	}
	var cause error
	v := failedOnce
	switch {
	case errors.Is(err, ErrBodyTooLarge), errors.Is(err, ErrNotText):
		c.succeeded() // the archive answered; the bytes are the problem
		return resp, done, err
	case networkDown(err):
		return response{}, done, fmt.Errorf("%w: %w; check the network connection and wayback.base_url (%s)", ErrNetwork, err, c.opts.BaseURL)
	case err != nil:
		cause = err
	case resp.memento:
		c.succeeded()
		return resp, done, nil
	case resp.status == http.StatusTooManyRequests || resp.status == http.StatusServiceUnavailable:
		cause, v = fmt.Errorf("HTTP %d", resp.status), refusedNow
	case resp.status >= 500:
		cause = fmt.Errorf("HTTP %d", resp.status)
	default:
		c.succeeded()
		return resp, done, nil
	}
	if err := c.failure(l, v, req, resp, cause); err != nil {
		return response{}, done, err
	}
	return response{}, v, cause
}

// send makes the request under the per-request timeout and reads the body.
func (c *Client) send(ctx context.Context, req *http.Request) (response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	resp, err := c.http.Do(req.Clone(ctx))
	if err != nil {
		return response{}, fmt.Errorf("send: %w", err)
	}
	defer resp.Body.Close()
	out := response{status: resp.StatusCode, header: resp.Header, memento: resp.Header.Get("Memento-Datetime") != ""}
	if !out.memento && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500) || out.memento && resp.StatusCode >= 400 {
		// Not needed, but drained a little so the connection can be reused.
		_, _ = c.read(resp.Body, drainSize)
		return out, nil
	}
	if resp.ContentLength > c.opts.MaxBodySize {
		return out, fmt.Errorf("%w: %d bytes announced, the limit is %d", ErrBodyTooLarge, resp.ContentLength, c.opts.MaxBodySize)
	}
	dec, closeDec, err := fetchbody.Decoder(resp.Body, contentCodings(resp.Header), c.opts.MaxBodySize)
	if err != nil {
		return out, fmt.Errorf("%w: %w", ErrNotText, err)
	}
	defer closeDec()
	raw, err := c.read(dec, c.opts.MaxBodySize)
	var decodeErr *fetchbody.DecodeError
	if errors.As(err, &decodeErr) {
		return out, fmt.Errorf("%w: %w", ErrNotText, err)
	}
	if err != nil {
		return response{}, fmt.Errorf("read body: %w", err)
	}
	if out.body, err = c.decode(raw); err != nil {
		return out, err
	}
	return out, nil
}

func (c *Client) succeeded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures = 0
}

// failure counts a refusal or failure and pauses: every endpoint for a
// refusal, this one for a failure. After MaxFailures in a row, or when
// asked to wait too long, it gives up.
func (c *Client) failure(l *limiter, v verdict, req *http.Request, resp response, cause error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures++
	n := c.failures
	if n >= c.opts.MaxFailures {
		c.failures = 0
		return fmt.Errorf("%w: the archive keeps refusing or failing (%w); stopped after %d tries; run backfill again later — it resumes",
			ErrTooManyFailures, cause, n)
	}
	pause := c.pauseFor(resp.header, n)
	if pause > maxRetryAfter {
		c.failures = 0
		return fmt.Errorf("%w: the archive asks to wait %s (%w); run backfill again later — it resumes",
			ErrTooManyFailures, pause, cause)
	}
	until := c.opts.Now().Add(pause)
	msg := "archive failed; pausing its " + l.name + " requests"
	if v == refusedNow {
		c.resume = until
		msg = "archive refused; pausing all requests"
	} else {
		l.resume = until // l is held by the caller
	}
	c.opts.Logger.Warn(msg,
		slog.String("url", req.URL.String()),
		slog.String("cause", cause.Error()),
		slog.Duration("pause", pause),
		slog.Int("failures", n),
		slog.Int("max_failures", c.opts.MaxFailures))
	return nil
}

// Pauses after a refusal: what Retry-After says, otherwise basePause
// doubling with each failure in a row, up to maxPause.
const (
	basePause     = 60 * time.Second
	maxPause      = 15 * time.Minute
	maxRetryAfter = time.Hour
)

func (c *Client) pauseFor(h http.Header, failures int) time.Duration {
	if d, ok := retryAfter(h.Get("Retry-After"), c.opts.Now()); ok {
		return d
	}
	d := basePause
	for i := 1; i < failures && d < maxPause; i++ {
		d *= 2
	}
	d += c.jitter(d)
	return min(d, maxPause)
}
