package wayback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// response is an archive answer with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get sends GET target through the gate, and sends the same request again
// while the archive refuses (429, 503), fails (5xx) or the network does,
// until MaxFailures such answers in a row. Every other answer, 404
// included, is the caller's to judge.
func (c *Client) get(ctx context.Context, target string) (response, error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return response{}, fmt.Errorf("request %s: %w", target, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	// Bounded: every retry counts a failure, and MaxFailures ends the run.
	for {
		resp, retry, err := c.try(ctx, req)
		if !retry {
			return resp, err
		}
	}
}

// try makes one attempt inside the gate. A refusal sets the pause before
// the gate is left, so no other request slips in first.
func (c *Client) try(ctx context.Context, req *http.Request) (response, bool, error) {
	if err := c.enter(ctx); err != nil {
		return response{}, false, fmt.Errorf("wait for the archive: %w", err)
	}
	defer c.leave()
	c.opts.Logger.Debug("archive request", slog.String("url", req.URL.String()))
	resp, err := c.send(ctx, req)
	if ctx.Err() != nil {
		return response{}, false, fmt.Errorf("send: %w", ctx.Err())
	}
	var cause error
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		c.gate.failures = 0
		return resp, false, err
	case err != nil:
		cause = err
	case resp.status == http.StatusTooManyRequests || resp.status >= 500:
		cause = fmt.Errorf("HTTP %d", resp.status)
	default:
		c.gate.failures = 0
		return resp, false, nil
	}
	if err := c.refused(req, resp, cause); err != nil {
		return response{}, false, err
	}
	return response{}, true, nil
}

// send makes the request under the per-request timeout and reads the body,
// up to MaxBodySize. A refusal's body is not read: it is not needed.
func (c *Client) send(ctx context.Context, req *http.Request) (response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	resp, err := c.http.Do(req.Clone(ctx))
	if err != nil {
		return response{}, fmt.Errorf("send: %w", err)
	}
	defer resp.Body.Close()
	out := response{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		// Drained a little so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return out, nil
	}
	if resp.ContentLength > c.opts.MaxBodySize {
		return out, fmt.Errorf("%w: %d bytes announced, the limit is %d", ErrBodyTooLarge, resp.ContentLength, c.opts.MaxBodySize)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBodySize+1))
	if err != nil {
		return response{}, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > c.opts.MaxBodySize {
		return out, fmt.Errorf("%w: over %d bytes", ErrBodyTooLarge, c.opts.MaxBodySize)
	}
	out.body = body
	return out, nil
}

// refused counts a failure and pauses every request of the client, or,
// after MaxFailures in a row or when asked to wait too long, gives up.
func (c *Client) refused(req *http.Request, resp response, cause error) error {
	c.gate.failures++
	n := c.gate.failures
	if n >= c.opts.MaxFailures {
		c.gate.failures = 0
		return fmt.Errorf("%w: the archive keeps refusing (%w); stopped after %d tries; run backfill again later — it resumes",
			ErrTooManyFailures, cause, n)
	}
	pause := c.pauseFor(resp.header, n)
	if pause > maxRetryAfter {
		c.gate.failures = 0
		return fmt.Errorf("%w: the archive asks to wait %s (%w); run backfill again later — it resumes",
			ErrTooManyFailures, pause, cause)
	}
	c.gate.resume = c.opts.Now().Add(pause)
	c.opts.Logger.Warn("archive refused; pausing all requests",
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
