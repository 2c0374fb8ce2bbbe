package crawler

import (
	"context"
	"sync"
	"time"
)

// scheduler enforces politeness for the Crawler's whole lifetime, across
// Fetch calls: a cap on requests at once per host (one by default), a
// minimum gap between two requests to a host, and a global cap on requests
// in flight. It replaces
// colly's LimitRule, whose delay is an uninterruptible sleep taken after
// each response (holding results back and ignoring cancellation) and whose
// rule is shared by every host it matches.
type scheduler struct {
	delay   time.Duration
	perHost int
	slots   chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// hostGate limits one host. Holding a token in turn is the right to send.
type hostGate struct {
	turn chan struct{}
	mu   sync.Mutex
	next time.Time // the earliest the next request to the host may start
}

func newScheduler(parallelism, perHost int, delay time.Duration) *scheduler {
	return &scheduler{
		delay:   delay,
		perHost: max(perHost, 1),
		slots:   make(chan struct{}, parallelism),
		hosts:   make(map[string]*hostGate),
	}
}

func (s *scheduler) gate(host string) *hostGate {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.hosts[host]
	if !ok {
		g = &hostGate{turn: make(chan struct{}, s.perHost)}
		s.hosts[host] = g
	}
	return g
}

// acquire waits for the host's turn, its delay and a free slot, in that
// order, so that a request waiting out a host delay never holds a slot
// another host could use. release must be called once the request is done.
func (s *scheduler) acquire(ctx context.Context, host string) (release func(), err error) {
	g := s.gate(host)
	select {
	case g.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	// Requests to one host start at least delay apart, and at least delay
	// after the previous one finished (release moves next on).
	g.mu.Lock()
	start := later(time.Now(), g.next)
	g.next = start.Add(s.delay)
	g.mu.Unlock()
	if err := sleepUntil(ctx, start); err != nil {
		<-g.turn
		return nil, err
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		<-g.turn
		return nil, context.Cause(ctx)
	}
	return func() {
		<-s.slots
		g.mu.Lock()
		g.next = later(g.next, time.Now().Add(s.delay))
		g.mu.Unlock()
		<-g.turn
	}, nil
}

func sleepUntil(ctx context.Context, t time.Time) error {
	wait := time.Until(t)
	if wait <= 0 {
		return nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
