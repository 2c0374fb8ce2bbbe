// Package notify turns a classified change into alerts and delivers them
// reliably: the alert is stored first in an outbox (by the caller), and a
// Sender sends due rows through a Notifier per channel, retrying with
// backoff until delivery succeeds, fails for good, or gets too old.
package notify

import (
	"time"

	"github.com/tracker-dev/tracker/classify"
)

// Message is one alert. Its JSON is the webhook body and the outbox
// payload, so the same bytes (and the same ID) go out on every attempt.
type Message struct {
	Type        string            `json:"type"` // "document.changed", or "test"
	ID          string            `json:"id"`   // stable alert id, also the webhook-id header
	Vendor      Vendor            `json:"vendor"`
	Document    DocumentRef       `json:"document"`
	FromVersion int64             `json:"from_version"`
	ToVersion   int64             `json:"to_version"`
	FromTime    time.Time         `json:"from_time"` // captured_at of the two versions
	ToTime      time.Time         `json:"to_time"`
	DetectedAt  time.Time         `json:"detected_at"`
	Summary     classify.Summary  `json:"summary"`
	Changes     []classify.Change `json:"changes"`
	DiffCommand string            `json:"diff_command,omitempty"`
}

// Message types.
const (
	TypeChanged = "document.changed"
	TypeTest    = "test"
)

// Vendor names the company whose document changed.
type Vendor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DocumentRef names the watched document.
type DocumentRef struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}
