package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

const hookPath = "/api/webhooks/123456789012345678/SECRETTOKENsecrettoken"

func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	r.Status = 204
	n, err := New(chat.Config{URL: r.URL + hookPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Path != hookPath {
		t.Fatalf("request %+v", got)
	}
	var m struct {
		Username        string `json:"username"`
		Content         string `json:"content"`
		AllowedMentions struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		Embeds []struct {
			Title       string `json:"title"`
			URL         string `json:"url"`
			Description string `json:"description"`
			Color       int    `json:"color"`
			Timestamp   string `json:"timestamp"`
			Fields      []struct {
				Name   string `json:"name"`
				Value  string `json:"value"`
				Inline bool   `json:"inline"`
			} `json:"fields"`
		} `json:"embeds"`
	}
	dec := json.NewDecoder(strings.NewReader(string(got[0].Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body: %v\n%s", err, got[0].Body)
	}
	if m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 || !strings.Contains(string(got[0].Body), `"allowed_mentions":{"parse":[]}`) {
		t.Errorf("mentions are not switched off: %s", got[0].Body)
	}
	if len(m.Embeds) != 1 {
		t.Fatalf("%d embeds", len(m.Embeds))
	}
	e := m.Embeds[0]
	if e.URL != "https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13" || e.Color != 0xB42318 || e.Timestamp != "2026-03-02T06:00:04Z" {
		t.Errorf("embed %+v", e)
	}
	if len(e.Fields) != 4 || e.Fields[0].Name != "Vendor" || e.Fields[0].Value != `Acme <!channel> \*Corp\*` || e.Fields[2].Value != "HIGH" {
		t.Errorf("fields %+v", e.Fields)
	}
	lines := strings.Split(e.Description, "\n")
	if len(lines) != 5 || !strings.Contains(lines[1], "**HIGH** Added in Sharing: We may sell your personal information to data brokers.") || lines[4] != "2 more changes (2 low)" {
		t.Errorf("description:\n%s", e.Description)
	}
	if len(e.Title) > maxTitle || len(e.Description) > maxDescription {
		t.Error("over Discord's limits")
	}
}

func TestLowLinkInTextEscaped(t *testing.T) {
	m := chattest.Message()
	m.Data.Changes = m.Data.Changes[3:] // the low ones, one with a Markdown link
	b := payload(chat.NewBrief(m))
	if d := b.Embeds[0].Description; strings.Contains(d, "[us](http") || !strings.Contains(d, `\[us\](http://evil.example)`) {
		t.Errorf("a page's Markdown link survives: %s", d)
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, hookPath, func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
