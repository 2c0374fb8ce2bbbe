package wayback

import (
	"fmt"
	"mime"
	"strconv"
	"strings"
	"time"
)

// timestampLayout is the archive's 14-digit capture time, always UTC.
const timestampLayout = "20060102150405"

// Capture is one row of the CDX index.
type Capture struct {
	Timestamp string // 14 digits, UTC, as the index has it (the replay address uses it)
	Original  string // the URL as captured, e.g. "http://www.example.com:80/privacy"
	MimeType  string // as recorded; "warc/revisit" for revisit records
	// StatusCode is the HTTP status as recorded; "-" for revisit records.
	StatusCode string
	Digest     string // base32 SHA-1 of the payload
}

// Time is the capture time in UTC. Timestamps of some crawls of 2000 have
// a "00" inserted before the month or the day ("20000012170449"); the
// archive's staff explained them to the edgi wayback client's maintainers
// as the rest shifted right and the seconds cut off, so they are read that
// way: 2000-12-17 04:49:00.
func (c Capture) Time() (time.Time, error) {
	t, _, err := parseTimestamp(c.Timestamp)
	return t, err
}

// parseTimestamp reads a 14-digit timestamp, repairing an inserted "00"
// month or day; repaired says it did.
func parseTimestamp(ts string) (t time.Time, repaired bool, err error) {
	if !isTimestamp(ts) {
		return time.Time{}, false, fmt.Errorf("wayback: capture timestamp %q is not 14 digits", ts)
	}
	t, err = time.Parse(timestampLayout, ts)
	if err == nil {
		return t, false, nil
	}
	fixed := ""
	switch {
	case ts[4:6] == "00":
		fixed = ts[:4] + ts[6:] + "00"
	case ts[6:8] == "00":
		fixed = ts[:6] + ts[8:] + "00"
	}
	if fixed != "" {
		if t, ferr := time.Parse(timestampLayout, fixed); ferr == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("wayback: capture timestamp %q: %w", ts, err)
}

// RawURL is the capture's replay address without the archive's toolbar or
// link rewriting: {base}/web/{timestamp}id_/{original}.
func (c Capture) RawURL(base string) string {
	return strings.TrimRight(base, "/") + "/web/" + c.Timestamp + "id_/" + c.Original
}

// IsRevisit tells a revisit record: the crawler saw the same payload again
// and stored only a reference to it; the archive replays that payload.
func (c Capture) IsRevisit() bool {
	return c.MimeType == "warc/revisit" || c.StatusCode == "-"
}

// Page is a fetched capture.
type Page struct {
	Capture Capture
	// Captured is when the replayed capture was taken, by the archive's
	// Memento-Datetime: the listed capture's time, or that of the nearest
	// capture the archive replayed instead.
	Captured time.Time
	// Timestamp is Captured as the archive writes it, 14 digits.
	Timestamp   string
	FinalURL    string // the replay address answered, after redirects inside the archive
	Status      int
	ContentType string // as replayed, charset included: the extractor decodes by it
	Body        []byte // decoded text bytes
}

// skipReason is why the index entry alone rules the capture out, or nil.
// Such captures cost no request.
func (c Capture) skipReason() error {
	if code, err := strconv.Atoi(c.StatusCode); err == nil {
		switch {
		case code >= 300 && code < 400:
			return fmt.Errorf("%w: %w: %s at %s answered %d", ErrSkipped, ErrRedirectCapture, c.Original, c.Timestamp, code)
		case code >= 400:
			return fmt.Errorf("%w: %w: %s at %s answered %d", ErrSkipped, ErrCaptureStatus, c.Original, c.Timestamp, code)
		}
	}
	if !indexTypeOK(c.MimeType) {
		return fmt.Errorf("%w: %w: %s at %s is %s", ErrSkipped, ErrNotHTML, c.Original, c.Timestamp, c.MimeType)
	}
	if _, err := c.Time(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrSkipped, c.Original, err)
	}
	return nil
}

// indexTypeOK accepts the index's media types worth a fetch. A revisit or
// an unknown type ("unk") says nothing yet: the replay's Content-Type decides.
func indexTypeOK(t string) bool {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "", "unk", "warc/revisit":
		return true
	}
	return textual(t)
}

// textual accepts what tracker reads, HTML, plain text and PDF, parameters
// aside. An empty type is accepted: the extractor sniffs the body.
func textual(contentType string) bool {
	if strings.TrimSpace(contentType) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed parameter list still names its type first.
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	}
	switch mt {
	case "text/html", "text/plain", "application/xhtml+xml", "application/pdf":
		return true
	}
	return false
}

// isPDFType reports a PDF's media type, parameters aside.
func isPDFType(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/pdf")
}

func isTimestamp(s string) bool {
	if len(s) != len(timestampLayout) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
