// Package slack posts alerts to a Slack incoming webhook: a header, the
// vendor and document with severity and categories, the top changes and
// the link, in Block Kit, with a plain-text fallback for notifications.
package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "slack"

// Block Kit limits: a header's text, a section's text.
const (
	maxHeader  = 150
	maxSection = 3000
)

// Notifier posts to one incoming webhook URL.
type Notifier struct{ p *chat.Poster }

// New checks the webhook URL (https://hooks.slack.com/services/…).
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	return &Notifier{p}, nil
}

// Kind is "slack".
func (n *Notifier) Kind() string { return Kind }

// Target is the webhook's host: its path is the secret.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send posts the message; Slack answers 200 "ok".
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	return n.p.Post(ctx, nil, nil, payload(chat.NewBrief(m)))
}

// message is an incoming webhook's body: text is what notifications show,
// blocks what the channel shows.
type message struct {
	Text   string  `json:"text"`
	Blocks []block `json:"blocks"`
}

type block struct {
	Type     string `json:"type"`
	Text     *text  `json:"text,omitempty"`
	Elements []text `json:"elements,omitempty"`
}

type text struct {
	Type string `json:"type"` // "plain_text" or "mrkdwn"
	Text string `json:"text"`
}

func payload(b chat.Brief) message {
	if b.Ping {
		return message{Text: escape(b.Headline), Blocks: []block{{Type: "section", Text: &text{"mrkdwn", escape(b.Headline)}}}}
	}
	// The fallback text is mrkdwn too, shown in notifications.
	m := message{Text: escape(b.Title)}
	m.Blocks = append(m.Blocks, block{Type: "header", Text: &text{"plain_text", chat.Shorten(b.Title, maxHeader)}})
	about := fmt.Sprintf("*%s* %s · %s *%s*", escape(b.Vendor), escape(b.Document), chat.Emoji(b.Severity), strings.ToUpper(b.Severity))
	if len(b.Categories) > 0 {
		about += " · " + escape(strings.Join(b.Categories, ", "))
	}
	about += "\n" + escape(b.Headline)
	if b.DocURL != "" {
		about += "\n" + escape(b.DocURL)
	}
	m.Blocks = append(m.Blocks, block{Type: "section", Text: &text{"mrkdwn", chat.Shorten(about, maxSection)}})
	var lines []string
	for _, c := range b.Changes {
		line := fmt.Sprintf("%s *%s* %s", chat.Emoji(c.Severity), strings.ToUpper(c.Severity), c.Kind)
		if c.Section != "" {
			line += " in " + escape(c.Section)
		}
		lines = append(lines, line+": "+escape(c.Text))
	}
	if len(lines) > 0 {
		m.Blocks = append(m.Blocks, block{Type: "section", Text: &text{"mrkdwn", chat.Shorten(strings.Join(lines, "\n"), maxSection)}})
	}
	var foot []string
	if b.More > 0 {
		foot = append(foot, fmt.Sprintf("%d more changes (%s)", b.More, b.MoreDetail))
	}
	if b.Link != "" {
		foot = append(foot, "<"+escape(b.Link)+"|Full diff>")
	} else if b.Command != "" {
		foot = append(foot, "Full diff: `"+escape(b.Command)+"`")
	}
	if len(foot) > 0 {
		m.Blocks = append(m.Blocks, block{Type: "context", Elements: []text{{"mrkdwn", strings.Join(foot, " · ")}}})
	}
	return m
}

// escape keeps page text from being read as Slack markup: &, < and > are
// the three characters Slack asks to escape (<!channel> would ping
// everyone, <url|text> would disguise a link).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

var _ notify.Notifier = (*Notifier)(nil)
