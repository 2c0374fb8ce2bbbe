// Package ntfy publishes alerts to an ntfy topic (ntfy.sh or a server of
// your own) as JSON: title, Markdown message, priority and tags from the
// severity, and the diff page as the click target.
package ntfy

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
)

// Kind is the channel's name in the configuration and the outbox.
const Kind = "ntfy"

// Notifier publishes to one topic.
type Notifier struct {
	p     *chat.Poster
	root  *url.URL // the server's root, where JSON is published
	topic string
	auth  string // Authorization header, from the URL's user info
}

// New reads the topic URL, https://ntfy.sh/TOPIC. Credentials go in its
// user info: user:password for Basic, :token (no user) for a Bearer
// access token.
func New(cfg chat.Config) (*Notifier, error) {
	p, err := chat.NewPoster(Kind, cfg)
	if err != nil {
		return nil, err
	}
	u := *p.URL
	topic := path.Base(strings.TrimRight(u.Path, "/"))
	if topic == "" || topic == "/" || topic == "." {
		return nil, errors.New("ntfy: the URL names no topic (https://ntfy.sh/TOPIC)")
	}
	n := &Notifier{p: p, topic: topic}
	if u.User != nil {
		pass, _ := u.User.Password()
		if u.User.Username() == "" {
			n.auth = "Bearer " + pass
		} else {
			n.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pass))
		}
	}
	root := u
	root.User, root.RawQuery, root.Fragment = nil, "", ""
	root.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), topic)
	if root.Path == "" {
		root.Path = "/"
	}
	n.root = &root
	return n, nil
}

// Kind is "ntfy".
func (n *Notifier) Kind() string { return Kind }

// Target is the server: a topic name is a password on public servers.
func (n *Notifier) Target(notify.Message) string { return n.p.Shown() }

// Send publishes the message.
func (n *Notifier) Send(ctx context.Context, m notify.Message) error {
	var h http.Header
	if n.auth != "" {
		h = http.Header{"Authorization": {n.auth}}
	}
	return n.p.Post(ctx, n.root, h, payload(n.topic, chat.NewBrief(m)))
}

// message is ntfy's JSON publishing body.
type message struct {
	Topic    string   `json:"topic"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Markdown bool     `json:"markdown"`
	Priority int      `json:"priority"` // 1 (min) to 5 (max)
	Tags     []string `json:"tags,omitempty"`
	Click    string   `json:"click,omitempty"`
}

var (
	priorities = map[string]int{"high": 5, "medium": 4, "low": 2, "none": 2}
	tags       = map[string]string{"high": "rotating_light", "medium": "warning", "low": "information_source", "none": "information_source"}
)

func payload(topic string, b chat.Brief) message {
	if b.Ping {
		return message{Topic: topic, Title: b.Title, Message: b.Headline, Priority: 3, Tags: []string{"white_check_mark"}}
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
	if b.Link == "" && b.Command != "" {
		lines = append(lines, "Full diff: `"+strings.ReplaceAll(b.Command, "`", "'")+"`")
	}
	click := b.Link
	if click == "" {
		click = b.DocURL
	}
	if !strings.HasPrefix(click, "https://") && !strings.HasPrefix(click, "http://") {
		click = ""
	}
	return message{
		Topic: topic, Title: b.Title, Message: strings.Join(lines, "\n"), Markdown: true,
		Priority: priorities[b.Severity], Tags: []string{tags[b.Severity]}, Click: click,
	}
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`, "`", "\\`").Replace(s)
}

var _ notify.Notifier = (*Notifier)(nil)
