package gotify

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/notify"
	"github.com/tracker-dev/tracker/notify/chat"
	"github.com/tracker-dev/tracker/notify/chat/chattest"
)

func TestSendShape(t *testing.T) {
	r := chattest.Start(t)
	n, err := New(chat.Config{URL: r.URL + "/message?token=AppTokenSECRET"})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Send(t.Context(), chattest.Message()); err != nil {
		t.Fatal(err)
	}
	got := r.Requests()
	if len(got) != 1 || got[0].Path != "/message" || got[0].RawQuery != "" || got[0].Header.Get("X-Gotify-Key") != "AppTokenSECRET" {
		t.Fatalf("request %+v", got)
	}
	var m struct {
		Title    string `json:"title"`
		Message  string `json:"message"`
		Priority int    `json:"priority"`
		Extras   struct {
			Display struct {
				ContentType string `json:"contentType"`
			} `json:"client::display"`
			Notification struct {
				Click struct {
					URL string `json:"url"`
				} `json:"click"`
			} `json:"client::notification"`
		} `json:"extras"`
	}
	dec := json.NewDecoder(strings.NewReader(string(got[0].Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body: %v\n%s", err, got[0].Body)
	}
	if m.Priority != 8 || m.Extras.Display.ContentType != "text/markdown" ||
		m.Extras.Notification.Click.URL != "https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13" {
		t.Errorf("message %+v", m)
	}
	if !strings.Contains(m.Message, "**HIGH** Added in Sharing: We may sell your personal information to data brokers.") ||
		!strings.Contains(m.Message, "[Full diff](https://tracker.example.org/vendors/acme/privacy/diff?from=12&to=13)") {
		t.Errorf("message text:\n%s", m.Message)
	}
}

func TestPageMarkdownEscaped(t *testing.T) {
	m := chattest.Message()
	m.Data.Changes = m.Data.Changes[3:] // the low ones, one with a Markdown link
	if text := payload(chat.NewBrief(m)).Message; !strings.Contains(text, `\[us\](http://evil.example)`) {
		t.Errorf("a page's Markdown link survives:\n%s", text)
	}
}

func TestURLChecks(t *testing.T) {
	for _, u := range []string{"https://gotify.example/message", "https://gotify.example/other?token=x"} {
		if _, err := New(chat.Config{URL: u}); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestAnswers(t *testing.T) {
	chattest.CheckAnswers(t, "/message?token=AppTokenSECRET", func(url string) (notify.Notifier, error) { return New(chat.Config{URL: url}) })
}
