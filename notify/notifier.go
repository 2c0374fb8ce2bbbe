package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Notifier sends a message on one configured endpoint.
type Notifier interface {
	Kind() string // "email", "webhook", "slack", …
	// Target is where m goes (recipients, a URL without its secret parts),
	// for logs and the outbox; never a secret.
	Target(m Message) string
	// Send delivers m. A failure that cannot succeed on retry is wrapped in
	// *PermanentError (in *GoneError when the receiver asked never to be
	// sent anything again); a retryable one may carry *RetryAfterError.
	Send(ctx context.Context, m Message) error
}

// Channel kinds, as stored in the outbox.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Endpoint is one configured place alerts go, under a stable key: either
// a notifier, or why there is none (a secret not set). A broken endpoint
// keeps its own alerts waiting and holds back no other.
type Endpoint struct {
	Kind     string
	Notifier Notifier
	Err      error
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

// GoneError is a receiver saying it will never take anything again (HTTP
// 410 Gone): the endpoint is switched off until its target changes or an
// operator queues its alerts again. It is permanent.
type GoneError struct{ Err error }

func (e *GoneError) Error() string { return e.Err.Error() }
func (e *GoneError) Unwrap() error { return &PermanentError{Err: e.Err} }

// IsGone reports whether err says the endpoint is gone.
func IsGone(err error) bool {
	var g *GoneError
	return errors.As(err, &g)
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
