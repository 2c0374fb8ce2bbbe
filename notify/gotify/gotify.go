// Package gotify sends alerts to a Gotify server as messages of an
// application: title, Markdown text, a priority from the severity, and the
// diff page as the notification's click target.
package gotify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "gotify"

// Notifier posts to one application's message URL.
type Notifier struct {
	p      *chat.Poster
	target *url.URL // the URL without its token
	token  string
}

// New reads the message URL, https://gotify.example.org/message?token=APPTOKEN;
// the token is sent in the X-Gotify-Key header rather than the URL, so it
// stays out of the server's access logs.
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	u := *p.URL
	q := u.Query()
	token := q.Get("token")
	if token == "" {
		return nil, errors.New("gotify: the URL has no application token (https://HOST/message?token=APPTOKEN)")
	}
	q.Del("token")
	u.RawQuery = q.Encode()
	if !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/message") {
		return nil, errors.New("gotify: the URL must end in /message (https://HOST/message?token=APPTOKEN)")
	}
	return &Notifier{p: p, target: &u, token: token}, nil
}

// Kind is "gotify".
func (n *Notifier) Kind() string { return Kind }

// Target is the server.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send posts the message.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	return n.p.Post(ctx, n.target, http.Header{"X-Gotify-Key": {n.token}}, payload(chat.NewBrief(m)))
}

type message struct {
	Title    string `json:"title"`
	Message  string `json:"message"`
	Priority int    `json:"priority"` // 0 to 10
	Extras   extras `json:"extras"`
}

type extras struct {
	Display      display       `json:"client::display"`
	Notification *notification `json:"client::notification,omitempty"`
}

type display struct {
	ContentType string `json:"contentType"` // "text/markdown"
}

type notification struct {
	Click click `json:"click"`
}

type click struct {
	URL string `json:"url"`
}

var priorities = map[string]int{"high": 8, "medium": 5, "low": 2, "none": 1}

func payload(b chat.Brief) message {
	m := message{Title: b.Title, Extras: extras{Display: display{"text/markdown"}}}
	if b.Ping {
		m.Message, m.Priority = b.Headline, 5
		return m
	}
	lines := []string{fmt.Sprintf("**%s** · %s · %s", escape(b.Headline), strings.ToUpper(b.Severity), escape(strings.Join(b.Categories, ", ")))}
	for _, c := range b.Changes {
		line := fmt.Sprintf("- **%s** %s", strings.ToUpper(c.Severity), c.Kind)
		if c.Section != "" {
			line += " in " + escape(c.Section)
		}
		lines = append(lines, line+": "+escape(c.Text))
	}
	if b.More > 0 {
		lines = append(lines, fmt.Sprintf("%d more changes (%s)", b.More, b.MoreDetail))
	}
	if b.Link != "" {
		lines = append(lines, "[Full diff]("+b.Link+")")
		m.Extras.Notification = &notification{click{b.Link}}
	} else if b.Command != "" {
		lines = append(lines, "Full diff: `"+strings.ReplaceAll(b.Command, "`", "'")+"`")
	}
	m.Message, m.Priority = strings.Join(lines, "\n"), priorities[b.Severity]
	return m
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`, "`", "\\`").Replace(s)
}

var _ notify.Notifier = (*Notifier)(nil)
