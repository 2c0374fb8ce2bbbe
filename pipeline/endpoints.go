package pipeline

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/email"
	"github.com/tracker-dev/tracker/notify/webhook"
)

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
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
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
