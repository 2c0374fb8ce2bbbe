package notify

import (
	"math/rand/v2"
	"time"
)

// Backoff is the retry policy of the Sender: exponential from Base, capped
// at Cap, optionally jittered, and given up after MaxAge since the alert
// was created.
type Backoff struct {
	Base, Cap time.Duration
	MaxAge    time.Duration
	Jitter    bool
}

// DefaultBackoff is used for the zero Backoff.
var DefaultBackoff = Backoff{Base: 30 * time.Second, Cap: time.Hour, MaxAge: 72 * time.Hour, Jitter: true}

// withDefaults fills unset durations. The zero Backoff is DefaultBackoff,
// jitter included, because retries of many alerts at the same instant are
// what jitter exists to spread; a partly set Backoff keeps its Jitter.
func (b Backoff) withDefaults() Backoff {
	if b == (Backoff{}) {
		return DefaultBackoff
	}
	if b.Base <= 0 {
		b.Base = DefaultBackoff.Base
	}
	if b.Cap <= 0 {
		b.Cap = DefaultBackoff.Cap
	}
	if b.Cap < b.Base {
		b.Cap = b.Base
	}
	if b.MaxAge <= 0 {
		b.MaxAge = DefaultBackoff.MaxAge
	}
	return b
}

// Next is the wait after the given number of failed attempts (1 for the
// first failure): Base·2^(attempts-1), capped at Cap. With Jitter the wait
// is drawn uniformly from [d/2, d], so retries spread out yet never come
// much earlier than planned. rnd may be nil (the global source is used).
func (b Backoff) Next(attempts int, rnd *rand.Rand) time.Duration {
	b = b.withDefaults()
	d := b.Base
	for i := 1; i < attempts && d < b.Cap; i++ {
		d *= 2 // stops at Cap, so it cannot overflow
	}
	d = min(d, b.Cap)
	if !b.Jitter {
		return d
	}
	half := int64(d / 2)
	var j int64
	if rnd != nil {
		j = rnd.Int64N(half + 1)
	} else {
		j = rand.Int64N(half + 1)
	}
	return d - time.Duration(half) + time.Duration(j)
}
