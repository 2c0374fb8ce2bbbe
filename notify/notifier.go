package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Notifier sends a message on one channel to one target.
type Notifier interface {
	Channel() string // "email" or "webhook"
	Target() string  // recipients or URL, for logs and the outbox; never a secret
	// Send delivers m. A failure that cannot succeed on retry is wrapped
	// in *PermanentError; a retryable one may carry *RetryAfterError.
	Send(ctx context.Context, m Message) error
}

// Channel names, as stored in the outbox.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Key is how a Sender finds the notifier of an outbox row.
func Key(channel, target string) string { return channel + "\x00" + target }

// Index keys notifiers for Sender.Notifiers. Two notifiers for the same
// channel and target are a configuration mistake, reported rather than
// letting one silently replace the other.
func Index(ns ...Notifier) (map[string]Notifier, error) {
	out := make(map[string]Notifier, len(ns))
	for _, n := range ns {
		k := Key(n.Channel(), n.Target())
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("notify: %s target %q configured twice", n.Channel(), n.Target())
		}
		out[k] = n
	}
	return out, nil
}

// PermanentError marks a failure that will not succeed on retry (a 4xx
// from a webhook, an SMTP 5xx, an invalid payload).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as permanent; nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err, or an error it wraps, is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// RetryAfterError is a retryable failure whose receiver asked to be left
// alone for a while (HTTP Retry-After).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%s (retry after %s)", e.Err.Error(), e.After)
}
func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfter returns the wait a receiver asked for, if err carries one.
func RetryAfter(err error) (time.Duration, bool) {
	var r *RetryAfterError
	if errors.As(err, &r) && r.After > 0 {
		return r.After, true
	}
	return 0, false
}
