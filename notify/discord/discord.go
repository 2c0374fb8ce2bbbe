// Package discord posts alerts to a Discord channel webhook as an embed:
// title and link, the top changes, and fields for vendor, document,
// severity and categories; mentions are switched off.
package discord

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "discord"

// Discord's embed limits.
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFieldValue  = 1024
)

// Notifier posts to one webhook URL (https://discord.com/api/webhooks/ID/TOKEN).
type Notifier struct{ p *chat.Poster }

// New checks the webhook URL.
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	return &Notifier{p}, nil
}

// Kind is "discord".
func (n *Notifier) Kind() string { return Kind }

// Target is the webhook's host: its path holds the token.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send executes the webhook; Discord answers 204 No Content.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	return n.p.Post(ctx, nil, nil, payload(chat.NewBrief(m)))
}

type message struct {
	Username        string          `json:"username"`
	Content         string          `json:"content,omitempty"`
	Embeds          []embed         `json:"embeds,omitempty"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
}

// allowedMentions with no parse types pings no one, whatever the text.
type allowedMentions struct {
	Parse []string `json:"parse"`
}

type embed struct {
	Title       string  `json:"title"`
	URL         string  `json:"url,omitempty"`
	Description string  `json:"description,omitempty"`
	Color       int     `json:"color"`
	Fields      []field `json:"fields,omitempty"`
	Timestamp   string  `json:"timestamp,omitempty"`
}

type field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

var colors = map[string]int{"high": 0xB42318, "medium": 0xB54708, "low": 0x175CD3, "none": 0x667085}

func payload(b chat.Brief) message {
	m := message{Username: "tracker", AllowedMentions: allowedMentions{Parse: []string{}}}
	if b.Ping {
		m.Content = escape(b.Headline)
		return m
	}
	var desc []string
	desc = append(desc, escape(b.Headline))
	for _, c := range b.Changes {
		line := fmt.Sprintf("%s **%s** %s", chat.Emoji(c.Severity), strings.ToUpper(c.Severity), c.Kind)
		if c.Section != "" {
			line += " in " + escape(c.Section)
		}
		desc = append(desc, line+": "+escape(c.Text))
	}
	if b.More > 0 {
		desc = append(desc, fmt.Sprintf("%d more changes (%s)", b.More, b.MoreDetail))
	}
	if b.Link == "" && b.Command != "" {
		desc = append(desc, "Full diff: `"+strings.ReplaceAll(b.Command, "`", "'")+"`")
	}
	e := embed{
		Title: chat.Shorten(b.Title, maxTitle), URL: b.Link, Color: colors[b.Severity],
		Description: chat.Shorten(strings.Join(desc, "\n"), maxDescription),
		Fields: []field{
			{"Vendor", value(b.Vendor), true}, {"Document", value(b.Document), true},
			{"Severity", strings.ToUpper(b.Severity), true}, {"Categories", value(strings.Join(b.Categories, ", ")), true},
		},
	}
	if !b.At.IsZero() {
		e.Timestamp = b.At.UTC().Format(time.RFC3339)
	}
	m.Embeds = []embed{e}
	return m
}

// value is a field's value: never empty, which Discord refuses.
func value(s string) string {
	if s == "" {
		return "-"
	}
	return chat.Shorten(escape(s), maxFieldValue)
}

// escape keeps page text from being read as Discord Markdown.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, "[", `\[`, "]", `\]`, "#", `\#`).Replace(s)
}

var _ notify.Notifier = (*Notifier)(nil)
