// Package teams posts alerts to Microsoft Teams through a Workflows
// webhook ("When a Teams webhook request is received"), which takes a
// message carrying an Adaptive Card: Microsoft 365 connectors and their
// MessageCard format are retired.
package teams

import (
	"context"
	"fmt"
	"strings"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "teams"

// Notifier posts to one Workflows webhook URL.
type Notifier struct{ p *chat.Poster }

// New checks the webhook URL.
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	return &Notifier{p}, nil
}

// Kind is "teams".
func (n *Notifier) Kind() string { return Kind }

// Target is the webhook's host: its query holds the signature.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send posts the card; a workflow answers 202 Accepted.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	return n.p.Post(ctx, nil, nil, payload(chat.NewBrief(m)))
}

type message struct {
	Type        string       `json:"type"` // "message"
	Attachments []attachment `json:"attachments"`
}

type attachment struct {
	ContentType string  `json:"contentType"` // "application/vnd.microsoft.card.adaptive"
	ContentURL  *string `json:"contentUrl"`  // null
	Content     card    `json:"content"`
}

type card struct {
	Schema  string    `json:"$schema"`
	Type    string    `json:"type"` // "AdaptiveCard"
	Version string    `json:"version"`
	Body    []element `json:"body"`
	Actions []action  `json:"actions,omitempty"`
}

type element struct {
	Type     string `json:"type"` // "TextBlock" or "FactSet"
	Text     string `json:"text,omitempty"`
	Weight   string `json:"weight,omitempty"`
	Size     string `json:"size,omitempty"`
	Color    string `json:"color,omitempty"`
	IsSubtle bool   `json:"isSubtle,omitempty"`
	Wrap     bool   `json:"wrap,omitempty"`
	Facts    []fact `json:"facts,omitempty"`
}

type fact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type action struct {
	Type  string `json:"type"` // "Action.OpenUrl"
	Title string `json:"title"`
	URL   string `json:"url"`
}

// cardVersion is the Adaptive Card version Teams renders everywhere.
const cardVersion = "1.4"

var colors = map[string]string{"high": "Attention", "medium": "Warning", "low": "Accent"}

func payload(b chat.Brief) message {
	c := card{Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: cardVersion}
	if b.Ping {
		c.Body = []element{{Type: "TextBlock", Text: escape(b.Headline), Wrap: true}}
	} else {
		c.Body = append(c.Body,
			element{Type: "TextBlock", Text: escape(b.Title), Weight: "Bolder", Size: "Medium", Color: colors[b.Severity], Wrap: true},
			element{Type: "FactSet", Facts: []fact{
				{"Vendor", escape(b.Vendor)}, {"Document", escape(b.Document)},
				{"Severity", strings.ToUpper(b.Severity)}, {"Categories", escape(strings.Join(b.Categories, ", "))},
			}})
		for _, ch := range b.Changes {
			line := fmt.Sprintf("**%s** %s", strings.ToUpper(ch.Severity), ch.Kind)
			if ch.Section != "" {
				line += " in " + escape(ch.Section)
			}
			c.Body = append(c.Body, element{Type: "TextBlock", Text: line + ": " + escape(ch.Text), Wrap: true})
		}
		if b.More > 0 {
			c.Body = append(c.Body, element{Type: "TextBlock", Text: fmt.Sprintf("%d more changes (%s)", b.More, b.MoreDetail), IsSubtle: true, Wrap: true})
		}
		if b.Link != "" {
			c.Actions = []action{{Type: "Action.OpenUrl", Title: "Full diff", URL: b.Link}}
		} else if b.Command != "" {
			c.Body = append(c.Body, element{Type: "TextBlock", Text: "Full diff: " + escape(b.Command), IsSubtle: true, Wrap: true})
		}
	}
	return message{Type: "message", Attachments: []attachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: c}}}
}

// escape keeps page text from being read as the Markdown TextBlocks
// render: a clause must not become a link or a heading.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`, "`", "\\`").Replace(s)
}

var _ notify.Notifier = (*Notifier)(nil)
