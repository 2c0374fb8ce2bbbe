package wayback

import "errors"

// Why a capture gives no version. Each is final for that capture: a caller
// records it and never fetches it again. Those the index alone reveals are
// also ErrSkipped: Fetch returned them without sending any request.
var (
	// ErrSkipped marks a capture Fetch refused from its index entry alone.
	ErrSkipped = errors.New("wayback: capture skipped without fetching")
	// ErrRedirectCapture is a capture of a redirect to another page, or a
	// replay that redirects there: its text is not the page's.
	ErrRedirectCapture = errors.New("wayback: capture is a redirect")
	// ErrNotHTML is a capture that is neither HTML nor plain text.
	ErrNotHTML = errors.New("wayback: capture is not HTML, plain text or PDF")
	// ErrCaptureStatus is an archived error: the site answered 404, 429,
	// 500... when it was captured, and the archive replays that answer
	// (with a Memento-Datetime). It says nothing about the archive now.
	ErrCaptureStatus = errors.New("wayback: the site answered an error when it was captured")
	// ErrNotText is a replay whose bytes are not text once decoded (an
	// image, a PDF, compressed data): they are never stored.
	ErrNotText = errors.New("wayback: the replayed bytes are not text")
	// ErrOutsideWindow is a listed capture the archive cannot replay: it
	// redirects to its nearest capture, further away than
	// Options.NearestWindow. That capture is listed on its own if it is
	// in range.
	ErrOutsideWindow = errors.New("wayback: the archive replays a capture outside the window instead")
	// ErrNotArchived is the archive saying, in a page of its own, that it
	// holds no capture there.
	ErrNotArchived = errors.New("wayback: the archive has no capture there")
	// ErrBodyTooLarge is a replay larger than Options.MaxBodySize.
	ErrBodyTooLarge = errors.New("wayback: body too large")
)

// Why a whole document, or the whole backfill, stops.
var (
	// ErrPermanent is wrapped by failures that running again cannot fix:
	// ErrBlocked and ErrExcluded.
	ErrPermanent = errors.New("permanent: running backfill again will not help")
	// ErrBlocked is the index refusing a site for good (403 with
	// X-Archive-Wayback-Runtime-Error: the site asked to be excluded, or
	// its robots.txt forbids access).
	ErrBlocked = errors.New("wayback: the archive blocks access to this site")
	// ErrExcluded is a replay answered with the archive's "This URL has
	// been excluded from the Wayback Machine" page.
	ErrExcluded = errors.New("wayback: the page is excluded from the Wayback Machine")
	// ErrUnavailable is a request that kept failing (connection broken,
	// 5xx from the archive itself) while others succeeded: that capture or
	// listing is left for the next run.
	ErrUnavailable = errors.New("wayback: the archive could not serve this; the next run tries again")
	// ErrTooManyFailures means the archive kept refusing or failing; the
	// caller should stop and try again later.
	ErrTooManyFailures = errors.New("wayback: too many consecutive failures")
	// ErrNetwork is the archive out of reach: the name does not resolve,
	// the connection is refused, the network is unreachable. Nothing is
	// retried: the cause is local, or the address is wrong.
	ErrNetwork = errors.New("wayback: the archive cannot be reached")
)
