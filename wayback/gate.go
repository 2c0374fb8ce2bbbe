package wayback

import (
	"context"
	"time"
)

// gate lets one request through at a time, no sooner than interval after
// the previous one and never during a pause the archive asked for.
type gate struct {
	slot     chan struct{}
	interval time.Duration

	// Guarded by slot: only its holder reads or writes them.
	last     time.Time // when the previous request was sent
	resume   time.Time // no request before this
	failures int       // consecutive refusals or failures
}

func newGate(interval time.Duration) gate {
	return gate{slot: make(chan struct{}, 1), interval: interval}
}

// enter waits for the slot, then for the spacing and any pause. The caller
// sends its request and must call leave.
func (c *Client) enter(ctx context.Context) error {
	select {
	case c.gate.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	ready := c.gate.resume
	if !c.gate.last.IsZero() {
		if next := c.gate.last.Add(c.gate.interval); next.After(ready) {
			ready = next
		}
	}
	if wait := ready.Sub(c.opts.Now()); wait > 0 {
		if err := c.opts.Sleep(ctx, wait); err != nil {
			c.leave()
			return err
		}
	}
	c.gate.last = c.opts.Now()
	return nil
}

func (c *Client) leave() { <-c.gate.slot }
