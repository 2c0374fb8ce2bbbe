// Package notify turns a classified change into alerts and delivers them
// reliably: the alert is stored first in an outbox (by the caller), and a
// Sender sends due rows through a Notifier per configured endpoint,
// retrying with backoff until delivery succeeds, fails for good, or gets
// too old.
package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tracker-dev/tracker/classify"
)

// Message is one alert. Its JSON is the webhook body and the outbox
// payload, so the same bytes (and the same alert id) go out on every
// attempt. The shape is the one the Standard Webhooks specification
// recommends: type, timestamp and data; docs/webhook-payload.schema.json
// describes it.
type Message struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"` // when the change was detected
	Data      Data      `json:"data"`
}

// Message types.
const (
	TypeChanged  = "document.changed"
	TypeRestored = "document.restored" // a truncated or suspect text was followed by the full one
	TypePing     = "test.ping"         // `tracker alerts test`
)

// Data is what the alert is about. A test ping has only AlertID and Text.
type Data struct {
	AlertID     string           `json:"alert_id"` // also the webhook-id header
	Vendor      *Vendor          `json:"vendor,omitempty"`
	Document    *DocumentRef     `json:"document,omitempty"`
	FromVersion int64            `json:"from_version,omitempty"`
	ToVersion   int64            `json:"to_version,omitempty"`
	FromTime    time.Time        `json:"from_time,omitzero"` // captured_at of the two versions
	ToTime      time.Time        `json:"to_time,omitzero"`
	Summary     classify.Summary `json:"summary,omitzero"` // of every change, shown or not
	// Changes are ordered by severity, then by position in the document.
	// Every medium and high change is here; none and low ones may be left
	// out (Omitted says how many) to keep the body under MaxBody.
	Changes     []Change  `json:"changes,omitempty"`
	Omitted     Omitted   `json:"omitted,omitzero"`
	Restored    *Restored `json:"restored,omitempty"`     // document.restored
	DiffCommand string    `json:"diff_command,omitempty"` // the command that shows every change
	DiffURL     string    `json:"diff_url,omitempty"`     // the diff page, when web.base_url is set
	Text        string    `json:"text,omitempty"`         // test.ping
}

// Change is one clause change as `tracker diff --format json` prints it;
// Truncated says its texts were cut to keep the body small.
type Change struct {
	classify.Change
	Truncated bool `json:"truncated,omitempty"`
}

// Omitted counts the changes left out of a message, by severity.
type Omitted struct {
	Count  int `json:"count"`
	None   int `json:"none"`
	Low    int `json:"low"`
	Medium int `json:"medium"`
	High   int `json:"high"`
}

func (o *Omitted) add(s classify.Severity, n int) {
	o.Count += n
	switch s {
	case classify.High:
		o.High += n
	case classify.Medium:
		o.Medium += n
	case classify.Low:
		o.Low += n
	default:
		o.None += n
	}
}

// Plus is the sum of two counts.
func (o Omitted) Plus(p Omitted) Omitted {
	return Omitted{Count: o.Count + p.Count, None: o.None + p.None, Low: o.Low + p.Low,
		Medium: o.Medium + p.Medium, High: o.High + p.High}
}

// Restored names the earlier version whose text came back.
type Restored struct {
	Version    int64     `json:"version"`
	CapturedAt time.Time `json:"captured_at"`
}

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

// ID is the alert id.
func (m Message) ID() string { return m.Data.AlertID }

// VendorID is the vendor the alert is about, "" for a test ping.
func (m Message) VendorID() string {
	if m.Data.Vendor == nil {
		return ""
	}
	return m.Data.Vendor.ID
}

// Decode reads an outbox payload. Rows queued before schema version 4
// carried the alert's fields at the top level; they are read into the
// current shape, so they are sent like any other.
func Decode(payload []byte) (Message, error) {
	var probe struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(payload, &probe); err != nil {
		return Message{}, fmt.Errorf("decode alert: %w", err)
	}
	if probe.Data != nil {
		var m Message
		if err := json.Unmarshal(payload, &m); err != nil {
			return Message{}, fmt.Errorf("decode alert: %w", err)
		}
		return m, nil
	}
	var old struct {
		Type        string            `json:"type"`
		ID          string            `json:"id"`
		Vendor      Vendor            `json:"vendor"`
		Document    DocumentRef       `json:"document"`
		FromVersion int64             `json:"from_version"`
		ToVersion   int64             `json:"to_version"`
		FromTime    time.Time         `json:"from_time"`
		ToTime      time.Time         `json:"to_time"`
		DetectedAt  time.Time         `json:"detected_at"`
		Summary     classify.Summary  `json:"summary"`
		Changes     []classify.Change `json:"changes"`
		DiffCommand string            `json:"diff_command"`
	}
	if err := json.Unmarshal(payload, &old); err != nil {
		return Message{}, fmt.Errorf("decode alert: %w", err)
	}
	if old.ID == "" {
		return Message{}, errors.New("decode alert: no alert id")
	}
	if old.Type != TypeChanged {
		return Message{Type: TypePing, Timestamp: old.DetectedAt, Data: Data{AlertID: old.ID, Text: pingText}}, nil
	}
	m := Message{Type: TypeChanged, Timestamp: old.DetectedAt, Data: Data{
		AlertID: old.ID, Vendor: &old.Vendor, Document: &old.Document,
		FromVersion: old.FromVersion, ToVersion: old.ToVersion, FromTime: old.FromTime, ToTime: old.ToTime,
		Summary: old.Summary, DiffCommand: old.DiffCommand,
	}}
	SetChanges(&m, old.Changes)
	return m, nil
}

const pingText = "This is a test alert from tracker: delivery on this channel works."

// Ping is the message of `tracker alerts test`.
func Ping(id string, at time.Time) Message {
	return Message{Type: TypePing, Timestamp: at.UTC(), Data: Data{AlertID: id, Text: pingText}}
}
