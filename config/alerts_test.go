package config

import (
	"strings"
	"testing"
)

const alertsVendor = "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n"

func TestAlertEndpoints(t *testing.T) {
	cfg, err := Parse([]byte(`alerts:
  webhooks:
    - {url: https://hooks.example/x, secret_env: OLD}
    - name: siem
      url: https://hooks.example/x
      secret_env: [NEW, OLD]
  chat:
    - {type: slack, url_env: SLACK_URL}
    - {name: phones, type: ntfy, url: https://ntfy.sh/acme-alerts}
web:
  base_url: https://tracker.example.org
`+alertsVendor), "cfg.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Alerts.Webhooks
	if len(w[0].SecretEnv) != 1 || strings.Join(w[1].SecretEnv, ",") != "NEW,OLD" || cfg.Web.BaseURL != "https://tracker.example.org" {
		t.Errorf("parsed %+v, web %+v", w, cfg.Web)
	}
	keys := []string{EndpointKey(w[0].Name, "webhooks", 0), EndpointKey(w[1].Name, "webhooks", 1),
		EndpointKey(cfg.Alerts.Chat[0].Name, "chat", 0), EndpointKey(cfg.Alerts.Chat[1].Name, "chat", 1)}
	if strings.Join(keys, " ") != "webhooks[0] siem chat[0] phones" {
		t.Errorf("endpoint keys %v", keys)
	}
	if e := cfg.FieldError("alerts.webhooks[1].secret_env[0]", "bad %s", "secret"); e.Error() != "cfg.yaml:6: alerts.webhooks[1].secret_env[0]: bad secret" {
		t.Errorf("FieldError = %q", e.Error())
	}
}

func TestAlertEndpointErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"secret list with a bad name", "alerts:\n  webhooks:\n    - url: https://h.example/x\n      secret_env: [GOOD, bad-name]\n",
			"cfg.yaml:4: alerts.webhooks[0].secret_env[1]: \"bad-name\" is not an environment variable name"},
		{"secret listed twice", "alerts:\n  webhooks:\n    - {url: https://h.example/x, secret_env: [A, A]}\n",
			"alerts.webhooks[0].secret_env[1]: A is listed twice"},
		{"empty secret list", "alerts:\n  webhooks:\n    - {url: https://h.example/x, secret_env: []}\n",
			"alerts.webhooks[0].secret_env: is required"},
		{"duplicate names", "alerts:\n  webhooks:\n    - {name: x, url: https://h.example/x, secret_env: A}\n  chat:\n    - {name: x, type: slack, url_env: S}\n",
			"alerts.chat[0].name: \"x\" is also the name of alerts.webhooks[0].name"},
		{"reserved name", "alerts:\n  webhooks:\n    - {name: email, url: https://h.example/x, secret_env: A}\n",
			"alerts.webhooks[0].name: \"email\""},
		{"chat type", "alerts:\n  chat:\n    - {type: irc, url_env: S}\n",
			"cfg.yaml:3: alerts.chat[0].type: \"irc\" is not one of slack, teams, discord, ntfy, gotify, telegram"},
		{"chat without url", "alerts:\n  chat:\n    - {type: slack}\n",
			"alerts.chat[0].url_env: is required (or url)"},
		{"chat with both", "alerts:\n  chat:\n    - {type: slack, url: https://hooks.slack.com/x, url_env: S}\n",
			"alerts.chat[0].url: give url or url_env, not both"},
		{"chat url not http", "alerts:\n  chat:\n    - {type: ntfy, url: ntfy.sh/topic}\n",
			"alerts.chat[0].url:"},
		{"web base url", "web:\n  base_url: tracker.example.org\n",
			"cfg.yaml:2: web.base_url: \"tracker.example.org\" must be an http:// or https:// URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml+alertsVendor), "cfg.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
