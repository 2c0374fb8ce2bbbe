package wayback

import "errors"

// Reasons a capture gives no version. Those the index alone reveals (a
// redirect, an error status or a non-HTML type in the CDX row) are also
// ErrSkipped: Fetch returned them without sending any request.
var (
	// ErrSkipped marks a capture Fetch refused from its index entry alone.
	ErrSkipped = errors.New("wayback: capture skipped without fetching")
	// ErrRedirectCapture is a capture of a redirect, or a replay that
	// redirects to another page: its text is not the page's.
	ErrRedirectCapture = errors.New("wayback: capture is a redirect")
	// ErrNotHTML is a capture that is neither HTML nor plain text.
	ErrNotHTML = errors.New("wayback: capture is not HTML or plain text")
	// ErrCaptureStatus is a capture of an HTTP error (404, 5xx...), or one
	// the archive cannot replay.
	ErrCaptureStatus = errors.New("wayback: capture has an error status")
	// ErrBodyTooLarge is a replay larger than Options.MaxBodySize.
	ErrBodyTooLarge = errors.New("wayback: body too large")
	// ErrTooManyFailures means the archive kept refusing or failing; the
	// caller should stop and try again later.
	ErrTooManyFailures = errors.New("wayback: too many consecutive failures")
)
