// Package telegram sends alerts through a Telegram bot to a chat, with
// the Bot API's sendMessage and HTML formatting.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "telegram"

// maxText is the longest message the Bot API takes.
const maxText = 4096

// Notifier sends to one chat.
type Notifier struct {
	p      *chat.Poster
	target *url.URL
	chatID string
}

// New reads the sendMessage URL with its chat:
// https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<CHAT>.
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	u := *p.URL
	chatID := u.Query().Get("chat_id")
	if chatID == "" {
		return nil, errors.New("telegram: the URL names no chat (https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<CHAT>)")
	}
	if !strings.HasSuffix(u.Path, "/sendMessage") {
		return nil, errors.New("telegram: the URL must be the bot's sendMessage method (https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<CHAT>)")
	}
	u.RawQuery = ""
	return &Notifier{p: p, target: &u, chatID: chatID}, nil
}

// Kind is "telegram".
func (n *Notifier) Kind() string { return Kind }

// Target is the API's host: the path holds the bot's token.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send calls sendMessage.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	return n.p.Post(ctx, n.target, nil, payload(n.chatID, chat.NewBrief(m)))
}

type message struct {
	ChatID             string      `json:"chat_id"`
	Text               string      `json:"text"`
	ParseMode          string      `json:"parse_mode"` // "HTML"
	LinkPreviewOptions linkPreview `json:"link_preview_options"`
}

type linkPreview struct {
	IsDisabled bool `json:"is_disabled"`
}

func payload(chatID string, b chat.Brief) message {
	m := message{ChatID: chatID, ParseMode: "HTML", LinkPreviewOptions: linkPreview{IsDisabled: true}}
	if b.Ping {
		m.Text = html.EscapeString(b.Headline)
		return m
	}
	lines := []string{
		"<b>" + html.EscapeString(b.Title) + "</b>",
		fmt.Sprintf("%s · %s %s · %s", html.EscapeString(b.Headline), chat.Emoji(b.Severity), strings.ToUpper(b.Severity), html.EscapeString(strings.Join(b.Categories, ", "))),
	}
	for _, c := range b.Changes {
		line := fmt.Sprintf("%s <b>%s</b> %s", chat.Emoji(c.Severity), strings.ToUpper(c.Severity), c.Kind)
		if c.Section != "" {
			line += " in " + html.EscapeString(c.Section)
		}
		lines = append(lines, line+": "+html.EscapeString(c.Text))
	}
	if b.More > 0 {
		lines = append(lines, fmt.Sprintf("%d more changes (%s)", b.More, b.MoreDetail))
	}
	if b.Link != "" {
		lines = append(lines, `<a href="`+html.EscapeString(b.Link)+`">Full diff</a>`)
	} else if b.Command != "" {
		lines = append(lines, "Full diff: <code>"+html.EscapeString(b.Command)+"</code>")
	}
	// A brief is a few short lines, far under the API's limit: the cut is
	// never needed for an alert, and never lands inside a tag for a ping.
	m.Text = strings.Join(lines, "\n")
	if len([]rune(m.Text)) > maxText {
		m.Text = strings.Join(lines[:2], "\n")
	}
	return m
}

var _ notify.Notifier = (*Notifier)(nil)
