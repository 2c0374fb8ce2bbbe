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
	Timestamp  string // 14 digits, UTC
	Original   string // the URL as captured, e.g. "http://www.example.com:80/privacy"
	MimeType   string // as recorded; "warc/revisit" for revisit records
	StatusCode string // HTTP status as recorded; "-" for revisit records
	Digest     string // base32 SHA-1 of the payload
}

// Time is the capture time in UTC.
func (c Capture) Time() (time.Time, error) {
	if !isTimestamp(c.Timestamp) {
		return time.Time{}, fmt.Errorf("wayback: capture timestamp %q is not 14 digits", c.Timestamp)
	}
	t, err := time.Parse(timestampLayout, c.Timestamp)
	if err != nil {
		return time.Time{}, fmt.Errorf("wayback: capture timestamp %q: %w", c.Timestamp, err)
	}
	return t, nil
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
	Capture     Capture
	FinalURL    string // the replay address answered, after redirects inside the archive
	Status      int
	ContentType string // as replayed, charset included: the extractor decodes by it
	Body        []byte
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

// textual accepts HTML and plain text, parameters aside. An empty type is
// accepted: the extractor sniffs the body.
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
	case "text/html", "text/plain", "application/xhtml+xml":
		return true
	}
	return false
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
