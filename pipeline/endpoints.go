package pipeline

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/discord"
	"github.com/tracker-dev/tracker/notify/email"
	"github.com/tracker-dev/tracker/notify/gotify"
	"github.com/tracker-dev/tracker/notify/ntfy"
	"github.com/tracker-dev/tracker/notify/slack"
	"github.com/tracker-dev/tracker/notify/teams"
	"github.com/tracker-dev/tracker/notify/telegram"
	"github.com/tracker-dev/tracker/notify/webhook"
)

// chatKinds are the chat and push channels, by the type the configuration
// names (config.ChatTypes): one package each, all built from their URL.
var chatKinds = map[string]func(chat.Config) (notify.Notifier, error){
	slack.Kind:    func(c chat.Config) (notify.Notifier, error) { return slack.New(c) },
	teams.Kind:    func(c chat.Config) (notify.Notifier, error) { return teams.New(c) },
	discord.Kind:  func(c chat.Config) (notify.Notifier, error) { return discord.New(c) },
	ntfy.Kind:     func(c chat.Config) (notify.Notifier, error) { return ntfy.New(c) },
	gotify.Kind:   func(c chat.Config) (notify.Notifier, error) { return gotify.New(c) },
	telegram.Kind: func(c chat.Config) (notify.Notifier, error) { return telegram.New(c) },
}

// legacyPrefix keys the outbox rows queued before schema version 4 by the
// webhook URL they were for.
const legacyPrefix = "url:"

// Endpoints builds every configured endpoint, keyed as outbox rows name
// them; secrets are read from the environment here and never shown.
//
// A secret that is set but not valid (not whsec_ base64, or shorter than
// 24 bytes) is a configuration mistake, refused with the field and line
// (config.Errors): nothing should run on it. A variable that is not set
// leaves only that endpoint unable to send: its alerts wait with the
// reason, and the other endpoints deliver as usual.
func (a *App) Endpoints(getenv func(string) string) (map[string]notify.Endpoint, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	out := map[string]notify.Endpoint{}
	var bad config.Errors
	if e := a.cfg.Alerts.Email; e != nil {
		out[notify.ChannelEmail] = a.emailEndpoint(e, getenv)
	}
	for i, w := range a.cfg.Alerts.Webhooks {
		key := config.EndpointKey(w.Name, "webhooks", i)
		ep, problems := a.webhookEndpoint(i, w, getenv)
		bad = append(bad, problems...)
		out[key] = ep
		// Rows queued before endpoints had keys name their URL: the first
		// endpoint with that URL takes them.
		if alias := legacyPrefix + w.URL; out[alias].Kind == "" {
			out[alias] = ep
		}
	}
	for i, c := range a.cfg.Alerts.Chat {
		ep, problem := a.chatEndpoint(i, c, getenv)
		if problem != nil {
			bad = append(bad, problem)
		}
		out[config.EndpointKey(c.Name, "chat", i)] = ep
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
}

// chatEndpoint builds a chat channel. A URL the service cannot take (no
// topic, no chat id, not http) is a configuration mistake; an unset
// variable stops only this endpoint.
func (a *App) chatEndpoint(i int, c config.Chat, getenv func(string) string) (notify.Endpoint, *config.FieldError) {
	ep := notify.Endpoint{Kind: c.Type}
	field, raw := fmt.Sprintf("alerts.chat[%d].url", i), c.URL
	if c.URLEnv != "" {
		field = fmt.Sprintf("alerts.chat[%d].url_env", i)
		if raw = getenv(c.URLEnv); raw == "" {
			ep.Err = fmt.Errorf("%s: environment variable %s is not set", field, c.URLEnv)
			return ep, nil
		}
	}
	build, ok := chatKinds[c.Type]
	if !ok { // validated with the configuration
		return ep, a.cfg.FieldError(fmt.Sprintf("alerts.chat[%d].type", i), "%q is not a chat type", c.Type)
	}
	n, err := build(chat.Config{URL: raw, Timeout: a.cfg.Timeout, UserAgent: a.cfg.UserAgent})
	if err != nil {
		// The error names what is wrong, never the URL (it holds tokens).
		return ep, a.cfg.FieldError(field, "%s", err)
	}
	ep.Notifier = n
	return ep, nil
}

func (a *App) emailEndpoint(e *config.Email, getenv func(string) string) notify.Endpoint {
	ep := notify.Endpoint{Kind: notify.ChannelEmail}
	password := ""
	if e.PasswordEnv != "" {
		if password = getenv(e.PasswordEnv); password == "" {
			ep.Err = fmt.Errorf("alerts.email.password_env: environment variable %s is not set", e.PasswordEnv)
			return ep
		}
	}
	byVendor := map[string][]string{}
	for _, v := range a.cfg.Vendors {
		if len(v.Alerts.To) > 0 {
			byVendor[v.ID] = v.Alerts.To
		}
	}
	n, err := email.New(email.Config{
		Host: e.Host, Port: e.Port, TLS: e.TLS, Username: e.Username, Password: password,
		From: e.From, To: e.To, ToVendor: byVendor, Timeout: a.cfg.Timeout,
	})
	if err != nil {
		ep.Err = fmt.Errorf("alerts.email: %w", err)
		return ep
	}
	ep.Notifier = n
	return ep
}

func (a *App) webhookEndpoint(i int, w config.Webhook, getenv func(string) string) (notify.Endpoint, config.Errors) {
	ep := notify.Endpoint{Kind: notify.ChannelWebhook}
	field := fmt.Sprintf("alerts.webhooks[%d].secret_env", i)
	var secrets []string
	var bad config.Errors
	var unset []string
	for j, env := range w.SecretEnv {
		f := field
		if len(w.SecretEnv) > 1 {
			f = fmt.Sprintf("%s[%d]", field, j)
		}
		s := getenv(env)
		if s == "" {
			unset = append(unset, fmt.Sprintf("%s: environment variable %s is not set", f, env))
			continue
		}
		if _, err := webhook.DecodeSecret(s); err != nil {
			bad = append(bad, a.cfg.FieldError(f, "the secret in %s is not valid: %s", env, err))
			continue
		}
		secrets = append(secrets, s)
	}
	if len(bad) > 0 {
		return ep, bad
	}
	if len(unset) > 0 {
		ep.Err = errors.New(strings.Join(unset, "; "))
		return ep, nil
	}
	n, err := webhook.New(webhook.Config{URL: w.URL, Secrets: secrets, Timeout: a.cfg.Timeout, UserAgent: a.cfg.UserAgent})
	if err != nil {
		ep.Err = fmt.Errorf("alerts.webhooks[%d]: %w", i, err)
		return ep, nil
	}
	ep.Notifier = n
	return ep, nil
}
