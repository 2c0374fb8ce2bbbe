package wayback

import (
	"context"
	"fmt"
	"time"
)

// limiter lets one request to an endpoint through at a time, no sooner than
// interval after the previous one, and never during a pause: the client's
// (a live 429 or 503, for every endpoint) or its own (a broken connection
// or a failure of this endpoint).
type limiter struct {
	name     string
	slot     chan struct{}
	interval time.Duration

	// Guarded by slot: only its holder reads or writes them.
	last   time.Time // when the previous request was sent
	resume time.Time // no request on this endpoint before this
}

func newLimiter(name string, perMinute int) *limiter {
	return &limiter{name: name, slot: make(chan struct{}, 1), interval: time.Minute / time.Duration(perMinute)}
}

// maxWaits bounds the waits of one enter: a pause set by the other
// endpoint while this one slept makes it wait again, and pauses are
// themselves bounded by MaxFailures.
const maxWaits = 64

// enter waits for the endpoint's slot, then for the spacing and any pause.
// The caller sends its request and must call leave.
func (c *Client) enter(ctx context.Context, l *limiter) error {
	select {
	case l.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for range maxWaits {
		ready := l.resume
		if r := c.pausedUntil(); r.After(ready) {
			ready = r
		}
		if !l.last.IsZero() {
			if next := l.last.Add(l.interval); next.After(ready) {
				ready = next
			}
		}
		wait := ready.Sub(c.opts.Now())
		if wait <= 0 {
			l.last = c.opts.Now()
			return nil
		}
		if err := c.opts.Sleep(ctx, wait); err != nil {
			l.leave()
			return err
		}
	}
	l.leave()
	return fmt.Errorf("wayback: %s: still paused after %d waits", l.name, maxWaits)
}

func (l *limiter) leave() { <-l.slot }

func (c *Client) pausedUntil() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resume
}
